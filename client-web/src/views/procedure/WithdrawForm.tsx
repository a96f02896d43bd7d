import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { actionOpen } from '../../state/phases';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { RefusalText } from './RefusalText';
import { TextField } from './TextField';
import { useAct } from './use-act';
import { useCase } from './use-case';

/** 撤回: a party ends the mediation before agreement, with a reason, after saying so twice. */
export function WithdrawForm() {
  const view = useCase();
  const [open, setOpen] = useState(false);
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const { busy, refused, run } = useAct();
  if (!view || !actionOpen('case.withdraw', view.kase.phase)) return null;
  const checked = Boolean(view.procedure.identity[view.you.id]);
  const confirm = async () => {
    setAsking(false);
    if (await run('case.withdraw', { reason: reason.trim() })) setOpen(false);
  };
  return (
    <section class="sub" aria-labelledby="withdraw-title">
      <h3 id="withdraw-title">{t('withdraw.title')}</h3>
      {!open ? (
        <>
          <p class="muted small">{t('withdraw.intro')}</p>
          <button type="button" class="danger" data-testid="withdraw-open" disabled={!checked} onClick={() => setOpen(true)}>
            {t('withdraw.open')}
          </button>
        </>
      ) : (
        <form
          class="stack"
          onSubmit={(e) => {
            e.preventDefault();
            setAsking(true);
          }}
        >
          <TextField label={t('withdraw.reason')} value={reason} onInput={setReason} max={500} required testid="withdraw-reason" />
          <RefusalText refused={refused} />
          <div class="row-actions">
            <button type="submit" class="danger" data-testid="withdraw-send" disabled={busy || !reason.trim()}>
              {t('withdraw.send')}
            </button>
            <button type="button" class="secondary" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      {asking && (
        <ConfirmDialog title={t('withdraw.confirmTitle')} message={t('withdraw.confirmMessage')} confirm={t('withdraw.confirm')} danger onConfirm={() => void confirm()} onCancel={() => setAsking(false)} />
      )}
    </section>
  );
}
