import { t } from '../../i18n/i18n';
import { DisclosureAnswers } from './DisclosureAnswers';
import { FactConfirmations } from './FactConfirmations';
import { OutcomeCard } from './OutcomeCard';
import { RecusalRequestForm } from './RecusalRequest';
import { WithdrawForm } from './WithdrawForm';
import { useCase } from './use-case';

/** What a party can do in the procedure, in the order they will need it. */
export function PartyActions() {
  const view = useCase();
  if (!view) return null;
  const checked = Boolean(view.procedure.identity[view.you.id]);
  return (
    <div class="party-actions" data-testid="party-actions" data-identity-checked={String(checked)}>
      {!checked && view.kase.phase !== 'closed' && (
        <p class="note" role="note" data-testid="identity-pending">
          {t('identity.pending')}
        </p>
      )}
      <OutcomeCard />
      <DisclosureAnswers />
      <FactConfirmations />
      <RecusalRequestForm />
      <WithdrawForm />
    </div>
  );
}
