/** A labelled choice among a fixed list of values, each shown by its label. */
export function SelectField<T extends string>({ label, value, options, labelOf, onChange, testid }: {
  label: string;
  value: T;
  options: readonly T[];
  labelOf(value: NoInfer<T>): string;
  onChange(value: NoInfer<T>): void;
  testid: string;
}) {
  return (
    <label>
      {label}
      <select data-testid={testid} value={value} onChange={(e) => onChange(e.currentTarget.value as T)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {labelOf(o)}
          </option>
        ))}
      </select>
    </label>
  );
}
