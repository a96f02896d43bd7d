// room/enforcement_consent: when a payment item's terms are clear enough for its debtor to consent
// to compulsory enforcement (公证法 art. 37), and which debtors and creditors a draft may name.
#include "room/enforcement_consent.hpp"

#include <gtest/gtest.h>

namespace mr::room {
namespace {

using nlohmann::json;

json draft_with(json payment) {
  return {
      {"parties",
       {{{"participant", "pA"}, {"side", "A"}},
        {{"participant", "pB"}, {"side", "B"}},
        {{"participant", nullptr}, {"side", "B"}}}},
      {"items",
       {{{"id", "i1"}, {"text", "付款"}, {"payment", payment}}, {{"id", "i2"}, {"text", "无"}}}}};
}

json complete() {
  return {{"kind", "money"},
          {"amount", "人民币24000元"},
          {"due", "2026-02-01"},
          {"debtor", "pB"},
          {"creditor", "pA"}};
}

TEST(EnforcementConsent, CompleteTermsNameAKindAnAmountADayAndTwoOfTheDraftsParties) {
  EXPECT_EQ(incomplete_payment_terms(draft_with(complete()), complete()), std::nullopt);
  auto with = [](const char* key, json value) {
    auto p = complete();
    p[key] = std::move(value);
    return incomplete_payment_terms(draft_with(p), p).value_or("");
  };
  EXPECT_NE(with("kind", "services").find("money, goods or securities"), std::string::npos);
  EXPECT_NE(with("amount", "").find("amount"), std::string::npos);
  EXPECT_NE(with("due", "").find("due day"), std::string::npos);
  EXPECT_NE(with("due", "2026-02-30").find("due day"), std::string::npos);
  EXPECT_NE(with("debtor", nullptr).find("debtor"), std::string::npos);
  EXPECT_NE(with("creditor", "pX").find("creditor"), std::string::npos);
  EXPECT_NE(with("creditor", "pB").find("same party"), std::string::npos);
  EXPECT_NE(
      incomplete_payment_terms(draft_with(complete()), json()).value_or("").find("not a payment"),
      std::string::npos);
}

TEST(EnforcementConsent, ADraftNamesOnlyItsOwnPartiesAsDebtorOrCreditor) {
  EXPECT_FALSE(payment_parties_refusal(draft_with(complete())));
  auto open = complete();
  open["debtor"] = nullptr;
  open["amount"] = "";
  EXPECT_FALSE(payment_parties_refusal(draft_with(open)));  // terms may stay open in a draft
  auto stranger = complete();
  stranger["creditor"] = "pMediator";
  const auto refused = payment_parties_refusal(draft_with(stranger));
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->rule, "payment_party");
  auto both = complete();
  both["creditor"] = "pB";
  EXPECT_TRUE(payment_parties_refusal(draft_with(both)));
  EXPECT_NE(draft_item(draft_with(complete()), "i2"), nullptr);
  EXPECT_EQ(draft_item(draft_with(complete()), "i9"), nullptr);
}

}  // namespace
}  // namespace mr::room
