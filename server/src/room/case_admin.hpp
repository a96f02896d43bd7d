#pragma once
// Case administration shared by the CLI and the HTTPS console: mediator accounts, opening a
// case room, invites. Validates its input and answers with a Refusal rather than throwing.
// Thread-safety: as the store (any thread).
#include <cstdint>
#include <string>
#include <vector>

#include "room/outcome.hpp"
#include "room/policy.hpp"
#include "store/store.hpp"

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
// Lengths in characters (Unicode code points), as a schema's maxLength counts them.
inline constexpr std::size_t kMaxNameChars = 200;
inline constexpr std::size_t kMaxTitleChars = 300;
inline constexpr std::size_t kMaxDocumentNameChars = 255;
inline constexpr std::size_t kMaxParties = 20;

Outcome<store::Mediator> add_mediator(store::Store& store, const std::string& login,
                                      const std::string& name, const std::string& org,
                                      const std::string& password);

Outcome<store::RoomRow> create_room(store::Store& store, const store::Mediator& mediator,
                                    const std::string& title, const std::string& field,
                                    const std::vector<PartyName>& parties);

Outcome<NewInvite> create_invite(store::Store& store, const std::string& room,
                                 const std::string& role, const std::string& side,
                                 const std::string& name, std::int64_t ttl_hours);

// The hash under which a secret token is stored (invites and sessions).
std::string token_hash(const std::string& token);

// A display name or title: 1..max_chars characters (code points) of valid UTF-8, none of them a
// control character (U+0000-U+001F, U+007F), as common.schema.json#/$defs/name says.
std::optional<Refusal> check_text(const std::string& what, const std::string& value,
                                  std::size_t max_chars);

// The refusal for a store that failed (code `unavailable`, HTTP 503).
Refusal store_refusal(std::error_code ec);

}  // namespace mr::room
