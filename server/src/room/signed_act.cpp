#include "room/signed_act.hpp"

#include "crypto/ecdsa_p256.hpp"
#include "crypto/encoding.hpp"
#include "room/refusal_codes.hpp"

namespace mr::room {
namespace {

using nlohmann::json;

ActRefusal procedure(std::string rule, std::string message) {
  return {kProcedure, std::move(rule), std::move(message)};
}

std::string str(const json& args, const char* key) {
  auto it = args.find(key);
  return it != args.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

std::variant<SigningContext, ActRefusal> check_signing(const json& args, const ActContext& c) {
  SigningContext s;
  s.key = c.state.key(str(args, "key"));
  if (!s.key || s.key->participant != c.actor.participant)
    return procedure("key_unknown", "that key is not yours");
  if (s.key->revoked) return procedure("key_revoked", "that key was revoked");
  s.record_size = args.value("record_size", std::int64_t(0));
  const auto root = c.root_at ? c.root_at(s.record_size) : std::nullopt;
  if (!root || *root != str(args, "record_root"))
    return procedure("bad_root",
                     "record_root is not the root of this room's record at record_size");
  s.record_root = *root;
  s.time = args.value("time", std::int64_t(0));
  if (s.time < c.now_ms - kSignatureClockSkewMs || s.time > c.now_ms + kSignatureClockSkewMs)
    return procedure("clock", "the signing time is more than 10 minutes from the server's");
  return s;
}

std::optional<ActRefusal> check_signature(const SigningContext& s, const std::string& statement,
                                          const json& args, const std::string& over) {
  const auto der = crypto::from_base64(s.key->public_key);
  const auto public_key = der ? crypto::EcdsaP256PublicKey::from_spki_der(*der) : std::nullopt;
  const auto signature = crypto::from_base64(str(args, "signature"));
  if (!public_key || !signature || !public_key->verify(statement, *signature))
    return procedure("bad_signature", "the signature does not verify over the " + over);
  return std::nullopt;
}

void add_signature_members(json& body, const SigningContext& s, const json& args) {
  body["key"] = s.key->fingerprint;
  body["record_size"] = s.record_size;
  body["record_root"] = s.record_root;
  body["time"] = s.time;
  body["signature"] = str(args, "signature");
}

}  // namespace mr::room
