import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { Channel } from '../protocol/types';
import { Timeline, type HeldEvent } from './timeline';

const event = (seq: number, channel: Channel = 'main', provisional = false): HeldEvent =>
  ({
    type: 'event',
    seq,
    ...(provisional ? { provisional: true } : {}),
    header: { v: 1, room: 'r', seq, time: seq, actor: 'a', kind: 'message', channel, salt: '', body_sha256: '' },
    body: { text: `m${seq}`, client_id: `c${seq}` },
  }) as HeldEvent;

test('an event held already is refused; an acknowledged placeholder gives way to its event', () => {
  const t = new Timeline();
  assert.ok(t.add(event(3)));
  assert.ok(!t.add(event(3)));
  assert.ok(t.add(event(5, 'main', true)));
  assert.equal(t.lastSeq, 3);
  assert.ok(t.add(event(5)));
  assert.deepEqual(t.channel('main').map((e) => [e.seq, Boolean(e.provisional)]), [[3, false], [5, false]]);
});

test('channels keep record order, and latestBefore answers from received events only', () => {
  const t = new Timeline();
  for (const seq of [0, 4, 2]) t.add(event(seq));
  t.add(event(1, 'caucus:A'));
  t.add(event(9, 'main', true));
  assert.deepEqual(t.channel('main').map((e) => e.seq), [0, 2, 4, 9]);
  assert.equal(t.latestBefore(4)?.seq, 2);
  assert.equal(t.latestBefore(100)?.seq, 4);
  assert.equal(t.latestBefore(0), null);
});
