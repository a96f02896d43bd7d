import { useState } from 'preact/hooks';
import { formatDateTime, t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { consentWords, missingTerm, type Payment } from '../../agreement/consent-statement';
import { verifiedRecord } from '../../agreement/sign-plan';
import { consentTo, itemNumber, latestVersion, type DraftVersion } from '../../state/agreement';
import { RefusalText } from '../procedure/RefusalText';
import type { Refused } from '../procedure/use-act';
import { useRoom } from '../room/RoomContext';
import { useDraftHash } from './use-draft-hash';

const consentPhases = new Set(['mediation', 'agreed', 'confirmation']);

function nameIn(version: DraftVersion, participant: string | null): string {
  return version.draft.parties.find((p) => p.participant === participant)?.name ?? participant ?? '—';
}

/** One payment item: its terms, and the debtor's consent or the button with which they give it. */
function PaymentItem({ version, item, n, payment }: { version: DraftVersion; item: string; n: number; payment: Payment }) {
  const session = useRoom();
  const { model } = session;
  const computed = useDraftHash(version);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<Refused | null>(null);
  const you = model.welcome.value?.you;
  const kase = model.caseState.value;
  const consent = consentTo(model.agreement.value, version, item);
  const missing = missingTerm(version.draft, payment);
  const record = verifiedRecord(model.record.value);
  const key = model.deviceKey.value.fingerprint;
  const debtor = you?.role === 'party' && payment.debtor === you.id;
  const open = Boolean(kase && consentPhases.has(kase.phase));
  const give = async () => {
    if (!you || !record || !key || computed !== version.sha256) return;
    setBusy(true);
    setRefused(null);
    const outcome = await session.consentToEnforcement(
      { room: session.roomId, version: version.version, draftSha256: version.sha256, item, payment, signer: you.id, recordSize: record.size, recordRoot: record.root, time: Date.now() },
      key,
    );
    setBusy(false);
    if (!outcome.ok) setRefused({ code: outcome.code, rule: outcome.rule } as Refused);
  };
  return (
    <li class="stack" data-testid="payment-item" data-item={item} data-consented={String(Boolean(consent))}>
      <p>
        <strong>{t('consent.item', { n })}</strong>：
        {t('payment.summary', { amount: payment.amount || '—', due: payment.due || '—', debtor: nameIn(version, payment.debtor), creditor: nameIn(version, payment.creditor) })}（
        {t(`payment.kind.${payment.kind}` as MessageKey)}）
      </p>
      {consent ? (
        <p class="ok" data-testid="consent-given">
          {t('consent.given', { name: nameIn(version, consent.signer), time: formatDateTime(consent.time) })}
        </p>
      ) : missing ? (
        <p class="muted" data-testid="consent-incomplete">
          {t('consent.incomplete', { why: t(`payment.missing.${missing}` as MessageKey) })}
        </p>
      ) : debtor && open ? (
        record ? (
          <>
            <p class="note">{consentWords}</p>
            <button type="button" class="sign-button" data-testid="consent-give" disabled={busy || computed !== version.sha256} onClick={() => void give()}>
              {t('consent.give')}
            </button>
          </>
        ) : (
          <p class="muted">{t('consent.recordPending')}</p>
        )
      ) : (
        <p class="muted" data-testid="consent-waiting">
          {t('consent.none')}
        </p>
      )}
      <RefusalText refused={refused} testid="consent-refusal" />
    </li>
  );
}

/**
 * 赋强公证: the latest version's payment items, the debtor's consent to compulsory enforcement of
 * each (公证法 art. 37), and, once the agreement is sealed with a consent, the presiding mediator's
 * download of the notarisation package. The server checks role, phase, terms and signature again.
 */
export function EnforcementConsent() {
  const session = useRoom();
  const { model } = session;
  const version = latestVersion(model.agreement.value);
  const kase = model.caseState.value;
  const you = model.welcome.value?.you;
  if (!version || !kase || !you) return null;
  const items = version.draft.items.map((it, i) => ({ ...it, n: i + 1 })).filter((it) => it.payment);
  if (items.length === 0) return null;
  const presiding = you.role === 'mediator' && kase.presiding === you.id;
  const enforceable = kase.enforceable_items;
  return (
    <section class="stack notarisation" data-testid="enforcement-consent">
      <h3>{t('consent.title')}</h3>
      <p class="small">{t('consent.intro')}</p>
      <ul class="plain stack">
        {items.map((it) => (
          <PaymentItem key={it.id} version={version} item={it.id} n={it.n} payment={it.payment!} />
        ))}
      </ul>
      {enforceable.length > 0 && (
        <div class="stack" data-testid="notarisation-ready">
          <p>{t('notarise.ready', { items: enforceable.map((id) => itemNumber(version, id)).join(t('list.separator')) })}</p>
          {presiding && (
            <a class="button" data-testid="notarisation-download" href={`/api/rooms/${encodeURIComponent(session.roomId)}/package?kind=notarisation`} download>
              {t('notarise.download')}
            </a>
          )}
        </div>
      )}
    </section>
  );
}
