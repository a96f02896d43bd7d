#include "room/application_acts.hpp"

#include <algorithm>

#include "crypto/ecdsa_p256.hpp"
#include "crypto/encoding.hpp"
#include "crypto/sha256.hpp"
#include "record/canonical_json.hpp"
#include "record/signing_statement.hpp"
#include "room/confirmation_rules.hpp"
#include "room/refusal_codes.hpp"

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
  const auto* key = s.key(str(a, "key"));
  if (!key || key->participant != me) return procedure("key_unknown", "that key is not yours");
  if (key->revoked) return procedure("key_revoked", "that key was revoked");
  const std::int64_t size = a.value("record_size", std::int64_t(0));
  const auto root = c.root_at ? c.root_at(size) : std::nullopt;
  if (!root || *root != str(a, "record_root"))
    return procedure("bad_root",
                     "record_root is not the root of this room's record at record_size");
  const std::int64_t time = a.value("time", std::int64_t(0));
  if (time < c.now_ms - kSignatureClockSkewMs || time > c.now_ms + kSignatureClockSkewMs)
    return procedure("clock", "the signing time is more than 10 minutes from the server's");
  const auto statement = record::application_statement_bytes(
      {c.room, latest->version, latest->sha256, me, size, *root, time});
  const auto der = crypto::from_base64(key->public_key);
  const auto public_key = der ? crypto::EcdsaP256PublicKey::from_spki_der(*der) : std::nullopt;
  const auto signature = crypto::from_base64(str(a, "signature"));
  if (!public_key || !signature || !public_key->verify(statement, *signature))
    return procedure("bad_signature",
                     "the signature does not verify over the application statement");
  return PlannedEvent{record::EventKind::application_confirmed,
                      {{"version", latest->version},
                       {"application_sha256", latest->sha256},
                       {"signer", me},
                       {"role", "party"},
                       {"key", key->fingerprint},
                       {"record_size", size},
                       {"record_root", *root},
                       {"time", time},
                       {"signature", str(a, "signature")}}};
}

}  // namespace mr::room
