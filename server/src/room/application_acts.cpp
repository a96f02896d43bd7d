#include "room/application_acts.hpp"

#include <algorithm>

#include "crypto/ecdsa_p256.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"
#include "record/signing_statement.hpp"
#include "room/confirmation_rules.hpp"
#include "room/refusal_codes.hpp"
#include "room/signed_act.hpp"

namespace mr::room {
namespace {

using nlohmann::json;
using Result = std::variant<PlannedEvent, ActRefusal>;

ActRefusal procedure(std::string rule, std::string message) {
  return {kProcedure, std::move(rule), std::move(message)};
}

std::string str(const json& args, const char* key) {
  auto it = args.find(key);
  return it != args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Result plan_application_prepare(const ActRequest& r, const ActContext& c) {
  const auto& s = c.state;
  // What a court does not confirm is refused first, whatever else is missing.
  if (auto refusal = confirmation_refusal(s, r.args.value("confirms_ownership", false)))
    return procedure(refusal->rule, refusal->message + " " + refusal->alternatives);
  if (!s.seal())
    return procedure("not_concluded",
                     "the application is made once the agreement is concluded and sealed");
  const ApplicationChoice choice{str(r.args, "basis"), str(r.args, "court"),
                                 str(r.args, "request")};
  if (!basis_words(choice.basis))
    return ActRefusal{kBadArgs, "", "basis is none of 民诉法 art. 205's"};
  auto application = build_application(s, c.room, choice);
  if (!application) return procedure("not_concluded", "no sealed agreement to apply for");
  const auto sha = crypto::sha256_hex(record::to_canonical(*application));
  const auto* latest = s.latest_application();
  if (latest && latest->sha256 == sha)
    return ActRefusal{kUnchanged, "", "the application is already prepared as asked"};
  return PlannedEvent{record::EventKind::application_prepared,
                      {{"version", latest ? latest->version + 1 : 1},
                       {"sha256", sha},
                       {"court", choice.court},
                       {"basis", choice.basis},
                       {"application", *application}}};
}

Result plan_application_confirm(const ActRequest& r, const ActContext& c) {
  const auto& s = c.state;
  const auto& a = r.args;
  const auto* latest = s.latest_application();
  if (!latest) return procedure("no_application", "the mediator has not prepared the application");
  if (latest->version != a.value("version", 0) || latest->sha256 != str(a, "application_sha256"))
    return ActRefusal{kStale, "", "only the latest application is confirmed: read it again"};
  const auto& me = c.actor.participant;
  const auto parties = named_parties(s, s.sealed_version().value_or(0));
  if (std::find(parties.begin(), parties.end(), me) == parties.end())
    return procedure("not_a_signer", "the agreement does not name you as a party");
  if (s.application_confirmations(latest->version).count(me))
    return procedure("already_confirmed", "you have confirmed this application");
  const auto checked = check_signing(a, c);
  if (auto* refused = std::get_if<ActRefusal>(&checked)) return *refused;
  const auto& signing = std::get<SigningContext>(checked);
  const auto statement =
      record::application_statement_bytes({c.room, latest->version, latest->sha256, me,
                                           signing.record_size, signing.record_root, signing.time});
  if (auto refused = check_signature(signing, statement, a, "application statement"))
    return *refused;
  json body = {{"version", latest->version},
               {"application_sha256", latest->sha256},
               {"signer", me},
               {"role", "party"}};
  add_signature_members(body, signing, a);
  return PlannedEvent{record::EventKind::application_confirmed, std::move(body)};
}

}  // namespace mr::room
