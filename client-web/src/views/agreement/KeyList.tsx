import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../../i18n/i18n';
import { shortFingerprint } from '../../agreement/signing';
import { keysOf, type SigningKey } from '../../state/agreement';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { RefusalText } from '../procedure/RefusalText';
import { useAct } from '../procedure/use-act';
import { useRoom } from '../room/RoomContext';
import { useName } from '../room/use-name';

function KeyLine({ k, here, canRevoke }: { k: SigningKey; here: boolean; canRevoke: boolean }) {
  const [asking, setAsking] = useState(false);
  const { busy, refused, run } = useAct();
  return (
    <li class="signing-key" data-testid="signing-key" data-key={k.key} data-revoked={String(Boolean(k.revoked))} data-here={String(here)}>
      <code class="fingerprint">{shortFingerprint(k.key)}</code>
      <span class="muted small">
        {' '}
        {k.device} · {formatDateTime(k.time)}
        {here && ` · ${t('keys.thisDevice')}`}
      </span>{' '}
      {k.revoked ? <span class="error small">{t('keys.revoked', { time: formatDateTime(k.revoked.time) })}</span> : <span class="ok small">{t('keys.valid')}</span>}
      {canRevoke && !k.revoked && (
        <button type="button" class="danger small" data-testid="key-revoke" disabled={busy} onClick={() => setAsking(true)}>
          {t('keys.revoke')}
        </button>
      )}
      <RefusalText refused={refused} />
      {asking && (
        <ConfirmDialog
          title={t('keys.revokeTitle')}
          message={t('keys.revokeMessage', { key: shortFingerprint(k.key) })}
          confirm={t('keys.revoke')}
          danger
          onCancel={() => setAsking(false)}
          onConfirm={() => {
            setAsking(false);
            void run('key.revoke', { key: k.key });
          }}
        />
      )}
    </li>
  );
}

function PersonKeys({ participant, keys, here, you, mediator, closed }: { participant: string; keys: SigningKey[]; here: string | null; you: string; mediator: boolean; closed: boolean }) {
  const name = useName(participant);
  return (
    <li data-testid="key-owner" data-participant={participant}>
      <strong>{name}</strong>
      <ul class="plain">
        {keys.map((k) => (
          <KeyLine key={k.key} k={k} here={k.key === here} canRevoke={!closed && (participant === you || mediator)} />
        ))}
      </ul>
    </li>
  );
}

/** Every registered signing key by its owner; this device's own; revoking (owner or mediator). */
export function KeyList() {
  const session = useRoom();
  const { model } = session;
  const you = model.welcome.value?.you;
  const device = model.deviceKey.value;
  const agreement = model.agreement.value;
  if (!you) return null;
  const owners = [...new Set(Object.values(agreement.keys).map((k) => k.participant))];
  const mine = device.fingerprint ? agreement.keys[device.fingerprint] : undefined;
  return (
    <div class="stack" data-testid="key-list">
      <p class="small" data-testid="device-key" data-state={device.state} data-registered={String(Boolean(mine))} data-fingerprint={device.fingerprint ?? ''}>
        {device.state === 'ready' && device.fingerprint
          ? t(mine ? 'keys.deviceRegistered' : 'keys.deviceRegistering', { key: shortFingerprint(device.fingerprint) })
          : t(`keys.state.${device.state}`)}
      </p>
      {mine?.revoked && !model.closed.value && (
        <button type="button" data-testid="key-renew" onClick={() => void session.renewSigningKey()}>
          {t('keys.renew')}
        </button>
      )}
      <p class="muted small">{t('keys.explain')}</p>
      <ul class="plain">
        {owners.map((p) => (
          <PersonKeys key={p} participant={p} keys={keysOf(agreement, p)} here={device.fingerprint} you={you.id} mediator={you.role === 'mediator'} closed={model.closed.value} />
        ))}
      </ul>
    </div>
  );
}
