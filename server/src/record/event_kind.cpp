#include "record/event_kind.hpp"

#include <array>
#include <utility>

namespace mr::record {
namespace {

constexpr std::array<std::pair<EventKind, std::string_view>, 6> kNames = {{
    {EventKind::room_created, "room.created"},
    {EventKind::participant_joined, "participant.joined"},
    {EventKind::participant_left, "participant.left"},
    {EventKind::message, "message"},
    {EventKind::advisor_admitted, "advisor.admitted"},
    {EventKind::advisor_dismissed, "advisor.dismissed"},
}};

}  // namespace

std::string_view to_string(EventKind kind) {
  for (auto [k, name] : kNames)
    if (k == kind) return name;
  return "unknown";
}

std::optional<EventKind> parse_event_kind(std::string_view text) {
  for (auto [k, name] : kNames)
    if (name == text) return k;
  return std::nullopt;
}

bool body_always_exported(std::string_view kind, std::string_view channel) {
  return kind != to_string(EventKind::message) || channel == "main";
}

}  // namespace mr::record
