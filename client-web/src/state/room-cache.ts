// What a tab keeps of a room between reloads (sessionStorage): the epoch, where to resume, whose
// history it is, and the events themselves, so a reload shows the history at once and asks the
// server only for what came after (PROTOCOL.md §3). What the person has read is kept per device
// (localStorage), so unread counts survive closing the tab.
import type { KeyValueStorage } from '../storage';
import type { Channel } from '../protocol/types';
import type { HeldEvent } from './timeline';

export interface CachedRoom {
  epoch: number | null;
  lastSeq: number;
  youId: string | null;
  events: HeldEvent[];
}

export class RoomCache {
  private readonly key: string;
  private readonly readKey: string;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    roomId: string,
    private readonly session: KeyValueStorage,
    private readonly local: KeyValueStorage,
  ) {
    this.key = `mr.room.${roomId}`;
    this.readKey = `mr.read.${roomId}`;
  }

  load(): CachedRoom | null {
    try {
      const saved = JSON.parse(this.session.getItem(this.key) ?? 'null') as CachedRoom | null;
      if (!saved || !Array.isArray(saved.events) || !Number.isInteger(saved.lastSeq)) return null;
      return saved;
    } catch {
      return null;
    }
  }

  /** Saving on every live event would rewrite the whole history each time; `soon` batches them. */
  save(snapshot: () => CachedRoom, soon = false): void {
    clearTimeout(this.timer);
    if (soon) {
      this.timer = setTimeout(() => this.save(snapshot), 1000);
      return;
    }
    try {
      this.session.setItem(this.key, JSON.stringify(snapshot()));
    } catch {
      // Storage full: drop the copy, so a reload replays everything rather than resuming with a hole.
      this.session.removeItem(this.key);
    }
  }

  forget(): void {
    clearTimeout(this.timer);
    this.session.removeItem(this.key);
    this.local.removeItem(this.readKey);
  }

  loadRead(youId: string): Partial<Record<Channel, number>> | null {
    try {
      const saved = JSON.parse(this.local.getItem(this.readKey) ?? 'null') as { youId: string; read: Partial<Record<Channel, number>> } | null;
      return saved?.youId === youId ? saved.read : null;
    } catch {
      return null;
    }
  }

  saveRead(youId: string, read: Partial<Record<Channel, number>>): void {
    try {
      this.local.setItem(this.readKey, JSON.stringify({ youId, read }));
    } catch {
      // Counts start afresh next time.
    }
  }
}
