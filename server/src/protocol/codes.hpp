#pragma once
// Error codes of `error` frames and WebSocket close codes (PROTOCOL.md §4).
#include <cstdint>
#include <string_view>

#include "room/refusal_codes.hpp"

namespace mr::protocol {

enum class CloseCode : std::uint16_t {
  normal = 1000,
  going_away = 1001,
  store_unavailable = 1011,
  session_ended = 4001,
  too_slow = 4003,
  hello_timeout = 4005,
  rate_abuse = 4008,
  binary_unsupported = 4009,
};

inline constexpr std::string_view kBadJson = "bad_json";
inline constexpr std::string_view kBadFrame = "bad_frame";
inline constexpr std::string_view kUnknownType = "unknown_type";
inline constexpr std::string_view kNotReady = "not_ready";
using room::kForbiddenChannel;
inline constexpr std::string_view kUnknownChannel = "unknown_channel";
inline constexpr std::string_view kTextTooLong = "text_too_long";
inline constexpr std::string_view kEmptyText = "empty_text";
inline constexpr std::string_view kRateLimited = "rate_limited";
using room::kOutOfRange;
using room::kForbidden;
using room::kUnknownParticipant;
using room::kUnchanged;
inline constexpr std::string_view kUnavailable = "unavailable";

inline constexpr std::size_t kMaxTextChars = 4000;
inline constexpr std::size_t kMaxClientIdBytes = 64;

}  // namespace mr::protocol
