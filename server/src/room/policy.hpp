#pragma once
// Who may read and write which channel: the one table the whole server consults
// (DESIGN §3). The client's claims are never trusted; every frame is checked here.
// Pure functions, thread-safe.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "room/identity.hpp"

namespace mr::room {

enum class Channel { main, caucus_a, caucus_b, consult };
enum class Access { read, write };

inline constexpr Channel kAllChannels[] = {Channel::main, Channel::caucus_a, Channel::caucus_b,
                                           Channel::consult};

// `in_main`: an advisor a mediator has brought into the joint room (DESIGN §3) also reads and
// writes `main` until sent out again; it means nothing for other roles.
bool allowed(const Identity& who, Access access, Channel channel, bool in_main = false);
std::vector<Channel> channels(const Identity& who, Access access, bool in_main = false);

// Whether two people may both read some channel now (`*_in_main`: an advisor brought into the
// joint room): then each is shown to the other as present.
bool share_a_channel(const Identity& a, bool a_in_main, const Identity& b, bool b_in_main);

// Whether `viewer` is told of `person` at all (the room's directory of names): the mediators know
// everyone, and everyone knows the mediators and the parties; advisors and observers know of each
// other only once the advisor has been in the joint room (before, they share nothing).
bool knows_of(const Identity& viewer, const Identity& person, bool person_ever_in_main);

// The channel where a person's arrival and departure are recorded and their presence shown:
// advisors are only known to the mediators (consult) until brought into the joint room.
Channel home_channel(Role role, bool in_main = false);

std::string_view to_string(Channel channel);
std::optional<Channel> parse_channel(std::string_view text);

}  // namespace mr::room
