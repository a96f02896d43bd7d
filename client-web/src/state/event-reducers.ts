// What each event kind changes in the room as the client knows it, beyond being in the timeline.
// One entry per kind of server/event.schema.json: a kind added there fails the type check until it
// is handled here (the procedure, documents and agreement issues add theirs).
import type { EventKind, EventOf } from '../protocol/types';
import type { RoomModel } from './room-model';
import { reduceProcedure } from './procedure';
import { reduceAgreement } from './agreement';
import { reduceApplication } from './application';

type Reducer<K extends EventKind> = (room: RoomModel, event: EventOf<K>) => void;

/** The procedure's facts (who acknowledged, was checked, confirmed…): the pure reducer. */
const procedure: Reducer<EventKind> = (room, event) => {
  room.procedure.value = reduceProcedure(room.procedure.value, event);
};

/** Documents, drafts, keys, signatures and the seal (PROTOCOL.md §7). */
const agreement: Reducer<EventKind> = (room, event) => {
  room.agreement.value = reduceAgreement(room.agreement.value, event);
};

/** The application for judicial confirmation (RECORD.md §5.2). */
const application: Reducer<EventKind> = (room, event) => {
  room.application.value = reduceApplication(room.application.value, event);
};

export const eventReducers: { [K in EventKind]: Reducer<K> } = {
  'room.created': (room, { body }) => {
    room.caseInfo.value = body;
    room.learnPerson({ ...body.mediator, role: 'mediator', side: null });
  },
  'participant.joined': (room, event) => {
    room.learnPerson(event.body.participant);
    procedure(room, event);
  },
  'participant.left': () => {},
  message: (room, { header }) => room.stopTyping(header.channel, header.actor),
  // Parties learn an advisor's name when the advisor is brought into the joint room.
  'advisor.admitted': (room, { body }) => {
    room.learnPerson({ ...body.participant, role: 'advisor', side: null });
    room.setAdvisorInMain(body.participant.id, true);
  },
  'advisor.dismissed': (room, { body }) => room.setAdvisorInMain(body.participant.id, false),
  'mediator.added': (room, event) => {
    room.learnPerson(event.body.participant);
    procedure(room, event);
  },
  'phase.changed': procedure,
  'party.withdrew': procedure,
  'disclosure.made': procedure,
  'disclosure.answered': procedure,
  'recusal.requested': procedure,
  'recusal.decided': procedure,
  'presiding.handed': procedure,
  'identity.checked': procedure,
  'notice.acknowledged': procedure,
  'notice.given_otherwise': procedure,
  'caucus.opened': procedure,
  'caucus.closed': procedure,
  'legal.explained': procedure,
  'transcript.entry': procedure,
  'facts.confirmed': procedure,
  'mediation.failed': procedure,
  'referral.made': procedure,
  'followup.recorded': procedure,
  'document.shared': agreement,
  'draft.saved': agreement,
  'draft.commented': agreement,
  'key.registered': agreement,
  'key.revoked': agreement,
  'agreement.signed': agreement,
  // The seal concludes the agreement and moves the case to agreed.
  'agreement.sealed': (room, event) => {
    procedure(room, event);
    agreement(room, event);
  },
  'application.prepared': application,
  'application.confirmed': application,
  'enforcement.consented': agreement,
};

export function reduce(room: RoomModel, event: EventOf<EventKind>): void {
  const reducer = eventReducers[event.header.kind] as Reducer<EventKind> | undefined;
  // A kind newer than this client is kept in the timeline and otherwise ignored.
  reducer?.(room, event);
}
