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

bool share_a_channel(const Identity& a, bool a_in_main, const Identity& b, bool b_in_main) {
  for (auto c : kAllChannels)
    if (allowed(a, Access::read, c, a_in_main) && allowed(b, Access::read, c, b_in_main))
      return true;
  return false;
}

bool knows_of(const Identity& viewer, const Identity& person, bool person_ever_in_main) {
  if (viewer.role == Role::mediator || person.role == Role::mediator ||
      person.role == Role::party || viewer.participant == person.participant)
    return true;
  if (person.role == Role::advisor) return viewer.role == Role::advisor || person_ever_in_main;
  // person is an observer
  return viewer.role != Role::advisor;
}

Channel home_channel(Role role, bool in_main) {
  return role == Role::advisor && !in_main ? Channel::consult : Channel::main;
}

std::string_view to_string(Channel channel) {
  switch (channel) {
    case Channel::main:
      return "main";
    case Channel::caucus_a:
      return "caucus:A";
    case Channel::caucus_b:
      return "caucus:B";
    case Channel::consult:
      return "consult";
  }
  return "main";
}

std::optional<Channel> parse_channel(std::string_view text) {
  for (auto c : kAllChannels)
    if (to_string(c) == text) return c;
  return std::nullopt;
}

}  // namespace mr::room
