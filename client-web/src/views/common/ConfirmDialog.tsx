import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/i18n';

interface Props {
  title: string;
  message: string;
  confirm: string;
  danger?: boolean;
  onConfirm(): void;
  onCancel(): void;
}

/** A modal question (the native <dialog>: focus stays inside, Escape cancels). */
export function ConfirmDialog({ title, message, confirm, danger, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    ref.current?.showModal();
  }, []);
  return (
    <dialog ref={ref} class="dialog" data-testid="confirm-dialog" aria-labelledby="confirm-title" onCancel={onCancel}>
      <h2 id="confirm-title">{title}</h2>
      <p>{message}</p>
      <div class="dialog-actions">
        <button type="button" class="secondary" data-testid="confirm-cancel" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="button" class={danger ? 'danger' : ''} data-testid="confirm-ok" onClick={onConfirm}>
          {confirm}
        </button>
      </div>
    </dialog>
  );
}
