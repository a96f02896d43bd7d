#include "room/case_json.hpp"

namespace mr::room {
using nlohmann::json;

namespace {
template <typename T, typename F>
json optional_json(const std::optional<T>& v, F to) {
  return v ? json(to(*v)) : json(nullptr);
}
}  // namespace

json case_json(const CaseState& s) {
  json caucus = json::array();
  for (const auto& side : s.caucus_open()) caucus.push_back(side);
  return {
      {"phase", to_string(s.phase())},
      {"since", s.phase_since()},
      {"suspended_from",
       optional_json(s.suspended_from(), [](Phase p) { return std::string(to_string(p)); })},
      {"presiding", s.presiding()},
      {"mediators", s.mediators()},
      {"caucus", caucus},
      {"personal_status", s.personal_status()},
      {"agreed_at", optional_json(s.agreed_at(), [](std::int64_t t) { return t; })},
      {"confirmation_due", optional_json(s.confirmation_due(), [](Day d) { return to_string(d); })},
      {"followup_due", optional_json(s.followup_due(), [](Day d) { return to_string(d); })},
      {"enforceable_items", s.enforceable_items()}};
}

}  // namespace mr::room
