import { t } from '../../i18n/i18n';
import { phaseLabel } from '../common/procedure-labels';
import { partyTodo } from '../../state/party-todo';
import { useRoom } from '../room/RoomContext';
import { useCase } from './use-case';

/** Under the header for everyone: the phase, and for a party what waits for them. */
export function ProcedureBar({ noticeShown, onNotice, onTodo }: { noticeShown: boolean; onNotice(): void; onTodo(): void }) {
  const view = useCase();
  const due = useRoom().model.noticeDue.value;
  if (!view) return null;
  const { kase } = view;
  const todo = partyTodo(view.you, kase, view.procedure);
  return (
    <div class="procedure-bar" data-testid="procedure-bar" data-phase={kase.phase} data-notice={due === null ? 'unknown' : due ? 'due' : 'none'}>
      <span>
        {t('bar.phase')}{' '}
        <span class="phase-chip" data-phase={kase.phase} data-testid="bar-phase">
          {phaseLabel(kase.phase)}
        </span>
      </span>
      {kase.phase === 'closed' && <span data-testid="bar-closed">{t('bar.closed')}</span>}
      {due && !noticeShown && (
        <button type="button" class="small" data-testid="bar-notice" onClick={onNotice}>
          {t('bar.readNotice')}
        </button>
      )}
      {todo > 0 && (
        <button type="button" class="small" data-testid="bar-todo" data-count={todo} onClick={onTodo}>
          {t('bar.todo', { count: todo })}
        </button>
      )}
    </div>
  );
}
