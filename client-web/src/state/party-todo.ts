// What waits for a party: the notice, disclosed conflicts to answer, facts to confirm (the phase
// bar's count). Pure, over what the server said of the case and what the events say.
import type { Case, Participant } from '../protocol/types';
import { actionOpen } from './phases';
import { disclosuresToAnswer, factAnswer, facts, noticeDone, type Procedure } from './procedure';

export function partyTodo(you: Participant, kase: Case, procedure: Procedure): { notice: boolean; count: number } {
  if (you.role !== 'party') return { notice: false, count: 0 };
  const notice = !noticeDone(procedure, you.id) && actionOpen('notice.acknowledge', kase.phase);
  const disclosures = actionOpen('disclosure.answer', kase.phase) ? disclosuresToAnswer(procedure, you.id, kase.mediators).length : 0;
  const open = actionOpen('facts.confirm', kase.phase) ? facts(procedure).filter((e) => ['open', 'outdated'].includes(factAnswer(e, you.id))).length : 0;
  return { notice, count: disclosures + open };
}
