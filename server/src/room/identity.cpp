#include "room/identity.hpp"

namespace mr::room {

std::string_view to_string(Role role) {
  switch (role) {
    case Role::mediator:
      return "mediator";
    case Role::party:
      return "party";
    case Role::advisor:
      return "advisor";
    case Role::observer:
      return "observer";
  }
  return "observer";
}

std::string_view to_string(Side side) { return side == Side::A ? "A" : "B"; }

std::optional<Role> parse_role(std::string_view text) {
  for (auto r : {Role::mediator, Role::party, Role::advisor, Role::observer})
    if (to_string(r) == text) return r;
  return std::nullopt;
}

std::optional<Side> parse_side(std::string_view text) {
  if (text == "A") return Side::A;
  if (text == "B") return Side::B;
  return std::nullopt;
}

Identity identity_of(const store::Participant& p) {
  Identity who{p.id, p.name, parse_role(p.role).value_or(Role::observer), std::nullopt};
  if (p.side) who.side = parse_side(*p.side);
  return who;
}

nlohmann::json to_json(const Identity& who) {
  return {{"id", who.participant},
          {"name", who.name},
          {"role", to_string(who.role)},
          {"side", who.side ? nlohmann::json(to_string(*who.side)) : nlohmann::json(nullptr)}};
}

}  // namespace mr::room
