import { useEffect, useMemo } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { useRoom } from './RoomContext';

/**
 * How far this browser has checked the record, in plain words; the kept checkpoint ("a receipt")
 * can be saved as a small file, for anyone who wants to compare later.
 */
export function RecordStatus() {
  const session = useRoom();
  const { latest, verifiedUpTo, problem } = session.model.record.value;
  const url = useMemo(() => (latest ? URL.createObjectURL(new Blob([latest.note], { type: 'text/plain' })) : null), [latest?.note]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return (
    <div class="record" data-testid="record-status">
      {verifiedUpTo !== null && !problem ? (
        <p class="ok" data-testid="verified-status">
          {t('record.verified', { seq: verifiedUpTo })}
        </p>
      ) : (
        <p class="muted" data-testid="record-pending">
          {problem ? t('record.failedShort') : t('record.pending')}
        </p>
      )}
      {latest && url && (
        <p class="muted small">
          {t('record.receipt')}{' '}
          <a href={url} download={`checkpoint-${session.roomId}-${latest.size}.txt`} data-testid="checkpoint-download">
            {t('record.saveReceipt')}
          </a>
        </p>
      )}
    </div>
  );
}
