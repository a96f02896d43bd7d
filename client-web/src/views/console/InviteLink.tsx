import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';

/** A link to send, as text to copy and as a QR code to scan (the server draws the code). */
export function InviteLink({ link, qrSvg, name }: { link: string; qrSvg: string; name: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div class="invite-link" data-testid="invite-result">
      <img class="qr" data-testid="invite-qr" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`} alt={t('invite.qrAlt', { name })} />
      <div class="stack">
        <code data-testid="invite-link">{link}</code>
        <div class="row-actions">
          <button type="button" class="small" data-testid="invite-copy-button" onClick={() => void copy()}>
            {t('invite.copy')}
          </button>
          <span class="muted small" role="status" data-testid="invite-copy-status">
            {copied === 'yes' ? t('invite.copied') : copied === 'failed' ? t('invite.copyFailed') : ''}
          </span>
        </div>
        <p class="muted small">{t('invite.howToSend')}</p>
      </div>
    </div>
  );
}
