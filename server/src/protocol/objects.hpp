#pragma once
// The JSON shapes of the objects the HTTP API and the frames share (PROTOCOL.md §2 "Objects"):
// Room, Participant, Invite, Mediator. Pure functions, thread-safe.
#include <nlohmann/json.hpp>

#include "room/identity.hpp"
#include "store/records.hpp"

namespace mr::protocol {

nlohmann::json room_json(const store::RoomRow& room);
nlohmann::json participant_json(const store::Participant& participant);
nlohmann::json mediator_json(const store::Mediator& mediator);
// The mediator as a party sees them: name and organisation only.
nlohmann::json mediator_card(const store::Mediator& mediator);
nlohmann::json invite_json(const store::Invite& invite, const store::Participant& participant);
inline nlohmann::json identity_json(const room::Identity& who) { return room::to_json(who); }

}  // namespace mr::protocol
