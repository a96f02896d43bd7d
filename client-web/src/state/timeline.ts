// The events this browser holds, per channel in record order, plus own messages acknowledged before
// their event arrived (provisional: shown, never used to check the record). Events arrive almost
// always in increasing seq, so adding is an append; a binary search covers the rest.
import type { AnyEvent, Channel } from '../protocol/types';

export type HeldEvent = AnyEvent & { provisional?: true };

function insertionPoint(list: readonly { seq: number }[], seq: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class Timeline {
  private channels = new Map<Channel, HeldEvent[]>();
  private received: HeldEvent[] = []; // every non-provisional event, by seq
  private seqs = new Map<number, HeldEvent>();
  lastSeq = -1;

  /** False for an event already held: a duplicate must never show twice. */
  add(event: HeldEvent): boolean {
    const held = this.seqs.get(event.seq);
    if (held && !held.provisional) return false;
    if (held) this.removeFromChannel(held);
    this.seqs.set(event.seq, event);
    this.insert(this.channelList(event.header.channel), event);
    if (!event.provisional) {
      this.insert(this.received, event);
      if (event.seq > this.lastSeq) this.lastSeq = event.seq;
    }
    return true;
  }

  has(seq: number): boolean {
    return this.seqs.has(seq);
  }

  channel(channel: Channel): readonly HeldEvent[] {
    return this.channels.get(channel) ?? [];
  }

  /** Every event received (not merely acknowledged), in seq order: what the cache keeps. */
  all(): readonly HeldEvent[] {
    return this.received;
  }

  /** The newest event received with seq < size: what a checkpoint of that size must include. */
  latestBefore(size: number): HeldEvent | null {
    const at = insertionPoint(this.received, size);
    return at > 0 ? this.received[at - 1]! : null;
  }

  clear(): void {
    this.channels.clear();
    this.received = [];
    this.seqs.clear();
    this.lastSeq = -1;
  }

  private channelList(channel: Channel): HeldEvent[] {
    let list = this.channels.get(channel);
    if (!list) this.channels.set(channel, (list = []));
    return list;
  }

  private insert(list: HeldEvent[], event: HeldEvent): void {
    if (list.length === 0 || list[list.length - 1]!.seq < event.seq) list.push(event);
    else list.splice(insertionPoint(list, event.seq), 0, event);
  }

  private removeFromChannel(event: HeldEvent): void {
    const list = this.channelList(event.header.channel);
    const at = insertionPoint(list, event.seq);
    if (list[at] === event) list.splice(at, 1);
  }
}
