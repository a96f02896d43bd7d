#pragma once
// Who may read and write which channel: the one table the whole server consults
// (DESIGN §3). The client's claims are never trusted; every frame is checked here.
// Pure functions, thread-safe.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace mr::room {

enum class Role { mediator, party, advisor, observer };
enum class Side { A, B };
enum class Channel { main, caucus_a, caucus_b, consult };
enum class Access { read, write };

inline constexpr Channel kAllChannels[] = {Channel::main, Channel::caucus_a, Channel::caucus_b,
                                           Channel::consult};

struct Identity {
  std::string participant;
  std::string name;
  Role role = Role::observer;
  std::optional<Side> side;  // parties only
};

// `in_main`: an advisor a mediator has brought into the joint room (DESIGN §3) also reads and
// writes `main` until sent out again; it means nothing for other roles.
bool allowed(const Identity& who, Access access, Channel channel, bool in_main = false);
std::vector<Channel> channels(const Identity& who, Access access, bool in_main = false);

// The channel where a person's arrival and departure are recorded and their presence shown:
// advisors are only known to the mediators (consult) until brought into the joint room.
Channel home_channel(Role role, bool in_main = false);

std::string_view to_string(Role role);
std::string_view to_string(Side side);
std::string_view to_string(Channel channel);
std::optional<Role> parse_role(std::string_view text);
std::optional<Side> parse_side(std::string_view text);
std::optional<Channel> parse_channel(std::string_view text);

}  // namespace mr::room
