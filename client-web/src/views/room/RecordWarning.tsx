import { t } from '../../i18n/i18n';
import { useRoom } from './RoomContext';

/** The record failed this browser's check: shown to everyone, never dismissed. */
export function RecordWarning() {
  const problem = useRoom().model.record.value.problem;
  if (!problem) return null;
  return (
    <div class="banner alarm" role="alert" data-testid="record-warning" data-problem={problem}>
      {t(`record.${problem}`)}
    </div>
  );
}
