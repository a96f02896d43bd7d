#pragma once
// Codes of the refusals the room itself makes; the protocol sends them as `error` frames
// (PROTOCOL.md §4, protocol/codes.hpp lists them all).
#include <string_view>

namespace mr::room {

inline constexpr std::string_view kForbiddenChannel = "forbidden_channel";
inline constexpr std::string_view kOutOfRange = "out_of_range";
inline constexpr std::string_view kForbidden = "forbidden";
inline constexpr std::string_view kUnknownParticipant = "unknown_participant";
inline constexpr std::string_view kUnchanged = "unchanged";
inline constexpr std::string_view kUnavailable = "unavailable";

}  // namespace mr::room
