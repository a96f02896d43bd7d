// Keeps the latest signed checkpoint this browser was shown (DESIGN §5: a copy held outside the
// server makes a later truncation or rewrite detectable) and offers it for download.
// Verification plugs in through `verify(checkpoint) → the seq the record is verified up to, or null`; until the
// proof checks exist nothing is reported as verified.
export function parseNote(note) {
  // C2SP signed note: origin, tree size, root hash (base64), blank line, signature lines.
  const [origin, size, root] = note.split('\n');
  if (!origin || !/^\d+$/.test(size ?? '') || !root) return null;
  return { origin, size: Number(size), root };
}

const verifyNothing = async () => null;

export class CheckpointKeeper {
  constructor(roomId, { storage = localStorage, verify = verifyNothing } = {}) {
    this.key_ = `mr.checkpoint.${roomId}`;
    this.storage_ = storage;
    this.verify_ = verify;
    this.latest = null; // {note, origin, size, root}
    this.verifiedUpTo = null;
    try {
      const note = storage.getItem(this.key_);
      const parsed = note ? parseNote(note) : null;
      if (parsed) this.latest = { note, ...parsed };
    } catch {
      this.latest = null;
    }
  }

  // Returns true when the note replaced the one held.
  async accept(note) {
    const parsed = parseNote(note);
    if (!parsed) return false;
    if (this.latest && this.latest.size > parsed.size) return false;
    this.latest = { note, ...parsed };
    try {
      this.storage_.setItem(this.key_, note);
    } catch {
      // Kept in memory only.
    }
    this.verifiedUpTo = await this.verify_(this.latest);
    return true;
  }

  downloadUrl() {
    return this.latest ? URL.createObjectURL(new Blob([this.latest.note], { type: 'text/plain' })) : null;
  }

  downloadName(roomId) {
    return `checkpoint-${roomId}-${this.latest?.size ?? 0}.txt`;
  }
}
