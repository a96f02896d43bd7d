import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { planSignature, type SignBlock, type SignInput } from '../../agreement/sign-plan';
import { latestVersion } from '../../state/agreement';
import type { MessageKey } from '../../i18n/catalogue';
import { RefusalText } from '../procedure/RefusalText';
import type { Refused } from '../procedure/use-act';
import { useRoom } from '../room/RoomContext';
import { useDraftHash } from './use-draft-hash';

const blockKeys: Record<SignBlock, MessageKey> = {
  no_draft: 'sign.block.no_draft',
  phase: 'sign.block.phase',
  not_a_signer: 'sign.block.not_a_signer',
  identity_unchecked: 'sign.block.identity_unchecked',
  checking: 'sign.block.checking',
  hash_mismatch: 'sign.block.hash_mismatch',
  already_signed: 'sign.block.already_signed',
  no_key: 'sign.block.no_key',
  key_revoked: 'sign.block.key_revoked',
  record_pending: 'sign.block.record_pending',
};

/** What this electronic signature is and is not (电子签名法 art. 13), said before anyone signs. */
export function SignatureMeaning() {
  return (
    <div class="note" role="note" data-testid="signature-meaning">
      <p>
        <strong>{t('sign.meaningTitle')}</strong>
      </p>
      <p>{t('sign.meaningKey')}</p>
      <p>{t('sign.meaningNot')}</p>
      <p>{t('sign.meaningIdentity')}</p>
    </div>
  );
}

/** The signer confirms the exact latest version in one step; the browser signs it with its own key. */
export function SignBox() {
  const session = useRoom();
  const { model } = session;
  const agreement = model.agreement.value;
  const version = latestVersion(agreement);
  const computed = useDraftHash(version);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<Refused | null>(null);
  const you = model.welcome.value?.you;
  const kase = model.caseState.value;
  // Once sealed there is nothing left to sign: the seal and the signed agreement show above.
  if (!you || !kase || !version || agreement.seal?.version === version.version) return null;
  const input = (): SignInput => ({
    room: session.roomId,
    you,
    phase: kase.phase,
    presiding: kase.presiding,
    identityChecked: Boolean(model.procedure.value.identity[you.id]),
    agreement,
    computedSha256: computed,
    deviceKey: model.deviceKey.value.fingerprint,
    record: model.record.value,
    now: Date.now(),
  });
  const plan = planSignature(input());
  if (!plan.ok && (plan.block === 'not_a_signer' || plan.block === 'phase') && you.role !== 'party' && you.role !== 'mediator') return null;

  const sign = async () => {
    const now = planSignature(input());
    if (!now.ok) return;
    setBusy(true);
    setRefused(null);
    const outcome = await session.signAgreement(now.statement, now.key);
    setBusy(false);
    if (!outcome.ok) setRefused({ code: outcome.code, rule: outcome.rule });
  };

  return (
    <div class="sign-box stack" data-testid="sign-box" data-ready={String(plan.ok)} data-block={plan.ok ? '' : plan.block}>
      <SignatureMeaning />
      {plan.ok ? (
        <>
          <p class="small">{t('sign.signingVersion', { version: version.version, hash: version.sha256.slice(0, 16) })}</p>
          <button type="button" class="sign-button" data-testid="sign-confirm" disabled={busy} onClick={() => void sign()}>
            {t('sign.confirm')}
          </button>
        </>
      ) : (
        <p class={plan.block === 'already_signed' ? 'ok' : plan.block === 'hash_mismatch' ? 'error' : 'muted'} data-testid="sign-blocked">
          {t(blockKeys[plan.block], { version: version.version })}
        </p>
      )}
      <RefusalText refused={refused} testid="sign-refusal" />
    </div>
  );
}
