#pragma once
// The steps of the procedure (PROTOCOL.md §6) as a pure function: given the case as its log
// says, who asks and what they ask, the event to record, or the refusal naming the rule. The room
// does the rest (lookups before, the append after), so every rule is tested here without a room.
// Pure, thread-safe.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>

#include "record/event_kind.hpp"
#include "room/case_state.hpp"
#include "room/notice.hpp"
#include "room/permissions.hpp"

namespace mr::room {

struct ActRequest {
  Action action = Action::phase_advance;
  std::string client_id;
  nlohmann::json args;  // already checked against the action's schema (protocol/)
};

struct ActRefusal {
  std::string_view code;  // refusal_codes.hpp
  std::string rule;       // for wrong_phase and procedure (PROTOCOL.md §6), else empty
  std::string message;    // English, for developers
};

struct PlannedEvent {
  record::EventKind kind;
  nlohmann::json body;
  // Set when the event moves the case to another phase: a checkpoint follows it at once.
  bool moves_phase = false;
  bool by_server = false;  // recorded with actor "server" (the organisation's seal)
};

// The organisation's seal as the room gets it: the key's description and its signature over the
// statement made for that key.
struct OrgSeal {
  std::string org, public_key, fingerprint;  // public_key: 32 raw bytes
  std::string signature;                     // 64 raw bytes
};
// Seals with `org`'s key the statement `statement(fingerprint)` makes; nullopt when the
// organisation has no key. Must be thread-safe.
using Sealer = std::function<std::optional<OrgSeal>(
    const std::string& org, const std::function<std::string(const std::string&)>& statement)>;

// What the room looked up for the act beforehand.
struct ActContext {
  const CaseState& state;
  const Identity& actor;
  bool actor_in_main = false;  // an advisor brought into the joint room
  // A participant of this room by id (nullopt if none).
  std::function<std::optional<Identity>(const std::string&)> participant = {};
  const NoticeTemplates* notices = nullptr;
  // For mediator.add: the participant of this room the added mediator account is (made if
  // needed), with their organisation.
  std::optional<Identity> added_mediator = {};
  std::string added_mediator_org = {};
  // For signatures and the seal: the room, the clock, the record's root at a size (hex; nullopt
  // for a size the log has not reached), its size now, and the organisation's seal.
  std::string room = {};
  std::int64_t now_ms = 0;
  std::function<std::optional<std::string>(std::int64_t size)> root_at = {};
  std::int64_t record_size = 0;
  Sealer sealer = {};
};

std::variant<PlannedEvent, ActRefusal> plan_act(const ActRequest& request,
                                                const ActContext& context);

// The organisation's seal on the latest version once every required signature is in
// (PROTOCOL.md §7), or why not yet.
std::variant<PlannedEvent, ActRefusal> plan_seal(const ActContext& context);

// A signer's browser may differ this much from the server's clock (ms).
inline constexpr std::int64_t kSignatureClockSkewMs = 10 * 60 * 1000;

// Keeps the first four and the last four characters of a document number (fewer for a short
// one) and masks the rest with '*': "330102199001011234" -> "3301**********1234".
std::string mask_document(const std::string& number);

// SHA-256 (hex) of the canonical JSON {entry, kind, side, text, version} of a record entry.
std::string transcript_entry_sha256(const std::string& entry, int version, const std::string& kind,
                                    const std::optional<std::string>& side,
                                    const std::string& text);

}  // namespace mr::room
