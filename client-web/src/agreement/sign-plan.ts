// Whether this person can sign the latest version now, and if so the exact statement to sign. Pure:
// the views show the reason when not, and the session signs what this returns. The record's size
// and root come from the latest checkpoint this browser verified, and only once it covers the
// version being signed, so the signer's key commits to a history that holds the text they read.
import type { HeldCheckpoint, RecordStatus } from '../record/checkpoint-keeper';
import type { Phase, Role } from '../protocol/types';
import { latestVersion, requiredSigners, signaturesOn, type Agreement } from '../state/agreement';
import { rootHex, type SigningStatement } from './signing';

export type SignBlock =
  | 'no_draft' // nothing to sign yet
  | 'phase' // signing is a step of mediation only
  | 'not_a_signer' // an advisor, an observer, or a party the draft does not name
  | 'identity_unchecked' // a party whose identity no mediator has checked
  | 'checking' // the browser is still computing the version's hash
  | 'hash_mismatch' // the hash this browser computed is not the one recorded: do not sign
  | 'already_signed'
  | 'no_key' // this device has no registered key (yet)
  | 'key_revoked'
  | 'record_pending'; // no verified checkpoint covers the version yet (one follows within seconds)

export interface SignInput {
  room: string;
  you: { id: string; role: Role };
  phase: Phase;
  presiding: string | null;
  identityChecked: boolean;
  agreement: Agreement;
  /** The latest version's hash as this browser computed it (null while computing). */
  computedSha256: string | null;
  /** This device's key fingerprint, if it has one. */
  deviceKey: string | null;
  record: RecordStatus;
  now: number;
}

export type SignPlan = { ok: true; statement: SigningStatement; key: string } | { ok: false; block: SignBlock };

/** The latest checkpoint, when it is verified: its size and hex root. */
export function verifiedRecord(record: RecordStatus): { size: number; root: string; checkpoint: HeldCheckpoint } | null {
  const latest = record.latest;
  if (!latest || record.problem || record.verifiedUpTo !== latest.size - 1) return null;
  const root = rootHex(latest.root);
  return root ? { size: latest.size, root, checkpoint: latest } : null;
}

export function planSignature(input: SignInput): SignPlan {
  const { agreement, you } = input;
  const version = latestVersion(agreement);
  if (!version) return { ok: false, block: 'no_draft' };
  const role = you.role === 'party' || you.role === 'mediator' ? you.role : null;
  if (!role || (role === 'party' && !requiredSigners(version.draft, null).includes(you.id))) return { ok: false, block: 'not_a_signer' };
  if (signaturesOn(agreement, version)[you.id]) return { ok: false, block: 'already_signed' };
  if (input.phase !== 'mediation') return { ok: false, block: 'phase' };
  if (role === 'party' && !input.identityChecked) return { ok: false, block: 'identity_unchecked' };
  if (input.computedSha256 === null) return { ok: false, block: 'checking' };
  if (input.computedSha256 !== version.sha256) return { ok: false, block: 'hash_mismatch' };
  const key = input.deviceKey ? agreement.keys[input.deviceKey] : undefined;
  if (!key || key.participant !== you.id) return { ok: false, block: 'no_key' };
  if (key.revoked) return { ok: false, block: 'key_revoked' };
  const record = verifiedRecord(input.record);
  if (!record || record.size <= version.seq) return { ok: false, block: 'record_pending' };
  return {
    ok: true,
    key: key.key,
    statement: {
      room: input.room,
      version: version.version,
      draftSha256: version.sha256,
      signer: you.id,
      role,
      recordSize: record.size,
      recordRoot: record.root,
      time: input.now,
    },
  };
}
