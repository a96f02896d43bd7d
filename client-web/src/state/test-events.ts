// Builds events as the server sends them, for unit tests only.
import type { Channel, EventBodies, EventKind, EventOf } from '../protocol/types';

let nextSeq = 0;

export function resetSeq(): void {
  nextSeq = 0;
}

export function event<K extends EventKind>(kind: K, actor: string, body: EventBodies[K], channel: Channel = 'main'): EventOf<K> {
  const seq = nextSeq++;
  return {
    type: 'event',
    seq,
    header: { v: 1, room: 'R0000000000000000', seq, time: 1_764_000_000_000 + seq * 1000, actor, kind, channel, salt: '0'.repeat(32), body_sha256: '0'.repeat(64) },
    body,
  } as EventOf<K>;
}
