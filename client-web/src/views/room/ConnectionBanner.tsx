import { t } from '../../i18n/i18n';
import { useRoom } from './RoomContext';

/** Says when the connection is not there and what happens meanwhile: a dead network is not a dead link. */
export function ConnectionBanner() {
  const { model } = useRoom();
  const status = model.connection.value;
  const waiting = model.outbox.value.filter((item) => item.state === 'pending').length;
  let text: string | null = null;
  if (status === 'offline') text = t('banner.offline');
  else if (status === 'reconnecting') text = model.reach.value === 'unreachable' ? t('banner.unreachable') : t('banner.reconnecting');
  if (!text) return null;
  return (
    <div class="banner" role="status" data-testid="connection-banner" data-state={status}>
      <span>{text}</span>
      {waiting > 0 && <span data-testid="outbox-waiting">{t('banner.waiting', { count: waiting })}</span>}
    </div>
  );
}
