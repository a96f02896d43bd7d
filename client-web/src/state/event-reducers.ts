// What each event kind changes in the room as the client knows it, beyond being in the timeline.
// One entry per kind of server/event.schema.json: a kind added there fails the type check until it
// is handled here (the procedure, documents and agreement issues add theirs).
import type { EventKind, EventOf } from '../protocol/types';
import type { RoomModel } from './room-model';

type Reducer<K extends EventKind> = (room: RoomModel, event: EventOf<K>) => void;

export const eventReducers: { [K in EventKind]: Reducer<K> } = {
  'room.created': (room, { body }) => {
    room.caseInfo.value = body;
    room.learnPerson({ ...body.mediator, role: 'mediator', side: null });
  },
  'participant.joined': (room, { body }) => room.learnPerson(body.participant),
  'participant.left': () => {},
  message: (room, { header }) => room.stopTyping(header.channel, header.actor),
  // Parties learn an advisor's name when the advisor is brought into the joint room.
  'advisor.admitted': (room, { body }) => {
    room.learnPerson({ ...body.participant, role: 'advisor', side: null });
    room.setAdvisorInMain(body.participant.id, true);
  },
  'advisor.dismissed': (room, { body }) => room.setAdvisorInMain(body.participant.id, false),
};

export function reduce(room: RoomModel, event: EventOf<EventKind>): void {
  const reducer = eventReducers[event.header.kind] as Reducer<EventKind> | undefined;
  // A kind newer than this client is kept in the timeline and otherwise ignored.
  reducer?.(room, event);
}
