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
      if (b.contains("mediator")) {
        presiding_ = str(b["mediator"], "id");
        orgs_[presiding_] = str(b["mediator"], "org");
      }
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
      if (b.contains("participant")) {
        mediators_.push_back(str(b["participant"], "id"));
        orgs_[mediators_.back()] = str(b, "org");
      }
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
    case EventKind::document_shared: {
      DocumentInfo d{str(b, "document"),
                     str(b, "name"),
                     str(b, "type"),
                     str(b, "sha256"),
                     e.actor,
                     b.value("size", std::int64_t(0)),
                     e.seq,
                     e.channel};
      documents_[d.id] = std::move(d);
      break;
    }
    case EventKind::draft_saved: {
      const int version = b.value("version", 0);
      drafts_[version] = {version, str(b, "sha256"), b.value("draft", json::object()), e.seq};
      break;
    }
    case EventKind::key_registered:
      keys_[str(b, "key")] = {str(b, "participant"), str(b, "key"), str(b, "public_key"), e.seq,
                              false};
      break;
    case EventKind::key_revoked:
      if (auto it = keys_.find(str(b, "key")); it != keys_.end()) it->second.revoked = true;
      break;
    case EventKind::agreement_signed:
      signatures_[b.value("version", 0)][e.actor] = {e.seq,
                                                     e.actor,
                                                     str(b, "role"),
                                                     str(b, "key"),
                                                     str(b, "signature"),
                                                     b.value("time", std::int64_t(0))};
      break;
    case EventKind::agreement_sealed:
      seal_ = AgreementSeal{e.seq, b};
      break;
    case EventKind::application_prepared: {
      const int version = b.value("version", 0);
      applications_[version] = {version, str(b, "sha256"),
                                b.value("application", json::object()), e.seq};
      break;
    }
    case EventKind::application_confirmed:
      application_confirmations_[b.value("version", 0)][e.actor] = {
          e.seq, e.actor, "party", str(b, "key"), str(b, "signature"),
          b.value("time", std::int64_t(0))};
      break;
    case EventKind::enforcement_consented:
      enforcement_consents_[b.value("version", 0)][str(b, "item")] = {
          e.seq,
          e.actor,
          "party",
          str(b, "key"),
          str(b, "signature"),
          b.value("time", std::int64_t(0))};
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

std::string CaseState::org_of(const std::string& mediator) const {
  auto it = orgs_.find(mediator);
  return it == orgs_.end() ? std::string() : it->second;
}

const DocumentInfo* CaseState::document(const std::string& id) const {
  auto it = documents_.find(id);
  return it == documents_.end() ? nullptr : &it->second;
}

const DraftVersion* CaseState::draft(int version) const {
  auto it = drafts_.find(version);
  return it == drafts_.end() ? nullptr : &it->second;
}

const DraftVersion* CaseState::latest_draft() const {
  return drafts_.empty() ? nullptr : &drafts_.rbegin()->second;
}

const SigningKey* CaseState::key(const std::string& fingerprint) const {
  auto it = keys_.find(fingerprint);
  return it == keys_.end() ? nullptr : &it->second;
}

const std::map<std::string, AgreementSignature>& CaseState::signatures(int version) const {
  static const std::map<std::string, AgreementSignature> none;
  auto it = signatures_.find(version);
  return it == signatures_.end() ? none : it->second;
}

const std::map<std::string, AgreementSignature>& CaseState::application_confirmations(
    int version) const {
  static const std::map<std::string, AgreementSignature> none;
  auto it = application_confirmations_.find(version);
  return it == application_confirmations_.end() ? none : it->second;
}

const std::map<std::string, AgreementSignature>& CaseState::enforcement_consents(
    int version) const {
  static const std::map<std::string, AgreementSignature> none;
  auto it = enforcement_consents_.find(version);
  return it == enforcement_consents_.end() ? none : it->second;
}

std::set<std::string> CaseState::required_signers(int version) const {
  std::set<std::string> out = {presiding_};
  if (const auto* d = draft(version))
    for (const auto& p : d->draft.value("parties", json::array()))
      if (p.contains("participant") && p["participant"].is_string())
        out.insert(p["participant"].get<std::string>());
  return out;
}

std::vector<std::string> CaseState::enforceable_items() const {
  std::vector<std::string> out;
  const auto* sealed = seal_ ? draft(seal_->body.value("version", 0)) : nullptr;
  if (!sealed) return out;
  const auto& consents = enforcement_consents(sealed->version);
  for (const auto& item : sealed->draft.value("items", json::array())) {
    const auto id = item.value("id", "");
    if (consents.count(id)) out.push_back(id);
  }
  return out;
}

}  // namespace mr::room
