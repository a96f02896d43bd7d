import { formatDateTime, t } from '../../i18n/i18n';
import { shortFingerprint } from '../../agreement/signing';
import { requiredSigners, signaturesOn, type Agreement, type DraftVersion } from '../../state/agreement';
import { agreementUrl } from '../../documents/upload-http';
import { useRoom } from '../room/RoomContext';
import { useName } from '../room/use-name';

function SignerLine({ id, agreement, version }: { id: string; agreement: Agreement; version: DraftVersion }) {
  const name = useName(id);
  const signature = signaturesOn(agreement, version)[id];
  return (
    <li class="signer" data-testid="signer" data-signer={id} data-signed={String(Boolean(signature))}>
      <strong>{name}</strong>{' '}
      {signature ? (
        <span class="ok small">
          {t('sign.signedAt', { time: formatDateTime(signature.time) })} · {t('sign.keyIs', { key: shortFingerprint(signature.key) })}
        </span>
      ) : (
        <span class="muted small">{t('sign.notYet')}</span>
      )}
    </li>
  );
}

/** Who must sign the version and who has; the seal once it is there, with the signed agreement's links. */
export function SignatureStates({ agreement, version }: { agreement: Agreement; version: DraftVersion }) {
  const { model, roomId } = useRoom();
  const presiding = model.caseState.value?.presiding ?? null;
  const seal = agreement.seal && agreement.seal.version === version.version ? agreement.seal : null;
  return (
    <div class="signatures stack" data-testid="signature-states" data-version={version.version}>
      <ul class="plain">
        {requiredSigners(version.draft, presiding).map((id) => (
          <SignerLine key={id} id={id} agreement={agreement} version={version} />
        ))}
      </ul>
      {seal ? (
        <div class="seal" data-testid="agreement-seal">
          <p class="ok">{t('seal.done', { org: seal.org, time: formatDateTime(seal.time) })}</p>
          <p class="muted small">{t('seal.key', { key: shortFingerprint(seal.org_key) })}</p>
          <div class="row-actions">
            <a class="button" data-testid="agreement-html" href={agreementUrl(roomId, 'html')} target="_blank" rel="noopener">
              {t('seal.html')}
            </a>
            <a class="button secondary" data-testid="agreement-json" href={agreementUrl(roomId, 'json')} download={`agreement-${roomId}.json`}>
              {t('seal.json')}
            </a>
          </div>
        </div>
      ) : (
        <p class="muted small" data-testid="seal-pending">
          {t('seal.pending')}
        </p>
      )}
    </div>
  );
}
