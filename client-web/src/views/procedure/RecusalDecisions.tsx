import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { actionOpen } from '../../state/phases';
import type { RecusalRequest } from '../../state/procedure';
import { ActForm } from './ActForm';
import { RecusalStatus } from './RecusalRequest';
import { TextField } from './TextField';
import { useAct } from './use-act';
import { PersonOption } from './PersonOption';
import { useCase } from './use-case';


function DecideForm({ request }: { request: RecusalRequest }) {
  const view = useCase()!;
  const [granted, setGranted] = useState(false);
  const [reason, setReason] = useState('');
  const candidates = view.kase.mediators.filter((id) => id !== request.mediator);
  const [replacement, setReplacement] = useState('');
  const { busy, refused, run } = useAct();
  // Granting the presiding mediator's recusal names who presides instead (PROTOCOL.md §6).
  const needsReplacement = granted && request.mediator === view.kase.presiding;
  const chosen = replacement || candidates[0] || '';
  return (
    <ActForm
      openLabel={t('recusal.decide')}
      submitLabel={t('recusal.decideSend')}
      testid="recusal-decide"
      busy={busy}
      refused={refused}
      ready={Boolean(reason.trim()) && (!needsReplacement || Boolean(chosen))}
      onSubmit={() => run('recusal.decide', { request: request.seq, granted, reason: reason.trim(), ...(granted && chosen ? { replacement: chosen } : {}) })}
    >
      <fieldset>
        <legend>{t('recusal.decision')}</legend>
        <label class="choice">
          <input type="radio" name={`recusal-${request.seq}`} checked={granted} data-testid="recusal-grant" onChange={() => setGranted(true)} />
          {t('recusal.grant')}
        </label>
        <label class="choice">
          <input type="radio" name={`recusal-${request.seq}`} checked={!granted} data-testid="recusal-refuse" onChange={() => setGranted(false)} />
          {t('recusal.refuse')}
        </label>
      </fieldset>
      {granted && (
        <label>
          {t('recusal.replacement')}
          <select data-testid="recusal-replacement" value={chosen} onChange={(e) => setReplacement(e.currentTarget.value)}>
            {candidates.length === 0 && <option value="">{t('recusal.noCandidate')}</option>}
            {candidates.map((id) => (
              <PersonOption key={id} id={id} />
            ))}
          </select>
        </label>
      )}
      <TextField label={t('recusal.decisionReason')} value={reason} onInput={setReason} max={1000} required testid="recusal-decision-reason" />
    </ActForm>
  );
}

/** Recusal requests (回避) and their decisions; a mediator never decides their own. */
export function RecusalDecisions() {
  const view = useCase();
  if (!view) return null;
  const open = actionOpen('recusal.decide', view.kase.phase);
  return (
    <ul class="plain items" data-testid="recusal-decisions">
      {view.procedure.recusals.map((r) => (
        <RecusalStatus key={r.seq} request={r}>
          {!r.decision && open && r.mediator !== view.you.id && <DecideForm request={r} />}
          {!r.decision && r.mediator === view.you.id && <p class="muted small">{t('recusal.notYours')}</p>}
        </RecusalStatus>
      ))}
    </ul>
  );
}
