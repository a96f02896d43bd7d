#include "room/phase.hpp"

#include <array>
#include <utility>

namespace mr::room {
namespace {
constexpr std::array<std::pair<Phase, std::string_view>, 10> kNames = {{
    {Phase::intake, "intake"},
    {Phase::notice, "notice"},
    {Phase::mediation, "mediation"},
    {Phase::agreed, "agreed"},
    {Phase::not_agreed, "not_agreed"},
    {Phase::referred, "referred"},
    {Phase::confirmation, "confirmation"},
    {Phase::follow_up, "follow_up"},
    {Phase::closed, "closed"},
    {Phase::suspended, "suspended"},
}};
}  // namespace

std::string_view to_string(Phase phase) {
  for (auto [p, name] : kNames)
    if (p == phase) return name;
  return "intake";
}

std::optional<Phase> parse_phase(std::string_view text) {
  for (auto [p, name] : kNames)
    if (name == text) return p;
  return std::nullopt;
}

bool advances(Phase from, Phase to) {
  switch (from) {
    case Phase::intake:
      return to == Phase::notice;
    case Phase::notice:
      return to == Phase::mediation;
    case Phase::agreed:
      return to == Phase::confirmation || to == Phase::follow_up;
    case Phase::confirmation:
      return to == Phase::follow_up;
    case Phase::follow_up:
    case Phase::referred:
      return to == Phase::closed;
    default:
      return false;
  }
}

bool before_outcome(Phase phase) {
  return phase == Phase::intake || phase == Phase::notice || phase == Phase::mediation;
}

}  // namespace mr::room
