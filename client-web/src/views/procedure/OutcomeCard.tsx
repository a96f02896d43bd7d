import { t } from '../../i18n/i18n';
import { routeLabel } from '../common/procedure-labels';
import { useName } from '../room/use-name';
import { Deadline } from './PhaseSummary';
import { useCase } from './use-case';

/** How the mediation ended, and for a party what to do next. */
export function OutcomeCard() {
  const view = useCase();
  const withdrewBy = useName(view?.procedure.withdrawal?.by ?? '');
  if (!view) return null;
  const { kase, procedure } = view;
  const { failure, referral, withdrawal } = procedure;
  if (!failure && !referral && !withdrawal && !kase.agreed_at) return null;
  return (
    <section class="sub outcome" aria-labelledby="outcome-title" data-testid="outcome">
      <h3 id="outcome-title">{t('outcome.title')}</h3>
      {kase.agreed_at && <p data-testid="outcome-agreed">{t('outcome.agreed')}</p>}
      {kase.agreed_at && kase.confirmation_due && (
        <Deadline label={t('deadline.confirmation')} due={kase.confirmation_due} testid="outcome-confirmation-deadline" />
      )}
      {withdrawal && <p data-testid="outcome-withdrawn">{t('outcome.withdrawn', { name: withdrewBy, reason: withdrawal.reason })}</p>}
      {failure && (
        <div data-testid="outcome-failed">
          <p>
            <strong>{t('outcome.notAgreed')}</strong>
          </p>
          <p>{t('outcome.reasonIs', { reason: failure.reason })}</p>
          <p class="small">{t('outcome.factsAre', { facts: failure.facts })}</p>
          {failure.conduct && <p class="small">{t('outcome.conductIs', { conduct: failure.conduct })}</p>}
        </div>
      )}
      {referral && (
        <div data-testid="outcome-referral" data-route={referral.route}>
          <p>
            <strong>{t('outcome.route', { route: routeLabel(referral.route) })}</strong>
          </p>
          <p>{t('outcome.reasonIs', { reason: referral.reason })}</p>
          <p>{t('outcome.nextSteps', { steps: referral.next_steps })}</p>
          <p class="muted small">{t(`outcome.routeHelp.${referral.route}`)}</p>
        </div>
      )}
      {(failure || withdrawal) && !referral && <p class="muted small">{t('outcome.referralComing')}</p>}
    </section>
  );
}
