// What waits for a party beyond the notice (RoomModel.noticeDue): disclosed conflicts to answer and
// facts to confirm, the phase bar's count. Pure, over the case as the server holds it and the events.
import type { Case, Participant } from '../protocol/types';
import { actionOpen } from './phases';
import { disclosuresToAnswer, factAnswer, facts, type Procedure } from './procedure';

export function partyTodo(you: Participant, kase: Case, procedure: Procedure): number {
  if (you.role !== 'party') return 0;
  const disclosures = actionOpen('disclosure.answer', kase.phase) ? disclosuresToAnswer(procedure, you.id, kase.mediators).length : 0;
  const open = actionOpen('facts.confirm', kase.phase) ? facts(procedure).filter((e) => ['open', 'outdated'].includes(factAnswer(e, you.id))).length : 0;
  return disclosures + open;
}
