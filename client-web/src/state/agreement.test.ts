import assert from 'node:assert/strict';
import { beforeEach, test } from 'vitest';
import { draftV1 } from '../agreement/test-drafts';
import { missingFields, nextItemId, starterDraft } from '../agreement/starter-draft';
import type { Draft, EventKind, EventOf } from '../protocol/types';
import { documentsIn, emptyAgreement, itemNumber, keysOf, latestVersion, reduceAgreement, requiredSigners, signaturesOn, type Agreement } from './agreement';
import { event, resetSeq } from './test-events';

const A = 'b00000000001';
const B = 'b00000000002';
const M = 'a00000000001';
const run = (events: EventOf<EventKind>[]): Agreement => events.reduce(reduceAgreement, emptyAgreement);
const sign = (signer: string, version: number, sha256: string) =>
  event('agreement.signed', signer, { version, draft_sha256: sha256, signer, role: signer === M ? 'mediator' : 'party', key: 'k'.repeat(64), record_size: 3, record_root: 'r'.repeat(64), time: 1, signature: 's' });

beforeEach(resetSeq);

test('documents are kept per channel; versions in order; signatures never carry over to a new version', () => {
  const s = run([
    event('document.shared', A, { document: 'd000000000001', name: '收据.jpg', size: 10, type: 'image/jpeg', sha256: 'a'.repeat(64) }),
    event('document.shared', B, { document: 'd000000000002', name: '背对背.pdf', size: 10, type: 'application/pdf', sha256: 'b'.repeat(64) }, 'caucus:B'),
    event('draft.saved', M, { version: 1, sha256: '1'.repeat(64), draft: draftV1 }),
    sign(A, 1, '1'.repeat(64)),
    event('draft.saved', M, { version: 2, sha256: '2'.repeat(64), draft: draftV1 }),
    sign(B, 2, '2'.repeat(64)),
  ]);
  assert.deepEqual(documentsIn(s, 'main').map((d) => d.name), ['收据.jpg']);
  assert.deepEqual(documentsIn(s, 'caucus:B').map((d) => d.by), [B]);
  const latest = latestVersion(s)!;
  assert.equal(latest.version, 2);
  assert.deepEqual(Object.keys(signaturesOn(s, latest)), [B]);
  assert.deepEqual(Object.keys(signaturesOn(s, s.versions[0]!)), [A]);
  assert.deepEqual(requiredSigners(latest.draft, M), [A, B, M]);
});

test('a key is registered, then revoked; an unknown key\'s revocation changes nothing', () => {
  const s = run([
    event('key.registered', A, { participant: A, key: '1'.repeat(64), public_key: 'x', device: 'Chrome · Android' }),
    event('key.registered', A, { participant: A, key: '2'.repeat(64), public_key: 'y', device: 'Safari · iOS' }),
    event('key.revoked', M, { participant: A, key: '2'.repeat(64) }),
  ]);
  const keys = keysOf(s, A);
  assert.deepEqual(keys.map((k) => [k.device, Boolean(k.revoked)]), [['Chrome · Android', false], ['Safari · iOS', true]]);
  assert.equal(keys[1]!.revoked!.by, M);
  assert.equal(reduceAgreement(s, event('key.revoked', M, { participant: A, key: '9'.repeat(64) })), s);
});

test('the starter draft names the case\'s parties and what is still missing before it can be saved', () => {
  const draft = starterDraft('房产物业', [
    { participant: A, side: 'A', name: '李四' },
    { participant: null, side: 'B', name: '王五' },
  ]);
  assert.equal(draft.copies, 3);
  assert.deepEqual(draft.parties.map((p) => p.participant), [A, null]);
  assert.match(draft.items[0]!.text, /押金/);
  assert.deepEqual(missingFields(draft), ['facts']);
  assert.deepEqual(missingFields(starterDraft('没有模板的领域', [])), ['parties', 'facts']);
  assert.deepEqual(missingFields(draftV1), []);
  // Ids are never reused, even of an item a later version dropped.
  assert.equal(nextItemId(draftV1 as Draft, ['i7']), 'i8');
  assert.equal(nextItemId(draftV1 as Draft), 'i3');
});

test('an item is named by its number in the version, not by its id', () => {
  const s = run([event('draft.saved', M, { version: 1, sha256: '1'.repeat(64), draft: draftV1 })]);
  const v = latestVersion(s);
  const second = draftV1.items[1]!.id;
  assert.equal(itemNumber(v, second), '2');
  assert.equal(itemNumber(v, 'i99'), 'i99');
  assert.equal(itemNumber(null, second), second);
});
