import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { RefusalText } from './RefusalText';
import type { Refused } from './use-act';

interface Props {
  /** The button that opens the form. */
  openLabel: string;
  submitLabel: string;
  testid: string;
  busy: boolean;
  refused: Refused | null;
  /** False keeps the submit button off (a required field is empty). */
  ready: boolean;
  /** Resolves true when the step was recorded: the form closes. */
  onSubmit(): Promise<boolean>;
  danger?: boolean;
  /** The open button is off (with the reason said beside it by the caller). */
  disabled?: boolean;
  children: ComponentChildren;
}

/** A step that needs a few fields: a button, then the fields, its refusal if any, submit or cancel. */
export function ActForm({ openLabel, submitLabel, testid, busy, refused, ready, onSubmit, danger, disabled, children }: Props) {
  const [open, setOpen] = useState(false);
  if (!open) {
    return (
      <button type="button" class={danger ? 'danger' : 'secondary'} data-testid={`${testid}-open`} disabled={disabled} onClick={() => setOpen(true)}>
        {openLabel}
      </button>
    );
  }
  return (
    <form
      class="stack act-form"
      data-testid={`${testid}-form`}
      onSubmit={async (e) => {
        e.preventDefault();
        if (await onSubmit()) setOpen(false);
      }}
    >
      {children}
      <RefusalText refused={refused} />
      <div class="row-actions">
        <button type="submit" class={danger ? 'danger' : ''} data-testid={`${testid}-send`} disabled={busy || !ready}>
          {submitLabel}
        </button>
        <button type="button" class="secondary" data-testid={`${testid}-cancel`} onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
