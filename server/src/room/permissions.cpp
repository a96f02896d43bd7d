#include "room/permissions.hpp"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <vector>

namespace mr::room {
namespace {

using P = Phase;
using R = Role;

struct Row {
  Action action;
  std::string_view name;  // as on the wire; empty for steps that are not acts
  std::vector<Role> roles;
  std::vector<Phase> phases;
  Standing standing;
};

// Before an outcome, suspended included: the phases in which the case can still go either way.
const std::vector<Phase> kOpen = {P::intake, P::notice, P::mediation, P::suspended};
const std::vector<Phase> kNotClosed = {P::intake,       P::notice,     P::mediation,
                                       P::agreed,       P::not_agreed, P::referred,
                                       P::confirmation, P::follow_up,  P::suspended};

// The table. Every row is tested in tests/unit/room/permissions_test.cpp.
const std::vector<Row>& table() {
  static const std::vector<Row> rows = {
      {Action::send,
       "",
       {R::mediator, R::party, R::advisor, R::observer},
       kNotClosed,
       Standing::any},
      {Action::advisor_access, "", {R::mediator}, kNotClosed, Standing::any},
      {Action::phase_advance,
       "phase.advance",
       {R::mediator},
       {P::intake, P::notice, P::mediation, P::agreed, P::confirmation, P::follow_up, P::referred},
       Standing::presiding},
      {Action::case_suspend,
       "case.suspend",
       {R::mediator},
       {P::intake, P::notice, P::mediation},
       Standing::presiding},
      {Action::case_resume, "case.resume", {R::mediator}, {P::suspended}, Standing::presiding},
      {Action::case_withdraw, "case.withdraw", {R::party}, kOpen, Standing::identity_checked},
      {Action::disclosure_make, "disclosure.make", {R::mediator}, kOpen, Standing::any},
      {Action::disclosure_answer,
       "disclosure.answer",
       {R::party},
       kOpen,
       Standing::identity_checked},
      {Action::recusal_request, "recusal.request", {R::party}, kOpen, Standing::any},
      {Action::recusal_decide, "recusal.decide", {R::mediator}, kOpen, Standing::any},
      {Action::mediator_add, "mediator.add", {R::mediator}, kOpen, Standing::presiding},
      {Action::presiding_hand, "presiding.hand", {R::mediator}, kNotClosed, Standing::presiding},
      {Action::identity_check, "identity.check", {R::mediator}, kNotClosed, Standing::any},
      {Action::notice_acknowledge, "notice.acknowledge", {R::party}, kOpen, Standing::any},
      {Action::notice_record_other,
       "notice.record_other",
       {R::mediator},
       kOpen,
       Standing::presiding},
      {Action::caucus_open, "caucus.open", {R::mediator}, {P::mediation}, Standing::any},
      {Action::caucus_close, "caucus.close", {R::mediator}, {P::mediation}, Standing::any},
      {Action::law_explain, "law.explain", {R::advisor}, kNotClosed, Standing::in_main},
      {Action::transcript_write,
       "transcript.write",
       {R::mediator},
       {P::notice, P::mediation, P::suspended},
       Standing::any},
      {Action::facts_confirm,
       "facts.confirm",
       {R::party},
       {P::mediation, P::suspended},
       Standing::identity_checked},
      {Action::mediation_fail,
       "mediation.fail",
       {R::mediator},
       {P::mediation, P::suspended},
       Standing::presiding},
      {Action::referral_record,
       "referral.record",
       {R::mediator},
       {P::not_agreed},
       Standing::presiding},
      {Action::followup_record, "followup.record", {R::mediator}, {P::follow_up}, Standing::any},
      {Action::document_share, "", {R::mediator, R::party, R::advisor}, kNotClosed, Standing::any},
      {Action::draft_save, "draft.save", {R::mediator}, {P::mediation}, Standing::any},
      {Action::draft_comment,
       "draft.comment",
       {R::mediator, R::party},
       {P::mediation},
       Standing::any},
      {Action::key_register, "key.register", {R::mediator, R::party}, kNotClosed, Standing::any},
      {Action::key_revoke, "key.revoke", {R::mediator, R::party}, kNotClosed, Standing::any},
      {Action::agreement_sign,
       "agreement.sign",
       {R::mediator, R::party},
       {P::mediation},
       Standing::identity_checked},
      {Action::agreement_conclude,
       "agreement.conclude",
       {R::mediator},
       {P::mediation},
       Standing::presiding},
      // 司法确认: once the agreement is sealed, until the case moves on to follow-up.
      {Action::application_prepare,
       "application.prepare",
       {R::mediator},
       {P::agreed, P::confirmation},
       Standing::presiding},
      {Action::application_confirm,
       "application.confirm",
       {R::party},
       {P::agreed, P::confirmation},
       Standing::identity_checked},
      // 赋强公证: the debtor consents while signing or once the agreement is concluded.
      {Action::enforcement_consent,
       "enforcement.consent",
       {R::party},
       {P::mediation, P::agreed, P::confirmation},
       Standing::identity_checked},
  };
  return rows;
}

const Row* row_of(Action action) {
  for (const auto& r : table())
    if (r.action == action) return &r;
  return nullptr;
}

template <typename T>
bool contains(const std::vector<T>& list, T value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::optional<Action> parse_action(std::string_view name) {
  if (name.empty()) return std::nullopt;
  for (const auto& r : table())
    if (r.name == name) return r.action;
  return std::nullopt;
}

std::string_view to_string(Action action) {
  const auto* r = row_of(action);
  return r ? r->name : std::string_view();
}

Verdict permitted(Role role, Phase phase, Action action) {
  const auto* r = row_of(action);
  if (!r || !contains(r->roles, role)) return Verdict::forbidden;
  if (!contains(r->phases, phase)) return Verdict::wrong_phase;
  return Verdict::allowed;
}

Standing standing_for(Action action) {
  const auto* r = row_of(action);
  return r ? r->standing : Standing::any;
}

}  // namespace mr::room
