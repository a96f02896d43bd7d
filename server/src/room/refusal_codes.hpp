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
inline constexpr std::string_view kWrongPhase = "wrong_phase";
inline constexpr std::string_view kProcedure = "procedure";
inline constexpr std::string_view kIdentityUnchecked = "identity_unchecked";
inline constexpr std::string_view kStale = "stale";
inline constexpr std::string_view kCaseClosed = "case_closed";
inline constexpr std::string_view kBadArgs = "bad_frame";

// What a sender is told when the store refuses to record their request.
inline constexpr const char* kStoreRefused =
    "the store cannot record this now; nothing was recorded, try again later";

}  // namespace mr::room
