import { t } from '../../i18n/i18n';
import { errorMessage } from '../../i18n/errors';
import { useRoom } from './RoomContext';

/** A refusal from the server (rate, storage failure, …) until the person closes it. */
export function NoticeBanner() {
  const session = useRoom();
  const notice = session.model.notice.value;
  if (!notice) return null;
  return (
    <div class="banner" role="alert" data-testid="error-banner" data-code={notice.code}>
      <span data-testid="error-text">{errorMessage(notice.code) ?? t('error.unknown', { code: notice.code })}</span>
      <button type="button" class="link" data-testid="error-dismiss" onClick={() => session.dismissNotice()}>
        {t('common.close')}
      </button>
    </div>
  );
}
