// Checks each new checkpoint: signed by the server's (pinned) key, consistent with the checkpoint
// this browser held before, and including the latest event this browser was shown. Plugs into
// CheckpointKeeper as its verify hook; a proof that fails throws a RecordProblem.
import type { EventHeader } from '../protocol/types';
import type { HeldCheckpoint } from './checkpoint-keeper';
import type { ProofRequests } from './proof-requests';
import { RecordProblem } from './record-problem';
import type { ServerKeys } from './server-keys';
import { bytesToHex, equalBytes, headerLeafHash, hexToBytes, verifyCheckpoint, verifyConsistency, verifyInclusion, type SignedCheckpoint } from './verify';

function hashes(path: unknown): Uint8Array[] | null {
  const out = Array.isArray(path) ? path.map(hexToBytes) : [null];
  return out.every((h): h is Uint8Array => h !== null && h.length === 32) ? out : null;
}

export interface SeenEvent {
  seq: number;
  header: EventHeader;
}

export class RecordChecker {
  /** latestEvent(size): the newest event this browser received with seq < size, or null. */
  constructor(
    private readonly roomId: string,
    private readonly keys: ServerKeys,
    private readonly proofs: ProofRequests,
    private readonly latestEvent: (size: number) => SeenEvent | null,
  ) {}

  /** → the last seq verified (size − 1), or null when it could not be checked now. */
  async verify(checkpoint: HeldCheckpoint, held: HeldCheckpoint | null): Promise<number | null> {
    const keys = await this.keys.get();
    if (!keys) return null;
    const signed = await verifyCheckpoint(checkpoint.note, keys);
    if (!signed || !signed.origin.endsWith(`/room/${this.roomId}`)) throw new RecordProblem('bad_signature');
    // A held note that no listed key signed (or of another origin) proves nothing either way.
    const before = held ? await verifyCheckpoint(held.note, keys) : null;
    if (before && before.origin === signed.origin && before.size <= signed.size) {
      const consistent = await this.consistent(before, signed);
      if (consistent === null) return null;
      if (!consistent) throw new RecordProblem('rewritten');
    }
    return this.included(signed);
  }

  private async consistent(before: SignedCheckpoint, after: SignedCheckpoint): Promise<boolean | null> {
    if (before.size === after.size) return equalBytes(before.root, after.root);
    const answer = await this.proofs.consistency(before.size, after.size);
    if (answer === null) return null;
    if (answer.type === 'error') throw new RecordProblem('unproven');
    const path = hashes(answer.path);
    return path !== null && verifyConsistency(before.size, after.size, before.root, after.root, path);
  }

  private async included(signed: SignedCheckpoint): Promise<number | null> {
    const event = this.latestEvent(signed.size);
    if (!event) return null;
    const answer = await this.proofs.inclusion(event.seq, signed.size);
    if (answer === null) return null;
    if (answer.type === 'error') throw new RecordProblem('unproven');
    // The leaf is hashed from the header as this browser received it, never taken from the server.
    const leaf = await headerLeafHash(event.header);
    const path = hashes(answer.path);
    if (bytesToHex(leaf) !== answer.leaf || !path || !(await verifyInclusion(leaf, event.seq, signed.size, path, signed.root))) {
      throw new RecordProblem('not_included');
    }
    return signed.size - 1;
  }
}
