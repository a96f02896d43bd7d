import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { actionOpen } from '../../state/phases';
import type { RecusalRequest as Request } from '../../state/procedure';
import { useName } from '../room/use-name';
import { ActForm } from './ActForm';
import { TextField } from './TextField';
import { useAct } from './use-act';
import { PersonOption } from './PersonOption';
import { useCase } from './use-case';


export function RecusalStatus({ request, children }: { request: Request; children?: ComponentChildren }) {
  const mediator = useName(request.mediator);
  const replacement = useName(request.decision?.replacement ?? '');
  const d = request.decision;
  return (
    <li class="item" data-testid="recusal-item" data-seq={request.seq} data-state={d ? (d.granted ? 'granted' : 'refused') : 'open'}>
      <p>{t('recusal.against', { mediator, reason: request.reason })}</p>
      <p class={d ? 'ok' : 'muted'} data-testid="recusal-decision">
        {!d
          ? t('recusal.waiting')
          : d.granted
            ? d.replacement
              ? t('recusal.grantedWith', { replacement, reason: d.reason })
              : t('recusal.granted', { reason: d.reason })
            : t('recusal.refused', { reason: d.reason })}
      </p>
      {children}
    </li>
  );
}

/** 回避: a party asks for a different mediator, with a reason, and sees each decision. */
export function RecusalRequestForm() {
  const view = useCase();
  const [mediator, setMediator] = useState('');
  const [reason, setReason] = useState('');
  const { busy, refused, run } = useAct();
  if (!view) return null;
  const mine = view.procedure.recusals.filter((r) => r.by === view.you.id);
  const canAsk = actionOpen('recusal.request', view.kase.phase);
  if (!canAsk && mine.length === 0) return null;
  const chosen = mediator || view.kase.presiding;
  const submit = async () => {
    const recorded = await run('recusal.request', { mediator: chosen, reason: reason.trim() });
    if (recorded) setReason('');
    return recorded;
  };
  return (
    <section class="sub" aria-labelledby="recusal-title">
      <h3 id="recusal-title">{t('recusal.title')}</h3>
      {mine.length > 0 && (
        <ul class="plain items" data-testid="recusal-list">
          {mine.map((r) => (
            <RecusalStatus key={r.seq} request={r} />
          ))}
        </ul>
      )}
      {canAsk && (
        <>
          <p class="muted small">{t('recusal.intro')}</p>
          <ActForm openLabel={t('recusal.ask')} submitLabel={t('recusal.send')} testid="recusal" busy={busy} refused={refused} ready={Boolean(reason.trim())} onSubmit={submit}>
            <label>
              {t('recusal.which')}
              <select data-testid="recusal-mediator" value={chosen} onChange={(e) => setMediator(e.currentTarget.value)}>
                {view.kase.mediators.map((id) => (
                  <PersonOption key={id} id={id} />
                ))}
              </select>
            </label>
            <TextField label={t('recusal.reason')} value={reason} onInput={setReason} max={1000} required testid="recusal-reason" />
          </ActForm>
        </>
      )}
    </section>
  );
}
