#include "room/case_state.hpp"

#include <limits>
#include <nlohmann/json.hpp>

#include "record/event_kind.hpp"

namespace mr::room {
namespace {
constexpr std::int64_t kOpen = std::numeric_limits<std::int64_t>::max();
using record::EventKind;
}  // namespace

void CaseState::apply(const CommittedEvent& e) {
  auto kind = record::parse_event_kind(e.kind);
  if (kind != EventKind::advisor_admitted && kind != EventKind::advisor_dismissed) return;
  auto body = nlohmann::json::parse(e.body, nullptr, false);
  if (!body.is_object() || !body.contains("participant")) return;
  const std::string advisor = body["participant"].value("id", "");
  auto& spans = advisor_main_[advisor];
  if (kind == EventKind::advisor_admitted)
    spans.emplace_back(e.seq, kOpen);
  else if (!spans.empty())
    spans.back().second = e.seq;
}

bool CaseState::in_main(const std::string& advisor) const {
  auto it = advisor_main_.find(advisor);
  return it != advisor_main_.end() && !it->second.empty() && it->second.back().second == kOpen;
}

bool CaseState::ever_in_main(const std::string& advisor) const {
  auto it = advisor_main_.find(advisor);
  return it != advisor_main_.end() && !it->second.empty();
}

bool CaseState::advisor_reads_main(const std::string& advisor, std::int64_t seq) const {
  auto it = advisor_main_.find(advisor);
  if (it == advisor_main_.end()) return false;
  for (auto [from, to] : it->second)
    if (seq >= from && seq <= to) return true;
  return false;
}

}  // namespace mr::room
