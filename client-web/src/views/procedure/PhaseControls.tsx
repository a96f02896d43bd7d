import { t } from '../../i18n/i18n';
import { actionOpen } from '../../state/phases';
import { useName } from '../room/use-name';
import { AdvanceButtons } from './AdvanceButtons';
import { FailForm, FollowupForm, ReferralForm } from './OutcomeForms';
import { RefusalText } from './RefusalText';
import { ReasonStep } from './ReasonStep';
import { useAct } from './use-act';
import { useCase } from './use-case';

function ResumeButton() {
  const { busy, refused, run } = useAct();
  return (
    <>
      <button type="button" data-testid="resume" disabled={busy} onClick={() => void run('case.resume', {})}>
        {t('suspend.resume')}
      </button>
      <RefusalText refused={refused} />
    </>
  );
}

/** The mediator's steps from the current phase; the presiding mediator drives, others assist. */
export function PhaseControls() {
  const view = useCase();
  const presidingName = useName(view?.kase.presiding ?? '');
  if (!view) return null;
  const { kase, presiding } = view;
  const phase = kase.phase;
  return (
    <div class="stack phase-controls" data-testid="phase-controls">
      {!presiding && phase !== 'closed' && <p class="muted small">{t('controls.assisting', { name: presidingName })}</p>}
      {presiding && <AdvanceButtons />}
      {presiding && phase === 'suspended' && <ResumeButton />}
      {presiding && actionOpen('case.suspend', phase) && (
        <ReasonStep
          openLabel={t('suspend.open')}
          label={t('suspend.reason')}
          submitLabel={t('suspend.send')}
          testid="suspend"
          take={(run, reason) => run('case.suspend', { reason })}
        />
      )}
      {presiding && actionOpen('mediation.fail', phase) && <FailForm />}
      {presiding && actionOpen('referral.record', phase) && <ReferralForm />}
      {actionOpen('followup.record', phase) && <FollowupForm />}
    </div>
  );
}
