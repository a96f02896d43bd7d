// A message that arrives while the tab is in the background shows in the tab title, and as a
// notification where the person allowed it. The notification names who wrote where, not what:
// a lock screen is no place for a caucus.
import { t } from '../../i18n/i18n';
import type { RoomSession } from '../../state/room-session';
import type { HeldEvent } from '../../state/timeline';
import { channelLabel } from '../common/labels';

export function watchAttention(session: RoomSession, title: () => string): () => string {
  let unseen = 0;
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden) {
      unseen = 0;
      document.title = title();
    }
  });
  session.onLive = (event: HeldEvent) => {
    if (!document.hidden || event.header.kind !== 'message' || event.header.actor === session.model.youId.value) return;
    unseen += 1;
    document.title = t('attention.title', { count: unseen, title: title() });
    if (typeof Notification !== 'undefined' && Notification.permission === 'granted') {
      const name = session.model.people.value.get(event.header.actor)?.name ?? t('person.unknown');
      new Notification(t('attention.notification', { name, channel: channelLabel(event.header.channel) }), { tag: session.roomId });
    }
  };
  return () => (unseen ? t('attention.title', { count: unseen, title: title() }) : title());
}
