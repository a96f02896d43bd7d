#include "protocol/objects.hpp"

namespace mr::protocol {
using json = nlohmann::json;

namespace {
json optional_json(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
}  // namespace

json room_json(const store::RoomRow& room) {
  return {{"id", room.id},       {"title", room.title},
          {"field", room.field}, {"created_at", room.created_ms},
          {"epoch", room.epoch}, {"created_by", room.created_by}};
}

json participant_json(const store::Participant& p) {
  return {{"id", p.id}, {"role", p.role}, {"side", optional_json(p.side)}, {"name", p.name}};
}

json mediator_json(const store::Mediator& m) {
  return {{"id", m.id}, {"name", m.name}, {"org", m.org}, {"login", m.login}};
}

json mediator_card(const store::Mediator& m) { return {{"name", m.name}, {"org", m.org}}; }

json invite_json(const store::Invite& i, const store::Participant& p) {
  return {{"id", i.id},
          {"participant", p.id},
          {"role", p.role},
          {"side", optional_json(p.side)},
          {"name", p.name},
          {"created_at", i.created_ms},
          {"expires_at", i.expires_ms},
          {"revoked_at", i.revoked_ms ? json(*i.revoked_ms) : json(nullptr)}};
}

}  // namespace mr::protocol
