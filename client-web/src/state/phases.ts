// The phase machine of PROTOCOL.md §6 as the client shows it: which steps a presiding mediator can
// offer from each phase. The server decides (and refuses with a rule); this only picks the buttons.
import type { ActAction, Phase, PhaseAdvanceArgs } from '../protocol/types';

export type AdvanceTarget = PhaseAdvanceArgs['to'];

/** The main line, in order, for the progress display. Suspended sits outside it. */
export const mainLine: readonly Phase[] = ['intake', 'notice', 'mediation', 'agreed', 'not_agreed', 'referred', 'confirmation', 'follow_up', 'closed'];

const advances: Partial<Record<Phase, readonly AdvanceTarget[]>> = {
  intake: ['notice'],
  notice: ['mediation'],
  agreed: ['confirmation', 'follow_up'],
  confirmation: ['follow_up'],
  follow_up: ['closed'],
  referred: ['closed'],
};

export function advanceTargets(phase: Phase): readonly AdvanceTarget[] {
  return advances[phase] ?? [];
}

const suspendable: readonly Phase[] = ['intake', 'notice', 'mediation'];
/** Before agreement: a party may withdraw, ask for recusal, answer a disclosure. */
const beforeAgreement: readonly Phase[] = ['intake', 'notice', 'mediation', 'suspended'];

/** The phases in which each action is open (the permission table's phase column, PROTOCOL.md §6). */
const openIn: Record<ActAction, readonly Phase[] | 'not_closed'> = {
  'phase.advance': Object.keys(advances) as Phase[],
  'case.suspend': suspendable,
  'case.resume': ['suspended'],
  'case.withdraw': beforeAgreement,
  'disclosure.make': beforeAgreement,
  'disclosure.answer': beforeAgreement,
  'recusal.request': beforeAgreement,
  'recusal.decide': beforeAgreement,
  'mediator.add': beforeAgreement,
  'presiding.hand': 'not_closed',
  'identity.check': 'not_closed',
  'notice.acknowledge': beforeAgreement,
  'notice.record_other': beforeAgreement,
  'caucus.open': ['mediation'],
  'caucus.close': ['mediation'],
  'law.explain': 'not_closed',
  'transcript.write': ['notice', 'mediation', 'suspended'],
  'facts.confirm': ['mediation', 'suspended'],
  'mediation.fail': ['mediation', 'suspended'],
  'referral.record': ['not_agreed'],
  'followup.record': ['follow_up'],
  // §7, whose screens come with the agreement issue.
  'draft.save': ['mediation'],
  'draft.comment': ['mediation'],
  'key.register': 'not_closed',
  'key.revoke': 'not_closed',
  'agreement.sign': ['mediation'],
  'agreement.conclude': ['mediation'],
  // 司法确认 (issue 10): once the agreement is sealed.
  'application.prepare': ['agreed', 'confirmation'],
  'application.confirm': ['agreed', 'confirmation'],
  'enforcement.consent': ['mediation', 'agreed', 'confirmation'],
};

export function actionOpen(action: ActAction, phase: Phase): boolean {
  const phases = openIn[action];
  return phases === 'not_closed' ? phase !== 'closed' : phases.includes(phase);
}
