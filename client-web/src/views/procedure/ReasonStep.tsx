import { useState } from 'preact/hooks';
import { ActForm } from './ActForm';
import { TextField } from './TextField';
import { useAct } from './use-act';

interface Props {
  openLabel: string;
  label: string;
  submitLabel: string;
  testid: string;
  max?: number;
  /** Takes the step with the reason given; true when recorded. */
  take(run: ReturnType<typeof useAct>['run'], reason: string): Promise<boolean>;
}

/** A step whose one field is a reason (suspend, notice given otherwise…). */
export function ReasonStep({ openLabel, label, submitLabel, testid, max = 500, take }: Props) {
  const [reason, setReason] = useState('');
  const { busy, refused, run } = useAct();
  return (
    <ActForm openLabel={openLabel} submitLabel={submitLabel} testid={testid} busy={busy} refused={refused} ready={Boolean(reason.trim())} onSubmit={() => take(run, reason.trim())}>
      <TextField label={label} value={reason} onInput={setReason} max={max} required testid={`${testid}-reason`} />
    </ActForm>
  );
}
