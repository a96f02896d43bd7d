// Keeps the latest signed checkpoint this browser was shown (DESIGN §5: a copy held outside the
// server makes a later truncation or rewrite detectable) and offers it for download.
// Verification plugs in through `verify(checkpoint, held) → the seq the record is verified up to, or
// null`; `held` is the last checkpoint verified here (or the one kept from an earlier visit). A verify
// that finds the server misbehaving throws a RecordProblem: that is shown, never silently accepted.
export function parseNote(note) {
  // C2SP signed note: origin, tree size, root hash (base64), blank line, signature lines.
  const [origin, size, root] = note.split('\n');
  if (!origin || !/^\d+$/.test(size ?? '') || !root) return null;
  return { origin, size: Number(size), root };
}

// code: bad_signature | key_changed | rewritten | not_included | unproven
export class RecordProblem extends Error {
  constructor(code) {
    super(`record check failed: ${code}`);
    this.code = code;
  }
}

const verifyNothing = async () => null;

export class CheckpointKeeper {
  constructor(roomId, { storage = localStorage, verify = verifyNothing } = {}) {
    this.key_ = `mr.checkpoint.${roomId}`;
    this.storage_ = storage;
    this.verify_ = verify;
    this.latest = null; // {note, origin, size, root}
    this.held_ = null; // what the next checkpoint must be consistent with
    this.verifiedUpTo = null;
    this.problem = null; // a RecordProblem code; once set it stays for the life of the page
    this.next_ = null;
    this.working_ = null;
    try {
      const note = storage.getItem(this.key_);
      const parsed = note ? parseNote(note) : null;
      if (parsed) this.latest = this.held_ = { note, ...parsed };
    } catch {
      this.latest = null;
    }
  }

  // Checks one note at a time, in order; when several arrive meanwhile only the newest is checked.
  // Resolves once this note (or a newer one) has been dealt with.
  accept(note) {
    const parsed = parseNote(note);
    if (!parsed) return Promise.resolve();
    this.next_ = { note, ...parsed };
    this.working_ ??= this.work_();
    return this.working_;
  }

  async work_() {
    while (this.next_) {
      const checkpoint = this.next_;
      this.next_ = null;
      await this.check_(checkpoint);
    }
    this.working_ = null;
  }

  async check_(checkpoint) {
    if (this.problem || (this.latest && this.latest.size > checkpoint.size)) return;
    let upTo = null;
    try {
      upTo = await this.verify_(checkpoint, this.held_);
    } catch (error) {
      if (error instanceof RecordProblem) {
        // The held note stays: it is what the server's new claim contradicts.
        this.problem = error.code;
        this.verifiedUpTo = null;
        return;
      }
      console.warn('checkpoint not verified', error);
    }
    this.latest = checkpoint;
    try {
      this.storage_.setItem(this.key_, checkpoint.note);
    } catch {
      // Kept in memory only.
    }
    if (upTo !== null) {
      this.held_ = checkpoint;
      this.verifiedUpTo = upTo;
    }
  }

  downloadUrl() {
    return this.latest ? URL.createObjectURL(new Blob([this.latest.note], { type: 'text/plain' })) : null;
  }

  downloadName(roomId) {
    return `checkpoint-${roomId}-${this.latest?.size ?? 0}.txt`;
  }
}
