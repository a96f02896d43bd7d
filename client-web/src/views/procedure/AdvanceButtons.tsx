import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { shanghaiDaysFrom } from '../../state/deadlines';
import { advanceTargets, type AdvanceTarget } from '../../state/phases';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { phaseLabel } from '../common/procedure-labels';
import { ActForm } from './ActForm';
import { RefusalText } from './RefusalText';
import { useAct } from './use-act';
import { useCase } from './use-case';

/** Moving to follow-up sets its due day (default 30 days on, PROTOCOL.md §6). */
function ToFollowup() {
  const [due, setDue] = useState(() => shanghaiDaysFrom(Date.now(), 30));
  const { busy, refused, run } = useAct();
  return (
    <ActForm
      openLabel={t('advance.to', { phase: phaseLabel('follow_up') })}
      submitLabel={t('advance.confirm')}
      testid="advance-follow_up"
      busy={busy}
      refused={refused}
      ready={Boolean(due)}
      onSubmit={() => run('phase.advance', { to: 'follow_up', due })}
    >
      <label>
        {t('advance.due')}
        <input type="date" data-testid="advance-due" value={due} required onInput={(e) => setDue(e.currentTarget.value)} />
      </label>
    </ActForm>
  );
}

/** The presiding mediator's "move on" buttons for the phases the machine allows from here. */
export function AdvanceButtons() {
  const view = useCase();
  const { busy, refused, run } = useAct();
  const [closing, setClosing] = useState(false);
  if (!view) return null;
  const targets = advanceTargets(view.kase.phase);
  if (targets.length === 0) return null;
  const go = (to: AdvanceTarget) => void run('phase.advance', { to });
  return (
    <div class="stack" data-testid="advance-buttons">
      <div class="row-actions">
        {targets.map((to) =>
          to === 'follow_up' ? (
            <ToFollowup key={to} />
          ) : (
            <button key={to} type="button" data-testid={`advance-${to}`} disabled={busy} onClick={() => (to === 'closed' ? setClosing(true) : go(to))}>
              {t(to === 'closed' ? 'advance.close' : 'advance.to', { phase: phaseLabel(to) })}
            </button>
          ),
        )}
      </div>
      <RefusalText refused={refused} testid="advance-refusal" />
      {closing && (
        <ConfirmDialog
          title={t('advance.closeTitle')}
          message={t('advance.closeMessage')}
          confirm={t('advance.close')}
          onConfirm={() => {
            setClosing(false);
            go('closed');
          }}
          onCancel={() => setClosing(false)}
        />
      )}
    </div>
  );
}
