#include "room/policy.hpp"

namespace mr::room {

bool allowed(const Identity& who, Access access, Channel channel, bool in_main) {
  switch (who.role) {
    case Role::mediator:
      return true;
    case Role::party:
      if (channel == Channel::main) return true;
      if (channel == Channel::caucus_a) return who.side == Side::A;
      if (channel == Channel::caucus_b) return who.side == Side::B;
      return false;
    case Role::advisor:
      return channel == Channel::consult || (in_main && channel == Channel::main);
    case Role::observer:
      return access == Access::read && channel == Channel::main;
  }
  return false;
}

std::vector<Channel> channels(const Identity& who, Access access, bool in_main) {
  std::vector<Channel> out;
  for (auto c : kAllChannels)
    if (allowed(who, access, c, in_main)) out.push_back(c);
  return out;
}

Channel home_channel(Role role, bool in_main) {
  return role == Role::advisor && !in_main ? Channel::consult : Channel::main;
}

std::string_view to_string(Role role) {
  switch (role) {
    case Role::mediator: return "mediator";
    case Role::party: return "party";
    case Role::advisor: return "advisor";
    case Role::observer: return "observer";
  }
  return "observer";
}

std::string_view to_string(Side side) { return side == Side::A ? "A" : "B"; }

std::string_view to_string(Channel channel) {
  switch (channel) {
    case Channel::main: return "main";
    case Channel::caucus_a: return "caucus:A";
    case Channel::caucus_b: return "caucus:B";
    case Channel::consult: return "consult";
  }
  return "main";
}

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

std::optional<Channel> parse_channel(std::string_view text) {
  for (auto c : kAllChannels)
    if (to_string(c) == text) return c;
  return std::nullopt;
}

}  // namespace mr::room
