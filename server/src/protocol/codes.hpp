#pragma once
// Error codes of `error` frames (PROTOCOL.md §4); the close codes are net::CloseCode.
#include <cstdint>
#include <string_view>

#include "net/close_code.hpp"
#include "room/refusal_codes.hpp"

namespace mr::protocol {

using net::CloseCode;

inline constexpr std::string_view kBadJson = "bad_json";
inline constexpr std::string_view kBadFrame = "bad_frame";
inline constexpr std::string_view kUnknownType = "unknown_type";
inline constexpr std::string_view kNotReady = "not_ready";
using room::kForbiddenChannel;
inline constexpr std::string_view kUnknownChannel = "unknown_channel";
inline constexpr std::string_view kTextTooLong = "text_too_long";
inline constexpr std::string_view kEmptyText = "empty_text";
inline constexpr std::string_view kRateLimited = "rate_limited";
using room::kForbidden;
using room::kOutOfRange;
using room::kUnavailable;
using room::kUnchanged;
using room::kUnknownParticipant;

inline constexpr std::size_t kMaxTextChars = 4000;
inline constexpr std::size_t kMaxClientIdBytes = 64;

}  // namespace mr::protocol
