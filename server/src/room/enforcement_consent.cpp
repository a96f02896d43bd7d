#include "room/enforcement_consent.hpp"

#include <set>

#include "record/signing_statement.hpp"
#include "room/calendar.hpp"
#include "room/refusal_codes.hpp"
#include "room/signed_act.hpp"

namespace mr::room {
namespace {

using nlohmann::json;

ActRefusal procedure(std::string rule, std::string message) {
  return {kProcedure, std::move(rule), std::move(message)};
}

std::string str(const json& j, const char* key) {
  auto it = j.is_object() ? j.find(key) : j.end();
  return j.is_object() && it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::set<std::string> named_participants(const json& draft) {
  std::set<std::string> out;
  for (const auto& p : draft.value("parties", json::array())) {
    const auto who = str(p, "participant");
    if (!who.empty()) out.insert(who);
  }
  return out;
}

}  // namespace

const json* draft_item(const json& draft, const std::string& id) {
  if (!draft.is_object() || !draft.contains("items") || !draft["items"].is_array()) return nullptr;
  for (const auto& i : draft["items"])
    if (str(i, "id") == id) return &i;
  return nullptr;
}

std::optional<std::string> incomplete_payment_terms(const json& draft, const json& payment) {
  if (!payment.is_object()) return "the item is not a payment obligation";
  const auto kind = str(payment, "kind");
  if (kind != "money" && kind != "goods" && kind != "securities")
    return "the obligation is not a debt of money, goods or securities";
  if (str(payment, "amount").empty()) return "the payment's amount is not given";
  if (!parse_day(str(payment, "due"))) return "the payment's due day is not given";
  const auto parties = named_participants(draft);
  const auto debtor = str(payment, "debtor"), creditor = str(payment, "creditor");
  if (debtor.empty() || !parties.count(debtor))
    return "the debtor is not a party the agreement names";
  if (creditor.empty() || !parties.count(creditor))
    return "the creditor is not a party the agreement names";
  if (debtor == creditor) return "the debtor and the creditor are the same party";
  return std::nullopt;
}

std::optional<ActRefusal> payment_parties_refusal(const json& draft) {
  const auto parties = named_participants(draft);
  for (const auto& i : draft.value("items", json::array())) {
    if (!i.contains("payment")) continue;
    const auto& p = i["payment"];
    for (const char* who : {"debtor", "creditor"})
      if (p.contains(who) && p[who].is_string() && !parties.count(p[who].get<std::string>()))
        return procedure("payment_party", std::string("item ") + str(i, "id") + "'s " + who +
                                              " is no party the draft names as a signer");
    if (!str(p, "debtor").empty() && str(p, "debtor") == str(p, "creditor"))
      return procedure("payment_party",
                       "item " + str(i, "id") + " names one party as debtor and creditor");
  }
  return std::nullopt;
}

std::variant<PlannedEvent, ActRefusal> plan_enforcement_consent(const ActRequest& r,
                                                                const ActContext& c) {
  const auto& s = c.state;
  const auto& a = r.args;
  const auto* latest = s.latest_draft();
  if (!latest || latest->version != a.value("version", 0) ||
      latest->sha256 != str(a, "draft_sha256"))
    return ActRefusal{kStale, "", "only the latest version of the agreement: read it again"};
  const auto id = str(a, "item");
  const auto* item = draft_item(latest->draft, id);
  if (!item) return procedure("no_such_item", "that version has no such item");
  if (!item->contains("payment"))
    return procedure("not_payment",
                     "only an item that is a payment obligation (a debt of money, goods or "
                     "securities) can carry a consent to enforcement (公证法 art. 37)");
  const auto& payment = (*item)["payment"];
  if (auto why = incomplete_payment_terms(latest->draft, payment))
    return procedure("terms_incomplete",
                     "the item's terms are not clear enough for "
                     "enforcement (公证法 art. 37): " +
                         *why);
  const auto& me = c.actor.participant;
  if (str(payment, "debtor") != me)
    return procedure("not_debtor", "only the debtor the item names consents to its enforcement");
  if (s.enforcement_consents(latest->version).count(id))
    return procedure("already_consented", "you have consented for this item");
  const auto checked = check_signing(a, c);
  if (auto* refused = std::get_if<ActRefusal>(&checked)) return *refused;
  const auto& signing = std::get<SigningContext>(checked);
  const auto statement = record::enforcement_consent_statement_bytes(
      {c.room, latest->version, latest->sha256, id, payment, me, signing.record_size,
       signing.record_root, signing.time});
  if (auto refused = check_signature(signing, statement, a, "enforcement consent statement"))
    return *refused;
  json body = {{"version", latest->version},
               {"draft_sha256", latest->sha256},
               {"item", id},
               {"payment", payment},
               {"signer", me},
               {"role", "party"}};
  add_signature_members(body, signing, a);
  return PlannedEvent{record::EventKind::enforcement_consented, std::move(body)};
}

}  // namespace mr::room
