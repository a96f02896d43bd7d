import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { EventKind, EventOf } from '../protocol/types';
import { confirmedBy, emptyApplication, reduceApplication } from './application';

const event = (seq: number, kind: EventKind, actor: string, body: object) =>
  ({ type: 'event', seq, header: { kind, actor, time: 1000 + seq, channel: 'main' }, body }) as unknown as EventOf<EventKind>;

test('the latest application and who confirmed it; a new version is confirmed afresh', () => {
  const prepared = (seq: number, version: number) => event(seq, 'application.prepared', 'm', { version, sha256: String(version).repeat(64), court: '杭州市西湖区人民法院', basis: 'party_domicile', application: {} });
  const confirmed = (seq: number, version: number, signer: string) => event(seq, 'application.confirmed', signer, { version, signer });
  let s = [prepared(1, 1), confirmed(2, 1, 'a')].reduce(reduceApplication, emptyApplication);
  assert.equal(s.latest?.version, 1);
  assert.deepEqual([...confirmedBy(s)], ['a']);
  s = [prepared(3, 2), confirmed(4, 2, 'b')].reduce(reduceApplication, s);
  assert.equal(s.latest?.court, '杭州市西湖区人民法院');
  assert.deepEqual([...confirmedBy(s)], ['b']);
});
