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
};

// What the room looked up for the act beforehand.
struct ActContext {
  const CaseState& state;
  const Identity& actor;
  bool actor_in_main = false;  // an advisor brought into the joint room
  // A participant of this room by id (nullopt if none).
  std::function<std::optional<Identity>(const std::string&)> participant;
  const NoticeTemplates* notices = nullptr;
  // For mediator.add: the participant of this room the added mediator account is (made if
  // needed), with their organisation.
  std::optional<Identity> added_mediator;
  std::string added_mediator_org;
};

std::variant<PlannedEvent, ActRefusal> plan_act(const ActRequest& request,
                                                const ActContext& context);

// Keeps the first four and the last four characters of a document number (fewer for a short
// one) and masks the rest with '*': "330102199001011234" -> "3301**********1234".
std::string mask_document(const std::string& number);

// SHA-256 (hex) of the canonical JSON {entry, kind, side, text, version} of a record entry.
std::string transcript_entry_sha256(const std::string& entry, int version, const std::string& kind,
                                    const std::optional<std::string>& side,
                                    const std::string& text);

}  // namespace mr::room
