#pragma once
// The kinds of events a room records (protocol/RECORD.md §2, PROTOCOL.md §4), named once.
// Pure functions, thread-safe.
#include <optional>
#include <string_view>

namespace mr::record {

enum class EventKind {
  room_created,
  participant_joined,
  participant_left,
  message,
  advisor_admitted,
  advisor_dismissed,
  phase_changed,
  party_withdrew,
  disclosure_made,
  disclosure_answered,
  recusal_requested,
  recusal_decided,
  mediator_added,
  presiding_handed,
  identity_checked,
  notice_acknowledged,
  notice_given_otherwise,
  caucus_opened,
  caucus_closed,
  legal_explained,
  transcript_entry,
  facts_confirmed,
  mediation_failed,
  referral_made,
  followup_recorded,
  document_shared,
  draft_saved,
  draft_commented,
  key_registered,
  key_revoked,
  agreement_signed,
  agreement_sealed,
  application_prepared,   // the joint application for judicial confirmation (司法确认申请书)
  application_confirmed,  // a party confirms it, signed with their key
  enforcement_consented,  // a debtor consents to enforcement of a payment item (赋强公证)
};

std::string_view to_string(EventKind kind);
std::optional<EventKind> parse_event_kind(std::string_view text);

// Whether an export always carries the body of an event of `kind` in `channel` (RECORD.md §6):
// everything except what is said and shown in caucus and consult (在线调解规则 art. 18), which goes
// in only when private content is exported.
bool body_always_exported(std::string_view kind, std::string_view channel);

}  // namespace mr::record
