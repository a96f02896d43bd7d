// Checks each new checkpoint the way issue 3 asks: signed by the server's (pinned) key, consistent with
// the checkpoint this browser held before, and including the latest event this browser was shown.
// Plugs into CheckpointKeeper as its verify hook; a proof that fails throws a RecordProblem.
import { RecordProblem } from './checkpoint.js';
import { bytesToHex, equalBytes, headerLeafHash, hexToBytes, verifyCheckpoint, verifyConsistency, verifyInclusion } from './record-verify.js';

function hashes(path) {
  const out = Array.isArray(path) ? path.map(hexToBytes) : [null];
  return out.every((h) => h && h.length === 32) ? out : null;
}

export class RecordChecker {
  // keys: ServerKeys; proofs: ProofRequests; latestEvent(size) → the newest {seq, header} this browser
  // received with seq < size, or null.
  constructor(roomId, { keys, proofs, latestEvent }) {
    this.roomId_ = roomId;
    this.keys_ = keys;
    this.proofs_ = proofs;
    this.latestEvent_ = latestEvent;
  }

  // checkpoint and held: {note, …}. → the last seq verified (size − 1), or null when it could not be
  // checked now (no keys or no answer yet, no event of ours covered).
  async verify(checkpoint, held) {
    const keys = await this.keys_.get();
    if (!keys) return null;
    const signed = await verifyCheckpoint(checkpoint.note, keys);
    if (!signed || !signed.origin.endsWith(`/room/${this.roomId_}`)) throw new RecordProblem('bad_signature');
    // A held note that no listed key signed (or of another origin) proves nothing either way.
    const before = held ? await verifyCheckpoint(held.note, keys) : null;
    if (before && before.origin === signed.origin && before.size <= signed.size) {
      const consistent = await this.consistent_(before, signed);
      if (consistent === null) return null;
      if (!consistent) throw new RecordProblem('rewritten');
    }
    return this.included_(signed);
  }

  async consistent_(before, after) {
    if (before.size === after.size) return equalBytes(before.root, after.root);
    const answer = await this.proofs_.consistency(before.size, after.size);
    if (answer === null) return null;
    if (answer.type === 'error') throw new RecordProblem('unproven');
    const path = hashes(answer.path);
    return path !== null && verifyConsistency(before.size, after.size, before.root, after.root, path);
  }

  async included_(signed) {
    const event = this.latestEvent_(signed.size);
    if (!event) return null;
    const answer = await this.proofs_.inclusion(event.seq, signed.size);
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
