import { t } from '../../i18n/i18n';
import type { Channel } from '../../protocol/types';
import { channelLabel, channelShortLabel } from '../common/labels';
import { useRoom } from './RoomContext';

/** The channels as tabs (arrow keys move between them), each with its unread count. */
export function ChannelTabs({ channels }: { channels: readonly Channel[] }) {
  const session = useRoom();
  const { model } = session;
  const active = model.active.value;
  void model.version.value; // unread counts follow the timeline

  const move = (from: Channel, step: number) => {
    const next = channels[(channels.indexOf(from) + step + channels.length) % channels.length]!;
    session.select(next);
    document.getElementById(`tab-${next}`)?.focus();
  };

  return (
    <div class="tabs" role="tablist" aria-label={t('tabs.label')} data-testid="channel-tabs">
      {channels.map((channel) => {
        const unread = model.unread(channel);
        const selected = channel === active;
        return (
          <button
            key={channel}
            type="button"
            role="tab"
            id={`tab-${channel}`}
            class="tab"
            data-testid={`tab-${channel}`}
            aria-selected={selected}
            aria-controls={`pane-${channel}`}
            tabIndex={selected ? 0 : -1}
            onClick={() => session.select(channel)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight') move(channel, 1);
              if (e.key === 'ArrowLeft') move(channel, -1);
            }}
          >
            <span class="label-long">{channelLabel(channel)}</span>
            <span class="label-short">{channelShortLabel(channel)}</span>
            {unread > 0 && (
              <span class="badge" data-testid="tab-unread" aria-label={t('tabs.unread', { count: unread })}>
                {unread > 99 ? '99+' : unread}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}
