import { t } from '../../i18n/i18n';

/** A closed case: the room is there to read, not to write (PROTOCOL.md §6). */
export function ClosedNote() {
  return (
    <p class="readonly-note muted" data-testid="composer-closed">
      {t('closed.readonly')}
    </p>
  );
}
