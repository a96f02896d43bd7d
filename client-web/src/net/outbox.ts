// Messages written but not yet acknowledged. Kept in sessionStorage so that after a reconnect or a
// reload they are sent again with the same id, which the server makes idempotent (PROTOCOL.md §3).
// Each item is sent once per connection: a `rate_limited` refusal re-sends that item alone, later,
// and at most `window` items are in flight at a time so a long queue does not trip the limiter.
import type { Channel, ClientSend } from '../protocol/types';
import type { KeyValueStorage } from '../storage';

export type OutboxState = 'pending' | 'failed';

export interface OutboxItem {
  id: string;
  channel: Channel;
  text: string;
  state: OutboxState;
  /** The refusal, when failed. */
  code?: string;
  /** When it was written (shown beside it). */
  at: number;
}

export interface OutboxOptions {
  window?: number;
  retryMs?: number;
  newId?: () => string;
  now?: () => number;
}

export class Outbox {
  private items = new Map<string, OutboxItem>();
  private inFlight = new Set<string>();
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly key: string;
  private readonly window: number;
  private readonly retryMs: number;
  private readonly newId: () => string;
  private readonly now: () => number;

  /** send(frame) → false when there is no live connection; onChange() after every change. */
  constructor(
    roomId: string,
    private readonly storage: KeyValueStorage,
    private readonly send: (frame: ClientSend) => boolean,
    private readonly onChange: () => void = () => {},
    options: OutboxOptions = {},
  ) {
    this.key = `mr.outbox.${roomId}`;
    this.window = options.window ?? 10;
    this.retryMs = options.retryMs ?? 1500;
    this.newId = options.newId ?? (() => crypto.randomUUID());
    this.now = options.now ?? Date.now;
    try {
      const saved: unknown = JSON.parse(storage.getItem(this.key) ?? '[]');
      for (const item of Array.isArray(saved) ? (saved as OutboxItem[]) : []) this.items.set(item.id, item);
    } catch {
      this.items.clear();
    }
  }

  /** Queues a message and sends it if it can go now. */
  add(channel: Channel, text: string): OutboxItem {
    const item: OutboxItem = { id: this.newId(), channel, text, state: 'pending', at: this.now() };
    this.items.set(item.id, item);
    this.changed();
    this.flush();
    return item;
  }

  get(id: string): OutboxItem | undefined {
    return this.items.get(id);
  }

  /** Acknowledged (or its event seen): it leaves the outbox; the next waiting item may go. */
  remove(id: string): OutboxItem | undefined {
    const item = this.items.get(id);
    if (!item) return undefined;
    this.items.delete(id);
    this.inFlight.delete(id);
    this.changed();
    this.flush();
    return item;
  }

  /** The server refused it: nothing was recorded, so it is shown as not sent and not retried. */
  fail(id: string, code: string): void {
    const item = this.items.get(id);
    if (!item) return;
    item.state = 'failed';
    item.code = code;
    this.inFlight.delete(id);
    this.changed();
    this.flush();
  }

  /** Refused for the rate: only this item goes again, after a pause. */
  retryLater(id: string): void {
    if (!this.inFlight.delete(id)) return;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.flush(), this.retryMs);
  }

  /** A new connection: nothing sent on the old one will be answered there. */
  connectionLost(): void {
    this.inFlight.clear();
    clearTimeout(this.retryTimer);
  }

  /** Sends what waits and is not in flight, oldest first, up to the window. */
  flush(): void {
    for (const item of this.items.values()) {
      if (this.inFlight.size >= this.window) return;
      if (item.state !== 'pending' || this.inFlight.has(item.id)) continue;
      if (!this.send({ type: 'send', id: item.id, channel: item.channel, text: item.text })) return;
      this.inFlight.add(item.id);
    }
  }

  /** Drops a failed item the person chose to discard. */
  discard(id: string): void {
    if (this.items.get(id)?.state === 'failed') this.remove(id);
  }

  /** Everything for another person or a dead session: nothing of it may be shown or sent. */
  clear(): void {
    this.items.clear();
    this.connectionLost();
    this.changed();
  }

  list(channel?: Channel): OutboxItem[] {
    return [...this.items.values()].filter((item) => channel === undefined || item.channel === channel);
  }

  private changed(): void {
    try {
      if (this.items.size) this.storage.setItem(this.key, JSON.stringify([...this.items.values()]));
      else this.storage.removeItem(this.key);
    } catch {
      // Without storage the outbox still works for this page.
    }
    this.onChange();
  }
}
