import type { Case, Participant } from '../../protocol/types';
import type { Procedure } from '../../state/procedure';
import { useRoom } from '../room/RoomContext';

export interface CaseView {
  you: Participant;
  kase: Case;
  procedure: Procedure;
  presiding: boolean;
}

/** What the procedure's views read: who you are, the case as the server holds it, what the events say. */
export function useCase(): CaseView | null {
  const { model } = useRoom();
  const you = model.welcome.value?.you;
  const kase = model.caseState.value;
  if (!you || !kase) return null;
  return { you, kase, procedure: model.procedure.value, presiding: kase.presiding === you.id };
}
