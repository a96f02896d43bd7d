#pragma once
// Case administration shared by the CLI and the HTTPS console: mediator accounts, opening a
// case room, invites. Validates its input and answers with a Refusal rather than throwing.
// Thread-safety: as the Catalog (any thread).
#include <cstdint>
#include <string>
#include <vector>

#include "room/outcome.hpp"
#include "room/policy.hpp"
#include "store/catalog.hpp"

namespace mr::room {

// The case fields of DESIGN §2, in display order.
const std::vector<std::string>& case_fields();

struct PartyName {
  Side side;
  std::string name;
};

struct NewInvite {
  store::Invite invite;
  store::Participant participant;
  std::string token;  // shown once; only its hash is stored
};

inline constexpr std::int64_t kDefaultInviteHours = 168;
inline constexpr std::int64_t kMaxInviteHours = 24 * 90;

Outcome<store::Mediator> add_mediator(store::Catalog& catalog, const std::string& login,
                                      const std::string& name, const std::string& org,
                                      const std::string& password);

Outcome<store::RoomRow> create_room(store::Catalog& catalog, const store::Mediator& mediator,
                                    const std::string& title, const std::string& field,
                                    const std::vector<PartyName>& parties);

Outcome<NewInvite> create_invite(store::Catalog& catalog, const std::string& room,
                                 const std::string& role, const std::string& side,
                                 const std::string& name, std::int64_t ttl_hours);

// The hash under which a secret token is stored (invites and sessions).
std::string token_hash(const std::string& token);

}  // namespace mr::room
