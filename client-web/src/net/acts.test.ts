// Steps of the procedure are answered by their id: an ack with the event's seq, or the refusal with
// its rule; a lost connection or no connection at all fails them rather than leaving them hanging.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { ClientFrame } from '../protocol/types';
import { ActRequests } from './acts';

function setup(online = true) {
  const sent: ClientFrame[] = [];
  let n = 0;
  const acts = new ActRequests((frame) => (online ? (sent.push(frame), true) : false), () => `act-${++n}`);
  return { acts, sent };
}

test('an act goes out as an act frame and resolves with its ack', async () => {
  const { acts, sent } = setup();
  const done = acts.request('caucus.open', { side: 'A' });
  assert.deepEqual(sent, [{ type: 'act', id: 'act-1', action: 'caucus.open', args: { side: 'A' } }]);
  assert.equal(acts.answer({ type: 'ack', id: 'other', seq: 3, duplicate: false }), false);
  assert.equal(acts.answer({ type: 'ack', id: 'act-1', seq: 7, duplicate: false }), true);
  assert.deepEqual(await done, { ok: true, seq: 7 });
});

test('a refusal carries its code and rule', async () => {
  const { acts } = setup();
  const done = acts.request('phase.advance', { to: 'mediation' });
  assert.equal(acts.answer({ type: 'error', code: 'procedure', message: 'x', ref: 'act-1', rule: 'notice_unacknowledged' }), true);
  assert.deepEqual(await done, { ok: false, code: 'procedure', rule: 'notice_unacknowledged' });
  // An error that names no act is someone else's.
  assert.equal(acts.answer({ type: 'error', code: 'rate_limited', message: 'x', ref: null }), false);
});

test('offline, or the connection lost before the answer: a network failure', async () => {
  assert.deepEqual(await setup(false).acts.request('case.resume', {}), { ok: false, code: 'network', rule: null });
  const { acts } = setup();
  const done = acts.request('case.resume', {});
  acts.abandon();
  assert.deepEqual(await done, { ok: false, code: 'network', rule: null });
});
