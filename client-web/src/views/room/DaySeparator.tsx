export function DaySeparator({ label }: { label: string }) {
  return (
    <div class="day" data-testid="day-separator" role="separator">
      <span>{label}</span>
    </div>
  );
}
