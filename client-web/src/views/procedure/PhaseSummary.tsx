import { formatDateTime, t } from '../../i18n/i18n';
import type { Phase, Role } from '../../protocol/types';
import { daysLeft } from '../../state/deadlines';
import { phaseLabel } from '../common/procedure-labels';
import { useCase } from './use-case';

/** What happens next in each phase, as each role needs to hear it. */
function nextStep(role: Role, phase: Phase, back: Phase | null): string {
  const who = role === 'mediator' ? 'mediator' : role === 'party' ? 'party' : 'other';
  if (phase === 'suspended') return t(`next.${who}.suspended`, { phase: back ? phaseLabel(back) : '' });
  return t(`next.${who}.${phase}`);
}

/** Days left to a deadline, or that it has passed. */
export function Deadline({ label, due, testid }: { label: string; due: string; testid: string }) {
  const left = daysLeft(due, Date.now());
  return (
    <p class={left < 0 ? 'deadline late' : 'deadline'} data-testid={testid} data-days-left={left}>
      {left < 0 ? t('deadline.passed', { label, due, days: -left }) : t('deadline.left', { label, due, days: left })}
    </p>
  );
}

/** The case's phase, since when, what comes next, and any running deadline. */
export function PhaseSummary() {
  const view = useCase();
  if (!view) return null;
  const { you, kase } = view;
  return (
    <div class="phase-summary" data-testid="phase-summary" data-phase={kase.phase}>
      <p class="phase-now">
        <span class="phase-chip" data-phase={kase.phase} data-testid="phase-label">
          {phaseLabel(kase.phase)}
        </span>{' '}
        <span class="muted small">{t('phase.since', { date: formatDateTime(kase.since) })}</span>
      </p>
      <p data-testid="phase-next">{nextStep(you.role, kase.phase, kase.suspended_from)}</p>
      {kase.confirmation_due && (kase.phase === 'agreed' || kase.phase === 'confirmation') && (
        <Deadline label={t('deadline.confirmation')} due={kase.confirmation_due} testid="confirmation-deadline" />
      )}
      {kase.followup_due && kase.phase === 'follow_up' && <Deadline label={t('deadline.followup')} due={kase.followup_due} testid="followup-deadline" />}
    </div>
  );
}
