import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { Draft } from '../protocol/types';
import { draftV1 } from './test-drafts';
import { consentStatementText, consentWords, missingTerm, type Payment } from './consent-statement';
import { consentTo, emptyAgreement, reduceAgreement } from '../state/agreement';
import { event } from '../state/test-events';

const A = 'b00000000001';
const B = 'b00000000002';
const payment: Payment = { kind: 'money', amount: '人民币24000元', due: '2026-02-01', debtor: B, creditor: A };
// draftV1 names A and B as its parties' participants.
const draft: Draft = draftV1;

test('the consent statement is the canonical JSON the server and verifiers rebuild (RECORD.md §5.4)', () => {
  const text = consentStatementText({ room: 'R1', version: 2, draftSha256: 'a'.repeat(64), item: 'i1', payment, signer: B, recordSize: 9, recordRoot: 'b'.repeat(64), time: 5 });
  assert.equal(
    text,
    `{"consent":"${consentWords}","draft_sha256":"${'a'.repeat(64)}","draft_version":2,"item":"i1","payment":{"amount":"人民币24000元","creditor":"${A}","debtor":"${B}","due":"2026-02-01","kind":"money"},"record_root":"${'b'.repeat(64)}","record_size":9,"role":"party","room":"R1","signer":"${B}","time":5,"type":"mediation-room/enforcement-consent/v1"}`,
  );
  assert.throws(() => consentStatementText({ room: 'R1', version: 0, draftSha256: 'a'.repeat(64), item: 'i1', payment, signer: B, recordSize: 9, recordRoot: 'b'.repeat(64), time: 5 }));
});

test('a term left open is named; debtor and creditor are two parties the draft names', () => {
  assert.equal(missingTerm(draft, payment), null);
  assert.equal(missingTerm(draft, { ...payment, amount: ' ' }), 'amount');
  assert.equal(missingTerm(draft, { ...payment, due: '' }), 'due');
  assert.equal(missingTerm(draft, { ...payment, debtor: null }), 'debtor');
  assert.equal(missingTerm(draft, { ...payment, creditor: B }), 'creditor');
});

test('a consent counts for the version and item it names only', () => {
  const saved = event('draft.saved', 'a00000000001', { version: 1, sha256: '1'.repeat(64), draft });
  const consented = event('enforcement.consented', B, { version: 1, draft_sha256: '1'.repeat(64), item: 'i1', payment, signer: B, role: 'party', key: 'k'.repeat(64), record_size: 3, record_root: 'r'.repeat(64), time: 1, signature: 's' });
  const s = [saved, consented].reduce(reduceAgreement, emptyAgreement);
  const version = s.versions[0]!;
  assert.equal(consentTo(s, version, 'i1')?.signer, B);
  assert.equal(consentTo(s, version, 'i2'), null);
  assert.equal(consentTo(s, { ...version, sha256: '2'.repeat(64) }, 'i1'), null);
});
