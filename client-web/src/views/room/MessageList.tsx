import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { Channel } from '../../protocol/types';
import { channelLabel } from '../common/labels';
import { DaySeparator } from './DaySeparator';
import { OutgoingItem } from './MessageItem';
import { useRoom } from './RoomContext';
import { buildRows, type Row } from './rows';
import { TimelineEvent } from './timeline-renderers';
import { useVirtualList } from './use-virtual-list';

const nearEndPx = 80;

function RowView({ row }: { row: Row }) {
  if (row.type === 'day') return <DaySeparator label={row.label} />;
  if (row.type === 'outgoing') return <OutgoingItem item={row.item} />;
  return <TimelineEvent event={row.event} />;
}

/**
 * One channel's messages, newest at the bottom. Stays at the bottom while the person is there; leaves
 * them where they are when they scrolled up to read. Focusable, so arrow keys and Page Up/Down scroll.
 */
export function MessageList({ channel }: { channel: Channel }) {
  const { model } = useRoom();
  const version = model.version.value;
  const outgoing = model.outbox.value;
  // The day separators' words follow the language too.
  const rows = useMemo(
    () => buildRows(model.timeline.channel(channel), outgoing.filter((item) => item.channel === channel)),
    [version, outgoing, channel, t('date.today')],
  );
  const scrollRef = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const virtualizer = useVirtualList(rows.length, (i) => rows[i]!.key, scrollRef);

  useLayoutEffect(() => {
    if (stick.current && rows.length) virtualizer.scrollToIndex(rows.length - 1, { align: 'end' });
  }, [rows.length, rows[rows.length - 1]?.key]);

  const onScroll = () => {
    const el = scrollRef.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < nearEndPx;
  };

  const items = virtualizer.getVirtualItems();
  return (
    <div
      ref={scrollRef}
      class="messages"
      tabIndex={0}
      role="log"
      aria-label={t('messages.label', { channel: channelLabel(channel) })}
      data-testid={`messages-${channel}`}
      onScroll={onScroll}
    >
      {rows.length === 0 && <p class="empty muted">{t('messages.empty')}</p>}
      <div class="virtual-space" style={{ height: `${virtualizer.getTotalSize()}px` }}>
        <div class="virtual-window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
          {items.map((item) => (
            <div key={item.key} data-index={item.index} ref={virtualizer.measureElement} class="row">
              <RowView row={rows[item.index]!} />
            </div>
          ))}
        </div>
      </div>
    </div>
  );
}
