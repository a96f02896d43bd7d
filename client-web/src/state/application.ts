// The joint application for judicial confirmation as the events tell it (RECORD.md §5.2): its latest
// version and who confirmed which version. Pure: (state, event) → state.
import type { EventBodies, EventKind, EventOf } from '../protocol/types';
import type { Recorded } from './procedure';

export type PreparedApplication = Recorded & EventBodies['application.prepared'];
export type ApplicationConfirmation = Recorded & EventBodies['application.confirmed'];

export interface ApplicationState {
  latest: PreparedApplication | null;
  confirmations: readonly ApplicationConfirmation[];
}

export const emptyApplication: ApplicationState = { latest: null, confirmations: [] };

export function reduceApplication(state: ApplicationState, event: EventOf<EventKind>): ApplicationState {
  const at = { seq: event.seq, time: event.header.time, by: event.header.actor };
  if (event.header.kind === 'application.prepared') return { ...state, latest: { ...at, ...(event as EventOf<'application.prepared'>).body } };
  if (event.header.kind === 'application.confirmed') return { ...state, confirmations: [...state.confirmations, { ...at, ...(event as EventOf<'application.confirmed'>).body }] };
  return state;
}

/** Who confirmed the latest version. */
export function confirmedBy(state: ApplicationState): Set<string> {
  const v = state.latest?.version;
  return new Set(state.confirmations.filter((c) => c.version === v).map((c) => c.signer));
}
