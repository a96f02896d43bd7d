// The permission table, row by row: for every act, the roles that may take it and the phases it
// belongs to, stated again here from PROTOCOL.md §6 (so a change to the table is a change to
// this test too); every other role is refused as forbidden, every other phase as wrong_phase.
#include "room/permissions.hpp"

#include <gtest/gtest.h>

#include <set>

namespace mr::room {
namespace {

using P = Phase;
using R = Role;
const std::set<Phase> kAll = {P::intake,   P::notice,       P::mediation, P::agreed, P::not_agreed,
                              P::referred, P::confirmation, P::follow_up, P::closed, P::suspended};
const std::set<Phase> kOpen = {P::intake, P::notice, P::mediation, P::suspended};
std::set<Phase> all_but_closed() {
  auto s = kAll;
  s.erase(P::closed);
  return s;
}

struct Row {
  Action action;
  std::set<Role> roles;
  std::set<Phase> phases;
  Standing standing;
};

const std::vector<Row> kExpected = {
    {Action::send,
     {R::mediator, R::party, R::advisor, R::observer},
     all_but_closed(),
     Standing::any},
    {Action::advisor_access, {R::mediator}, all_but_closed(), Standing::any},
    {Action::phase_advance,
     {R::mediator},
     {P::intake, P::notice, P::mediation, P::agreed, P::confirmation, P::follow_up, P::referred},
     Standing::presiding},
    {Action::case_suspend,
     {R::mediator},
     {P::intake, P::notice, P::mediation},
     Standing::presiding},
    {Action::case_resume, {R::mediator}, {P::suspended}, Standing::presiding},
    {Action::case_withdraw, {R::party}, kOpen, Standing::identity_checked},
    {Action::disclosure_make, {R::mediator}, kOpen, Standing::any},
    {Action::disclosure_answer, {R::party}, kOpen, Standing::identity_checked},
    {Action::recusal_request, {R::party}, kOpen, Standing::any},
    {Action::recusal_decide, {R::mediator}, kOpen, Standing::any},
    {Action::mediator_add, {R::mediator}, kOpen, Standing::presiding},
    {Action::presiding_hand, {R::mediator}, all_but_closed(), Standing::presiding},
    {Action::identity_check, {R::mediator}, all_but_closed(), Standing::any},
    {Action::notice_acknowledge, {R::party}, kOpen, Standing::any},
    {Action::notice_record_other, {R::mediator}, kOpen, Standing::presiding},
    {Action::caucus_open, {R::mediator}, {P::mediation}, Standing::any},
    {Action::caucus_close, {R::mediator}, {P::mediation}, Standing::any},
    {Action::law_explain, {R::advisor}, all_but_closed(), Standing::in_main},
    {Action::transcript_write,
     {R::mediator},
     {P::notice, P::mediation, P::suspended},
     Standing::any},
    {Action::facts_confirm, {R::party}, {P::mediation, P::suspended}, Standing::identity_checked},
    {Action::mediation_fail, {R::mediator}, {P::mediation, P::suspended}, Standing::presiding},
    {Action::referral_record, {R::mediator}, {P::not_agreed}, Standing::presiding},
    {Action::followup_record, {R::mediator}, {P::follow_up}, Standing::any},
    {Action::document_share, {R::mediator, R::party, R::advisor}, all_but_closed(), Standing::any},
    {Action::draft_save, {R::mediator}, {P::mediation}, Standing::any},
    {Action::draft_comment, {R::mediator, R::party}, {P::mediation}, Standing::any},
    {Action::key_register, {R::mediator, R::party}, all_but_closed(), Standing::any},
    {Action::key_revoke, {R::mediator, R::party}, all_but_closed(), Standing::any},
    {Action::agreement_sign, {R::mediator, R::party}, {P::mediation}, Standing::identity_checked},
    {Action::agreement_conclude, {R::mediator}, {P::mediation}, Standing::presiding},
    {Action::application_prepare,
     {R::mediator},
     {P::agreed, P::confirmation},
     Standing::presiding},
    {Action::application_confirm,
     {R::party},
     {P::agreed, P::confirmation},
     Standing::identity_checked},
    {Action::enforcement_consent,
     {R::party},
     {P::mediation, P::agreed, P::confirmation},
     Standing::identity_checked},
};

TEST(Permissions, EveryRowAllowsExactlyItsRolesInItsPhases) {
  for (const auto& row : kExpected) {
    for (auto role : {R::mediator, R::party, R::advisor, R::observer}) {
      for (auto phase : kAll) {
        const auto verdict = permitted(role, phase, row.action);
        const auto expected = !row.roles.count(role)     ? Verdict::forbidden
                              : !row.phases.count(phase) ? Verdict::wrong_phase
                                                         : Verdict::allowed;
        EXPECT_EQ(verdict, expected)
            << to_string(row.action) << " by " << to_string(role) << " in " << to_string(phase);
      }
    }
    EXPECT_EQ(standing_for(row.action), row.standing) << to_string(row.action);
  }
}

TEST(Permissions, EveryActNameRoundTripsAndOnlyActsHaveNames) {
  EXPECT_EQ(kExpected.size(), 33u);  // every Action is a row above
  for (const auto& row : kExpected) {
    const auto name = to_string(row.action);
    if (row.action == Action::send || row.action == Action::advisor_access ||
        row.action == Action::document_share) {
      EXPECT_TRUE(name.empty());
    } else {
      EXPECT_EQ(parse_action(name), row.action) << name;
    }
  }
  EXPECT_FALSE(parse_action("send"));
  EXPECT_FALSE(parse_action(""));
}

TEST(Permissions, NothingIsAllowedInAClosedCase) {
  for (const auto& row : kExpected)
    for (auto role : {R::mediator, R::party, R::advisor, R::observer})
      EXPECT_NE(permitted(role, P::closed, row.action), Verdict::allowed) << to_string(row.action);
}

}  // namespace
}  // namespace mr::room
