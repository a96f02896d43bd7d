import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';

/** Offers desktop notifications for messages that arrive while the tab is in the background. */
export function NotificationToggle() {
  const supported = typeof Notification !== 'undefined';
  const [permission, setPermission] = useState(supported ? Notification.permission : 'denied');
  if (!supported || permission === 'denied') return null;
  if (permission === 'granted') return <p class="muted small">{t('notify.on')}</p>;
  return (
    <button type="button" class="secondary small" data-testid="notify-enable" onClick={() => void Notification.requestPermission().then(setPermission)}>
      {t('notify.enable')}
    </button>
  );
}
