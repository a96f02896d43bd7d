// Keeps the latest signed checkpoint this browser was shown (DESIGN §5: a copy held outside the
// server makes a later truncation or rewrite detectable) and offers it for download. Verification
// plugs in through `verify(checkpoint, held)`; `held` is the last checkpoint verified here (or the
// one kept from an earlier visit). A verify that finds the server misbehaving throws a RecordProblem:
// that is reported, never silently accepted.
import { RecordProblem, type RecordProblemCode } from './record-problem';
import type { KeyValueStorage } from '../storage';

export interface HeldCheckpoint {
  note: string;
  origin: string;
  size: number;
  root: string;
}

export interface RecordStatus {
  /** The latest checkpoint kept (verified or not yet checkable). */
  latest: HeldCheckpoint | null;
  /** The last seq the record is verified up to, on this page. */
  verifiedUpTo: number | null;
  /** Once set it stays for the life of the page. */
  problem: RecordProblemCode | null;
}

export type Verify = (checkpoint: HeldCheckpoint, held: HeldCheckpoint | null) => Promise<number | null>;

/** C2SP signed note: origin, tree size, root hash (base64), blank line, signature lines. */
export function parseNote(note: string): HeldCheckpoint | null {
  const [origin, size, root] = note.split('\n');
  if (!origin || !/^\d+$/.test(size ?? '') || !root) return null;
  return { note, origin, size: Number(size), root };
}

export class CheckpointKeeper {
  private held: HeldCheckpoint | null = null;
  private next: HeldCheckpoint | null = null;
  private working: Promise<void> | null = null;
  private status: RecordStatus = { latest: null, verifiedUpTo: null, problem: null };

  constructor(
    roomId: string,
    private readonly storage: KeyValueStorage,
    private readonly verify: Verify,
    private readonly onChange: (status: RecordStatus) => void = () => {},
  ) {
    this.key = `mr.checkpoint.${roomId}`;
    const saved = this.storage.getItem(this.key);
    const parsed = saved ? parseNote(saved) : null;
    if (parsed) this.held = this.status.latest = parsed;
  }

  private readonly key: string;

  get current(): RecordStatus {
    return this.status;
  }

  /**
   * Checks one note at a time, in order; when several arrive meanwhile only the newest is checked.
   * Resolves once this note (or a newer one) has been dealt with.
   */
  accept(note: string): Promise<void> {
    const parsed = parseNote(note);
    if (!parsed) return Promise.resolve();
    // The same note again (asked for as a liveness probe) proves nothing new.
    if (this.status.verifiedUpTo !== null && this.held?.note === note) return Promise.resolve();
    this.next = parsed;
    this.working ??= this.work();
    return this.working;
  }

  private async work(): Promise<void> {
    while (this.next) {
      const checkpoint = this.next;
      this.next = null;
      await this.check(checkpoint);
    }
    this.working = null;
  }

  private set(status: Partial<RecordStatus>): void {
    this.status = { ...this.status, ...status };
    this.onChange(this.status);
  }

  /** A problem found outside the checkpoints (a replay that starts short of what was seen). */
  report(problem: RecordProblemCode): void {
    if (!this.status.problem) this.set({ problem, verifiedUpTo: null });
  }

  private async check(checkpoint: HeldCheckpoint): Promise<void> {
    if (this.status.problem) return;
    // The server sends its newest checkpoint, and only stored ones: a smaller one than was kept
    // here means the store lost what it had signed.
    if (this.status.latest && this.status.latest.size > checkpoint.size) return this.report('behind');
    let upTo: number | null = null;
    try {
      upTo = await this.verify(checkpoint, this.held);
    } catch (error) {
      if (error instanceof RecordProblem) {
        // The held note stays: it is what the server's new claim contradicts.
        this.set({ problem: error.code, verifiedUpTo: null });
        return;
      }
      console.warn('checkpoint not verified', error);
    }
    try {
      this.storage.setItem(this.key, checkpoint.note);
    } catch {
      // Kept in memory only.
    }
    if (upTo !== null) this.held = checkpoint;
    this.set({ latest: checkpoint, ...(upTo !== null ? { verifiedUpTo: upTo } : {}) });
  }
}
