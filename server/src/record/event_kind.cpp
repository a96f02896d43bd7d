#include "record/event_kind.hpp"

#include <array>
#include <utility>

namespace mr::record {
namespace {

constexpr std::array<std::pair<EventKind, std::string_view>, 35> kNames = {{
    {EventKind::room_created, "room.created"},
    {EventKind::participant_joined, "participant.joined"},
    {EventKind::participant_left, "participant.left"},
    {EventKind::message, "message"},
    {EventKind::advisor_admitted, "advisor.admitted"},
    {EventKind::advisor_dismissed, "advisor.dismissed"},
    {EventKind::phase_changed, "phase.changed"},
    {EventKind::party_withdrew, "party.withdrew"},
    {EventKind::disclosure_made, "disclosure.made"},
    {EventKind::disclosure_answered, "disclosure.answered"},
    {EventKind::recusal_requested, "recusal.requested"},
    {EventKind::recusal_decided, "recusal.decided"},
    {EventKind::mediator_added, "mediator.added"},
    {EventKind::presiding_handed, "presiding.handed"},
    {EventKind::identity_checked, "identity.checked"},
    {EventKind::notice_acknowledged, "notice.acknowledged"},
    {EventKind::notice_given_otherwise, "notice.given_otherwise"},
    {EventKind::caucus_opened, "caucus.opened"},
    {EventKind::caucus_closed, "caucus.closed"},
    {EventKind::legal_explained, "legal.explained"},
    {EventKind::transcript_entry, "transcript.entry"},
    {EventKind::facts_confirmed, "facts.confirmed"},
    {EventKind::mediation_failed, "mediation.failed"},
    {EventKind::referral_made, "referral.made"},
    {EventKind::followup_recorded, "followup.recorded"},
    {EventKind::document_shared, "document.shared"},
    {EventKind::draft_saved, "draft.saved"},
    {EventKind::draft_commented, "draft.commented"},
    {EventKind::key_registered, "key.registered"},
    {EventKind::key_revoked, "key.revoked"},
    {EventKind::agreement_signed, "agreement.signed"},
    {EventKind::agreement_sealed, "agreement.sealed"},
    {EventKind::application_prepared, "application.prepared"},
    {EventKind::application_confirmed, "application.confirmed"},
    {EventKind::enforcement_consented, "enforcement.consented"},
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
  return channel == "main" ||
         (kind != to_string(EventKind::message) && kind != to_string(EventKind::document_shared));
}

}  // namespace mr::record
