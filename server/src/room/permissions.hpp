#pragma once
// Who may take which step of the procedure in which phase: the one table (role × phase × action,
// DESIGN §3, PROTOCOL.md §6) the room consults for every act, and for every message (whose
// channels policy.hpp decides). The client's claims are never trusted. Pure, thread-safe.
#include <optional>
#include <string_view>

#include "room/identity.hpp"
#include "room/phase.hpp"

namespace mr::room {

enum class Action {
  send,  // a message or a typing notice (the channel table decides which channels)
  advisor_access,
  phase_advance,
  case_suspend,
  case_resume,
  case_withdraw,
  disclosure_make,
  disclosure_answer,
  recusal_request,
  recusal_decide,
  mediator_add,
  presiding_hand,
  identity_check,
  notice_acknowledge,
  notice_record_other,
  caucus_open,
  caucus_close,
  law_explain,
  transcript_write,
  facts_confirm,
  mediation_fail,
  referral_record,
  followup_record,
  document_share,  // from an upload (HTTPS), not an act
  draft_save,
  draft_comment,
  key_register,
  key_revoke,
  agreement_sign,
  agreement_conclude,
  application_prepare,
  application_confirm,
  enforcement_consent,
};

// The act's name on the wire ("phase.advance", …); nullopt for send and advisor_access.
std::optional<Action> parse_action(std::string_view name);
std::string_view to_string(Action action);

// Who a step is for, beyond the role: the presiding mediator only; a party whose identity a
// mediator has checked (a step that binds them, 在线调解规则 art. 17; mediators, who log in, need
// no check); an advisor while in the joint room.
enum class Standing { any, presiding, identity_checked, in_main };

// Whether `role` may take `action` in `phase` at all. Refusals: a role the table does not list is
// `forbidden`; a phase it does not list is `wrong_phase`.
enum class Verdict { allowed, forbidden, wrong_phase };
Verdict permitted(Role role, Phase phase, Action action);
// What else the actor must be for `action` (when the role may take it at all).
Standing standing_for(Action action);

}  // namespace mr::room
