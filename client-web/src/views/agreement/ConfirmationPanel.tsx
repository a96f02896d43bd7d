import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import { applicationSha256, daysLeft } from '../../agreement/application-statement';
import { verifiedRecord } from '../../agreement/sign-plan';
import { confirmedBy } from '../../state/application';
import { RefusalText } from '../procedure/RefusalText';
import type { Refused } from '../procedure/use-act';
import { useRoom } from '../room/RoomContext';

type Basis = 'party_domicile' | 'property_location' | 'organisation_location';
const bases: Basis[] = ['organisation_location', 'party_domicile', 'property_location'];

/** The 30-day window (人民调解法 art. 33), from the case the server sends. */
function Deadline({ due }: { due: string }) {
  const days = daysLeft(due, Date.now());
  const text = days < 0 ? t('confirm.passed', { date: due }) : days === 0 ? t('confirm.deadlineToday', { date: due }) : t('confirm.deadline', { date: due, days });
  return (
    <p class={days < 0 ? 'warning' : 'note'} data-testid="confirmation-deadline" data-days-left={String(days)}>
      {text}
    </p>
  );
}

/**
 * 司法确认 once the agreement is sealed: the presiding mediator chooses the court and prepares the
 * application, each party named confirms it with this device's key, and the mediator downloads the
 * package. The server checks every step again (role, phase, signature).
 */
export function ConfirmationPanel() {
  const session = useRoom();
  const { model } = session;
  const kase = model.caseState.value;
  const you = model.welcome.value?.you;
  const { latest, confirmations } = model.application.value;
  const agreement = model.agreement.value;
  const [basis, setBasis] = useState<Basis>('organisation_location');
  const [court, setCourt] = useState('');
  const [ownership, setOwnership] = useState(false);
  const [busy, setBusy] = useState(false);
  const [refused, setRefused] = useState<Refused | null>(null);
  const [computed, setComputed] = useState<string | null>(null);
  useEffect(() => {
    setComputed(null);
    if (latest) void applicationSha256(latest.application).then(setComputed);
  }, [latest?.sha256]);
  if (!kase || !you || !agreement.seal || (kase.phase !== 'agreed' && kase.phase !== 'confirmation')) return null;
  const personalStatus = model.caseInfo.value?.field === '婚姻家庭';
  const presiding = you.role === 'mediator' && kase.presiding === you.id;
  const confirmed = confirmedBy(model.application.value);
  const due = kase.confirmation_due;

  const run = async (step: () => Promise<{ ok: boolean; code?: string; rule?: string | null }>) => {
    setBusy(true);
    setRefused(null);
    const outcome = await step();
    setBusy(false);
    if (!outcome.ok) setRefused({ code: outcome.code ?? 'unexpected', rule: outcome.rule ?? null } as Refused);
  };
  const prepare = () => run(() => session.act('application.prepare', { basis, court: court.trim(), confirms_ownership: ownership }));
  const record = verifiedRecord(model.record.value);
  const key = model.deviceKey.value.fingerprint;
  const canConfirm = latest && you.role === 'party' && !confirmed.has(you.id) && latest.application.applicants.length > 0;
  const confirm = () =>
    run(async () => {
      if (!latest || !record || !key || computed !== latest.sha256) return { ok: false, code: 'stale', rule: null };
      return session.confirmApplication({ room: session.roomId, version: latest.version, applicationSha256: latest.sha256, signer: you.id, recordSize: record.size, recordRoot: record.root, time: Date.now() }, key);
    });

  return (
    <section class="stack confirmation" data-testid="confirmation-panel">
      <h3>{t('confirm.title')}</h3>
      <p>{t('confirm.intro')}</p>
      {due && <Deadline due={due} />}
      {personalStatus && (
        <p class="warning" data-testid="confirmation-personal-status">
          {t('confirm.personalStatus')}
        </p>
      )}
      {presiding && !personalStatus && (
        <div class="stack" data-testid="confirmation-prepare">
          <fieldset>
            <legend>{t('confirm.basis')}</legend>
            {bases.map((b) => (
              // class choice: the radio sits beside its words (a .stack label is a grid that put each on a row of its own).
              <label key={b} class="choice" data-testid={`confirmation-basis-${b}`}>
                <input type="radio" name="confirm-basis" value={b} checked={basis === b} onChange={() => setBasis(b)} />
                <span>{t(`confirm.basis.${b}` as MessageKey)}</span>
              </label>
            ))}
          </fieldset>
          <label>
            {t('confirm.court')}
            <input type="text" data-testid="confirmation-court" value={court} maxLength={100} onInput={(e) => setCourt((e.target as HTMLInputElement).value)} />
          </label>
          <label class="choice">
            <input type="checkbox" checked={ownership} onChange={(e) => setOwnership((e.target as HTMLInputElement).checked)} />
            <span>{t('confirm.ownership')}</span>
          </label>
          <button type="button" data-testid="confirmation-prepare-button" disabled={busy || court.trim().length < 2} onClick={() => void prepare()}>
            {t('confirm.prepare')}
          </button>
        </div>
      )}
      {latest && (
        <div class="stack" data-testid="confirmation-application" data-version={latest.version}>
          <p>
            <strong>{t('confirm.prepared', { version: latest.version, court: latest.court, basis: latest.application.court.basis_words })}</strong>
          </p>
          <p>
            {t('confirm.request')}：{latest.application.request}
          </p>
          <p>{t('confirm.undertakings')}</p>
          <ol>
            {latest.application.undertakings.map((u) => (
              <li key={u}>{u}</li>
            ))}
          </ol>
          <ul data-testid="confirmation-states">
            {latest.application.applicants.map((a, i) => {
              const party = agreement.versions.find((v) => v.version === latest.application.agreement.version)?.draft.parties[i]?.participant ?? null;
              const done = party !== null && confirmed.has(party);
              return (
                <li key={a.name} data-confirmed={String(done)}>
                  {a.name}：{done ? t('confirm.confirmed') : t('confirm.waiting')}
                </li>
              );
            })}
          </ul>
          {canConfirm && (record ? (
            <button type="button" class="sign-button" data-testid="confirmation-confirm" disabled={busy || computed !== latest.sha256} onClick={() => void confirm()}>
              {t('confirm.confirm')}
            </button>
          ) : (
            <p class="muted">{t('confirm.recordPending')}</p>
          ))}
        </div>
      )}
      {presiding && latest && confirmations.length > 0 && (
        <a class="button" data-testid="confirmation-download" href={`/api/rooms/${encodeURIComponent(session.roomId)}/package`} download>
          {t('confirm.download')}
        </a>
      )}
      {!presiding && you.role === 'mediator' && <p class="muted">{t('confirm.notYou')}</p>}
      <RefusalText refused={refused} testid="confirmation-refusal" />
    </section>
  );
}
