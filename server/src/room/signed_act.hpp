#pragma once
// What every act that carries a participant's signature checks alike (PROTOCOL.md §7): the key is
// the signer's own and not revoked, the record root is this room's at the size named, the time is
// near the server's; then the ECDSA signature over the statement built from them, and the members
// its event records. agreement.sign and application.confirm differ only in their statement.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "room/acts.hpp"

namespace mr::room {

struct SigningContext {
  const SigningKey* key = nullptr;
  std::int64_t record_size = 0;
  std::string record_root;
  std::int64_t time = 0;
};

// The refusal, or what the statement is to be built from.
std::variant<SigningContext, ActRefusal> check_signing(const nlohmann::json& args,
                                                       const ActContext& c);

// A bad_signature refusal unless args' signature verifies over `statement` with the key.
std::optional<ActRefusal> check_signature(const SigningContext& s, const std::string& statement,
                                          const nlohmann::json& args, const std::string& over);

// The body members the signed event records about its signature.
void add_signature_members(nlohmann::json& body, const SigningContext& s,
                           const nlohmann::json& args);

}  // namespace mr::room
