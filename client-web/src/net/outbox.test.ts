// The outbox: each message goes once per connection, a rate refusal re-sends only that message,
// a long queue goes out a window at a time, and what waits survives a reload.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test, vi } from 'vitest';
import type { ClientSend } from '../protocol/types';
import { memoryStorage } from '../storage';
import { Outbox } from './outbox';

let sent: ClientSend[];
let online: boolean;
let n: number;
const make = (storage = memoryStorage()) =>
  new Outbox('room1', storage, (f) => (online ? (sent.push(f), true) : false), () => {}, { window: 3, retryMs: 1000, newId: () => `id-${n++}` });

beforeEach(() => {
  sent = [];
  online = true;
  n = 0;
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

test('a message written offline waits, then goes once when the connection is back', () => {
  online = false;
  const box = make();
  box.add('main', 'hello');
  assert.equal(sent.length, 0);
  assert.equal(box.list()[0]?.state, 'pending');
  online = true;
  box.flush();
  box.flush();
  assert.deepEqual(sent.map((f) => f.text), ['hello']);
});

test('rate_limited re-sends that message alone, after the pause', () => {
  const box = make();
  box.add('main', 'a');
  box.add('main', 'b');
  assert.equal(sent.length, 2);
  box.retryLater('id-0');
  box.retryLater('id-0'); // a second refusal of the same send changes nothing
  assert.equal(sent.length, 2);
  vi.advanceTimersByTime(1000);
  assert.deepEqual(sent.map((f) => f.id), ['id-0', 'id-1', 'id-0']);
});

test('at most a window of messages is in flight; acks let the next go', () => {
  const box = make();
  for (const text of ['1', '2', '3', '4', '5']) box.add('main', text);
  assert.deepEqual(sent.map((f) => f.text), ['1', '2', '3']);
  box.remove('id-0');
  assert.deepEqual(sent.map((f) => f.text), ['1', '2', '3', '4']);
});

test('after a reconnect the unacknowledged are sent again with the same id; a reload keeps them', () => {
  const storage = memoryStorage();
  const box = make(storage);
  box.add('caucus:A', 'x');
  box.connectionLost();
  box.flush();
  assert.deepEqual(sent.map((f) => f.id), ['id-0', 'id-0']);
  const reloaded = make(storage);
  assert.deepEqual(reloaded.list().map((i) => [i.id, i.channel, i.text]), [['id-0', 'caucus:A', 'x']]);
});

test('a final refusal marks it not sent and it is never retried', () => {
  const box = make();
  box.add('main', 'too long');
  box.fail('id-0', 'text_too_long');
  box.connectionLost();
  box.flush();
  assert.equal(sent.length, 1);
  assert.equal(box.list()[0]?.state, 'failed');
});
