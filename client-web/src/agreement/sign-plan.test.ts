import assert from 'node:assert/strict';
import { test } from 'vitest';
import { emptyAgreement, type Agreement } from '../state/agreement';
import type { Draft } from '../protocol/types';
import { draftV1 } from './test-drafts';
import { planSignature, type SignInput } from './sign-plan';

const A = 'b00000000001';
const M = 'a00000000001';
const root = 'vMBRP4ywb/m9H4qxhOqaLNg+mziGTunSDOkJ82sByMU=';
const at = (seq: number, by = M) => ({ seq, time: 1000 + seq, by });

const agreement: Agreement = {
  ...emptyAgreement,
  versions: [{ ...at(5), version: 1, sha256: 'a'.repeat(64), draft: draftV1 as Draft }],
  keys: { ['k'.repeat(64)]: { ...at(3, A), participant: A, key: 'k'.repeat(64), public_key: 'x', device: 'Chrome', revoked: null } },
};

const input: SignInput = {
  room: 'Rcase000000000a1',
  you: { id: A, role: 'party' },
  phase: 'mediation',
  presiding: M,
  identityChecked: true,
  agreement,
  computedSha256: 'a'.repeat(64),
  deviceKey: 'k'.repeat(64),
  record: { latest: { note: '', origin: 'x/room/Rcase000000000a1', size: 6, root }, verifiedUpTo: 5, problem: null },
  now: 1714521720000,
};

test('a checked party named in the draft signs the latest version over the verified record', () => {
  assert.deepEqual(planSignature(input), {
    ok: true,
    key: 'k'.repeat(64),
    statement: {
      room: 'Rcase000000000a1',
      version: 1,
      draftSha256: 'a'.repeat(64),
      signer: A,
      role: 'party',
      recordSize: 6,
      recordRoot: 'bcc0513f8cb06ff9bd1f8ab184ea9a2cd83e9b38864ee9d20ce909f36b01c8c5',
      time: 1714521720000,
    },
  });
});

test('each reason not to sign is named', () => {
  const block = (change: Partial<SignInput>) => {
    const plan = planSignature({ ...input, ...change });
    return plan.ok ? 'ok' : plan.block;
  };
  assert.equal(block({ agreement: emptyAgreement }), 'no_draft');
  assert.equal(block({ phase: 'agreed' }), 'phase');
  assert.equal(block({ you: { id: 'c00000000001', role: 'advisor' } }), 'not_a_signer');
  assert.equal(block({ you: { id: 'b00000000009', role: 'party' } }), 'not_a_signer');
  assert.equal(block({ identityChecked: false }), 'identity_unchecked');
  assert.equal(block({ computedSha256: null }), 'checking');
  assert.equal(block({ computedSha256: 'b'.repeat(64) }), 'hash_mismatch');
  assert.equal(block({ deviceKey: null }), 'no_key');
  assert.equal(block({ agreement: { ...agreement, keys: { ['k'.repeat(64)]: { ...agreement.keys['k'.repeat(64)]!, revoked: at(7) } } } }), 'key_revoked');
  // The checkpoint must be verified and cover the version's event (seq 5 → size ≥ 6).
  assert.equal(block({ record: { ...input.record, verifiedUpTo: null } }), 'record_pending');
  assert.equal(block({ record: { ...input.record, latest: { ...input.record.latest!, size: 5 }, verifiedUpTo: 4 } }), 'record_pending');
  assert.equal(block({ record: { ...input.record, problem: 'rewritten' } }), 'record_pending');
  const signed = { ...agreement, signatures: [{ ...at(8, A), version: 1, draft_sha256: 'a'.repeat(64), signer: A, role: 'party' as const, key: 'k'.repeat(64), record_size: 6, record_root: 'r', time: 1, signature: 's' }] };
  assert.equal(block({ agreement: signed }), 'already_signed');
  // The mediator signs as mediator without being named among the parties.
  const mediatorKey = { ...agreement.keys['k'.repeat(64)]!, participant: M };
  const plan = planSignature({ ...input, you: { id: M, role: 'mediator' }, identityChecked: false, agreement: { ...agreement, keys: { ['k'.repeat(64)]: mediatorKey } } });
  assert.ok(plan.ok && plan.statement.role === 'mediator');
});
