import { actionOpen } from '../../state/phases';
import { disclosuresToAnswer, factAnswer, facts, noticeDone } from '../../state/procedure';
import type { CaseView } from './use-case';

/** What waits for this party: the notice, disclosed conflicts to answer, facts to confirm. */
export function partyTodo({ you, kase, procedure }: CaseView): { notice: boolean; count: number } {
  if (you.role !== 'party') return { notice: false, count: 0 };
  const notice = !noticeDone(procedure, you.id) && actionOpen('notice.acknowledge', kase.phase);
  const disclosures = actionOpen('disclosure.answer', kase.phase) ? disclosuresToAnswer(procedure, you.id, kase.mediators).length : 0;
  const open = actionOpen('facts.confirm', kase.phase) ? facts(procedure).filter((e) => ['open', 'outdated'].includes(factAnswer(e, you.id))).length : 0;
  return { notice, count: disclosures + open };
}
