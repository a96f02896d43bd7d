#include "room/case_state.hpp"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "record/event_kind.hpp"

namespace mr::room {
namespace {
constexpr std::int64_t kOpen = std::numeric_limits<std::int64_t>::max();
constexpr int kDefaultFollowUpDays = 30;
using nlohmann::json;
using record::EventKind;

std::string str(const json& b, const char* key) {
  auto it = b.find(key);
  return it != b.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

void CaseState::move_to(Phase to, std::int64_t time) {
  if (to == Phase::suspended) suspended_from_ = phase_;
  if (phase_ == Phase::suspended) suspended_from_.reset();
  if (to == Phase::agreed) agreed_at_ = time;
  if (phase_ == Phase::mediation) caucus_open_.clear();  // a back-to-back session ends with it
  phase_ = to;
  phase_since_ = time;
}

void CaseState::apply(const CommittedEvent& e) {
  last_activity_ = std::max(last_activity_, e.time_ms);
  auto kind = record::parse_event_kind(e.kind);
  if (!kind || *kind == EventKind::message) return;
  const json b = json::parse(e.body, nullptr, false);
  if (!b.is_object()) return;
  if (auto it = b.find("phase"); it != b.end() && it->is_object())
    if (auto to = parse_phase(str(*it, "to"))) move_to(*to, e.time_ms);

  switch (*kind) {
    case EventKind::room_created:
      field_ = str(b, "field");
      if (b.contains("mediator")) presiding_ = str(b["mediator"], "id");
      mediators_ = {presiding_};
      phase_since_ = e.time_ms;
      break;
    case EventKind::participant_joined:
      if (b.contains("participant") && str(b["participant"], "role") == "party")
        parties_joined_.insert(str(b["participant"], "id"));
      break;
    case EventKind::advisor_admitted:
    case EventKind::advisor_dismissed: {
      auto& spans = advisor_main_[str(b.value("participant", json::object()), "id")];
      if (*kind == EventKind::advisor_admitted)
        spans.emplace_back(e.seq, kOpen);
      else if (!spans.empty())
        spans.back().second = e.seq;
      break;
    }
    case EventKind::phase_changed:
      if (phase_ == Phase::follow_up) {
        auto due = parse_day(str(b, "due"));
        followup_due_ = due ? *due : add_days(shanghai_day(e.time_ms), kDefaultFollowUpDays);
      }
      break;
    case EventKind::disclosure_made: {
      Disclosure d{e.seq, str(b, "mediator"), b.value("conflict", false), {}};
      latest_disclosure_[d.mediator] = e.seq;
      disclosures_[e.seq] = std::move(d);
      break;
    }
    case EventKind::disclosure_answered:
      if (auto it = disclosures_.find(b.value("disclosure", std::int64_t(-1)));
          it != disclosures_.end())
        it->second.answers[e.actor] = b.value("accept", false);
      break;
    case EventKind::recusal_requested:
      recusals_[e.seq] = {e.seq, e.actor, str(b, "mediator"), std::nullopt};
      break;
    case EventKind::recusal_decided:
      if (auto it = recusals_.find(b.value("request", std::int64_t(-1))); it != recusals_.end()) {
        it->second.granted = b.value("granted", false);
        if (*it->second.granted) {
          removed_.insert(it->second.mediator);
          mediators_.erase(std::remove(mediators_.begin(), mediators_.end(), it->second.mediator),
                           mediators_.end());
          if (presiding_ == it->second.mediator) presiding_ = str(b, "replacement");
        }
      }
      break;
    case EventKind::mediator_added:
      if (b.contains("participant")) mediators_.push_back(str(b["participant"], "id"));
      break;
    case EventKind::presiding_handed:
      presiding_ = str(b, "to");
      break;
    case EventKind::identity_checked:
      identity_checked_.insert(str(b, "participant"));
      break;
    case EventKind::notice_acknowledged:
      notice_given_.insert(e.actor);
      break;
    case EventKind::notice_given_otherwise:
      notice_given_.insert(str(b, "participant"));
      break;
    case EventKind::caucus_opened:
      caucus_open_.insert(str(b, "side"));
      break;
    case EventKind::caucus_closed:
      caucus_open_.erase(str(b, "side"));
      break;
    case EventKind::transcript_entry: {
      auto& entry = entries_[str(b, "entry")];
      entry.id = str(b, "entry");
      entry.version = b.value("version", 1);
      entry.kind = str(b, "kind");
      entry.side = b.contains("side") && b["side"].is_string()
                       ? std::optional<std::string>(b["side"].get<std::string>())
                       : std::nullopt;
      entry.text = str(b, "text");
      entry.sha256 = str(b, "sha256");
      entry.confirmations.clear();  // a new version is confirmed afresh
      break;
    }
    case EventKind::facts_confirmed:
      if (auto it = entries_.find(str(b, "entry"));
          it != entries_.end() && it->second.version == b.value("version", 0))
        it->second.confirmations[e.actor] = b.value("confirm", false);
      break;
    case EventKind::followup_recorded:
      followup_recorded_ = true;
      break;
    default:
      break;
  }
}

std::vector<std::string> CaseState::mediators() const {
  std::vector<std::string> out = {presiding_};
  for (const auto& m : mediators_)
    if (m != presiding_) out.push_back(m);
  return out;
}

bool CaseState::is_mediator(const std::string& participant) const {
  return std::find(mediators_.begin(), mediators_.end(), participant) != mediators_.end();
}

bool CaseState::identity_checked(const std::string& participant) const {
  return identity_checked_.count(participant) > 0;
}

bool CaseState::notice_given(const std::string& party) const {
  return notice_given_.count(party) > 0;
}

const Disclosure* CaseState::disclosure_of(const std::string& mediator) const {
  auto it = latest_disclosure_.find(mediator);
  return it == latest_disclosure_.end() ? nullptr : disclosure(it->second);
}

const Disclosure* CaseState::disclosure(std::int64_t seq) const {
  auto it = disclosures_.find(seq);
  return it == disclosures_.end() ? nullptr : &it->second;
}

const RecusalRequest* CaseState::recusal(std::int64_t seq) const {
  auto it = recusals_.find(seq);
  return it == recusals_.end() ? nullptr : &it->second;
}

const TranscriptEntry* CaseState::entry(const std::string& id) const {
  auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second;
}

std::optional<Day> CaseState::confirmation_due() const {
  if (!agreed_at_) return std::nullopt;
  return confirmation_deadline(*agreed_at_);
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
