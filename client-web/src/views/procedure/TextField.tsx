import { useId } from 'preact/hooks';

interface Props {
  label: string;
  value: string;
  onInput(value: string): void;
  max: number;
  rows?: number;
  required?: boolean;
  hint?: string;
  testid: string;
}

/** A labelled text area (or one-line input when rows is 1) with its length limit and an optional hint. */
export function TextField({ label, value, onInput, max, rows = 3, required, hint, testid }: Props) {
  const id = useId();
  const common = {
    id,
    value,
    maxLength: max,
    required,
    'data-testid': testid,
    'aria-describedby': hint ? `${id}-hint` : undefined,
    onInput: (e: Event) => onInput((e.currentTarget as HTMLInputElement | HTMLTextAreaElement).value),
  };
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {rows === 1 ? <input type="text" {...common} /> : <textarea rows={rows} {...common} />}
      {hint && (
        <p id={`${id}-hint`} class="muted small">
          {hint}
        </p>
      )}
    </div>
  );
}
