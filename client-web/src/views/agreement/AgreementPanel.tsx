import { t } from '../../i18n/i18n';
import { shortFingerprint } from '../../agreement/signing';
import { latestVersion } from '../../state/agreement';
import { useRoom } from '../room/RoomContext';
import { HashBadge } from './HashBadge';
import { agreementScreen } from './open';
import { SignatureStates } from './SignatureStates';

/** The side panel's summary: the latest version, who signed, the seal, this device's key. */
export function AgreementPanel() {
  const { model } = useRoom();
  const agreement = model.agreement.value;
  const version = latestVersion(agreement);
  const you = model.welcome.value?.you;
  const device = model.deviceKey.value;
  const mediator = you?.role === 'mediator';
  const drafting = mediator && model.caseState.value?.phase === 'mediation' && !agreement.seal;
  return (
    <div class="stack" data-testid="agreement-panel" data-versions={agreement.versions.length} data-sealed={String(Boolean(agreement.seal))}>
      {version ? (
        <>
          <p>
            <strong>{t('agreement.versionN', { version: version.version })}</strong> <HashBadge version={version} />
          </p>
          <SignatureStates agreement={agreement} version={version} />
        </>
      ) : (
        <p class="muted small">{t('agreement.none')}</p>
      )}
      <div class="row-actions">
        {version && (
          <button type="button" data-testid="agreement-open" onClick={() => (agreementScreen.value = 'read')}>
            {t('agreement.open')}
          </button>
        )}
        {drafting && (
          <button type="button" class="secondary" data-testid="agreement-edit" onClick={() => (agreementScreen.value = 'edit')}>
            {t(version ? 'agreement.edit' : 'agreement.start')}
          </button>
        )}
        {version && version.version > 1 && (
          <button type="button" class="secondary" data-testid="agreement-versions" onClick={() => (agreementScreen.value = 'versions')}>
            {t('agreement.compare')}
          </button>
        )}
      </div>
      {device.fingerprint && (
        <p class="muted small" data-testid="my-key">
          {t('keys.mine', { key: shortFingerprint(device.fingerprint) })}{' '}
          <button type="button" class="link small" data-testid="keys-open" onClick={() => (agreementScreen.value = 'keys')}>
            {t('keys.manage')}
          </button>
        </p>
      )}
    </div>
  );
}
