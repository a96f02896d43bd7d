// The protocol's types, generated from protocol/schema/** (scripts/gen-protocol-types.mjs), plus the
// few answers the schemas do not describe yet.
export type * from './generated';
import type { Participant, Room } from './generated';

/** Who invited a person (POST /api/join, GET /r/<room>/api/session, when the server sends it). */
export interface Inviter {
  name: string;
  org: string;
}

/** GET /r/<room>/api/session → 200 (PROTOCOL.md §2, being added to the server). */
export interface SessionResponse {
  room: Room;
  participant: Participant;
  mediator?: Inviter;
}

/** A 410 from /api/join or the session check may say whom to ask for a new link. */
export interface Contact {
  mediator: string;
  org: string;
}
