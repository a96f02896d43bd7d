import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { actionOpen } from '../../state/phases';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { ActForm } from './ActForm';
import { TextField } from './TextField';
import { useAct } from './use-act';
import { useCase } from './use-case';

/** 撤回: a party ends the mediation before agreement, with a reason, after saying so twice. */
export function WithdrawForm() {
  const view = useCase();
  const [reason, setReason] = useState('');
  // The form's submit waits for the answer to the confirmation dialog.
  const [asking, setAsking] = useState<((recorded: boolean) => void) | null>(null);
  const { busy, refused, run } = useAct();
  if (!view || !actionOpen('case.withdraw', view.kase.phase)) return null;
  const answer = async (confirmed: boolean) => {
    const settle = asking!;
    setAsking(null);
    settle(confirmed && (await run('case.withdraw', { reason: reason.trim() })));
  };
  return (
    <section class="sub" aria-labelledby="withdraw-title">
      <h3 id="withdraw-title">{t('withdraw.title')}</h3>
      <p class="muted small">{t('withdraw.intro')}</p>
      <ActForm
        openLabel={t('withdraw.open')}
        submitLabel={t('withdraw.send')}
        testid="withdraw"
        busy={busy}
        refused={refused}
        ready={Boolean(reason.trim())}
        danger
        disabled={!view.procedure.identity[view.you.id]}
        onSubmit={() => new Promise<boolean>((resolve) => setAsking(() => resolve))}
      >
        <TextField label={t('withdraw.reason')} value={reason} onInput={setReason} max={500} required testid="withdraw-reason" />
      </ActForm>
      {asking && (
        <ConfirmDialog
          title={t('withdraw.confirmTitle')}
          message={t('withdraw.confirmMessage')}
          confirm={t('withdraw.confirm')}
          danger
          onConfirm={() => void answer(true)}
          onCancel={() => void answer(false)}
        />
      )}
    </section>
  );
}
