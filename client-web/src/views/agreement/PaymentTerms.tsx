import { t } from '../../i18n/i18n';
import type { MessageKey } from '../../i18n/catalogue';
import type { Draft } from '../../protocol/types';
import type { Payment } from '../../agreement/consent-statement';

const kinds: Payment['kind'][] = ['money', 'goods', 'securities'];
const blankPayment = (): Payment => ({ kind: 'money', amount: '', due: '', debtor: null, creditor: null });

/**
 * Marks an agreement item as a payment obligation and gives its terms (公证法 art. 37: what and how
 * much, by when, who owes whom), so its debtor can consent to compulsory enforcement. Debtor and
 * creditor are chosen from the draft's parties who sign in the room; the server checks them again.
 */
export function PaymentTerms({ draft, payment, onChange, item }: { draft: Draft; payment: Payment | undefined; onChange: (p: Payment | undefined) => void; item: string }) {
  const signers = draft.parties.filter((p) => p.participant);
  const set = (next: Partial<Payment>) => onChange({ ...(payment ?? blankPayment()), ...next });
  const person = (key: 'debtor' | 'creditor') => (
    <label>
      {t(`payment.${key}` as MessageKey)}
      <select data-testid={`payment-${key}-${item}`} value={payment?.[key] ?? ''} onChange={(e) => set(key === 'debtor' ? { debtor: e.currentTarget.value || null } : { creditor: e.currentTarget.value || null })}>
        <option value="">{t('payment.choose')}</option>
        {signers.map((p) => (
          <option key={p.participant} value={p.participant!}>
            {p.name}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <div class="payment-terms stack">
      <label class="choice">
        <input type="checkbox" data-testid={`payment-mark-${item}`} checked={Boolean(payment)} onChange={(e) => onChange(e.currentTarget.checked ? blankPayment() : undefined)} />
        <span>{t('payment.mark')}</span>
      </label>
      {payment && (
        <div class="row-actions">
          <label>
            {t('payment.kind')}
            <select data-testid={`payment-kind-${item}`} value={payment.kind} onChange={(e) => set({ kind: e.currentTarget.value as Payment['kind'] })}>
              {kinds.map((k) => (
                <option key={k} value={k}>
                  {t(`payment.kind.${k}` as MessageKey)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('payment.amount')}
            <input type="text" data-testid={`payment-amount-${item}`} maxLength={200} value={payment.amount} onInput={(e) => set({ amount: e.currentTarget.value })} />
          </label>
          <label>
            {t('payment.due')}
            <input type="date" data-testid={`payment-due-${item}`} value={payment.due} onInput={(e) => set({ due: e.currentTarget.value })} />
          </label>
          {person('debtor')}
          {person('creditor')}
        </div>
      )}
    </div>
  );
}
