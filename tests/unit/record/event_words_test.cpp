// record/event_words: every event kind of the record is said in words in record.html, never as
// its raw JSON or its kind's name, and what a body holds is escaped.
#include "record/event_words.hpp"

#include <gtest/gtest.h>

#include "record/event_kind.hpp"

namespace mr::record {
namespace {

TEST(EventWords, EveryKindIsSaidInWordsWithoutItsJson) {
  const nlohmann::json body = {{"phase", {{"from", "mediation"}, {"to", "agreed"}}},
                               {"participant", {{"name", "赵律师"}, {"role", "advisor"}}},
                               {"version", 2},
                               {"reason", "双方同意"}};
  int said = 0;
  for (int k = 0; k <= int(EventKind::agreement_sealed); ++k) {
    const auto kind = std::string(to_string(EventKind(k)));
    const auto words = describe_event(kind, body);
    EXPECT_EQ(words.find('{'), std::string::npos) << kind << ": " << words;
    EXPECT_EQ(words.find(kind), std::string::npos) << kind << ": " << words;
    EXPECT_FALSE(words.empty()) << kind;
    ++said;
  }
  EXPECT_EQ(said, 32);
}

TEST(EventWords, APhaseMoveIsNamedInChineseAndTextIsEscaped) {
  const auto moved =
      describe_event("phase.changed", {{"phase", {{"from", "agreed"}, {"to", "confirmation"}}}});
  EXPECT_NE(moved.find("达成协议 → 司法确认"), std::string::npos) << moved;
  const auto said = describe_event("legal.explained", {{"law", "<script>"}, {"article", "第29条"},
                                                       {"explanation", "a & b"}});
  EXPECT_EQ(said.find("<script>"), std::string::npos) << said;
  EXPECT_NE(said.find("&lt;script&gt;"), std::string::npos) << said;
  EXPECT_NE(said.find("a &amp; b"), std::string::npos) << said;
}

TEST(EventWords, AnIdentityCheckSaysHowInWords) {
  const auto said = describe_event("identity.checked",
                                   {{"method", "id_card_video"}, {"document", "3301****1234"}});
  EXPECT_NE(said.find("视频核对身份证件"), std::string::npos) << said;
  EXPECT_EQ(said.find("id_card_video"), std::string::npos) << said;
  EXPECT_EQ(identity_method_name("in_person"), "当面核验");
  EXPECT_EQ(identity_method_name("zhelibang"), "浙里办实名认证");
  EXPECT_EQ(identity_method_name("unheard_of"), "unheard_of");
}

}  // namespace
}  // namespace mr::record
