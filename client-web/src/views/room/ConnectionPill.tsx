import { t } from '../../i18n/i18n';
import { useRoom } from './RoomContext';

/** A short connection state beside the title; the banner below says more when it matters. */
export function ConnectionPill() {
  const status = useRoom().model.connection.value;
  return (
    <span class="pill" data-testid="connection-status" data-state={status} role="status">
      {t(`status.${status}`)}
    </span>
  );
}
