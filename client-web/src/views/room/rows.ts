// A channel's timeline as the rows the list shows: day separators, events with something to show,
// then this person's messages still in the outbox.
import { formatDay, sameDay } from '../../i18n/i18n';
import type { OutboxItem } from '../../net/outbox';
import type { HeldEvent } from '../../state/timeline';
import { hasRenderer } from './timeline-renderers';

export type Row =
  | { type: 'day'; key: string; label: string }
  | { type: 'event'; key: string; event: HeldEvent }
  | { type: 'outgoing'; key: string; item: OutboxItem };

export function buildRows(events: readonly HeldEvent[], outgoing: readonly OutboxItem[]): Row[] {
  const rows: Row[] = [];
  let lastTime: number | null = null;
  const day = (time: number) => {
    if (lastTime === null || !sameDay(lastTime, time)) rows.push({ type: 'day', key: `day-${time}`, label: formatDay(time) });
    lastTime = time;
  };
  for (const event of events) {
    if (!hasRenderer(event)) continue;
    day(event.header.time);
    rows.push({ type: 'event', key: `e${event.seq}`, event });
  }
  for (const item of outgoing) {
    day(item.at);
    rows.push({ type: 'outgoing', key: `o${item.id}`, item });
  }
  return rows;
}
