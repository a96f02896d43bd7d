import { t } from '../../i18n/i18n';
import { phaseLabel } from '../common/procedure-labels';
import { partyTodo } from '../../state/party-todo';
import { useCase } from './use-case';

/** Under the header for everyone: the phase, and for a party what waits for them. */
export function ProcedureBar({ noticeShown, onNotice, onTodo }: { noticeShown: boolean; onNotice(): void; onTodo(): void }) {
  const view = useCase();
  if (!view) return null;
  const { kase } = view;
  const todo = partyTodo(view.you, kase, view.procedure);
  return (
    <div class="procedure-bar" data-testid="procedure-bar" data-phase={kase.phase}>
      <span>
        {t('bar.phase')}{' '}
        <span class="phase-chip" data-phase={kase.phase} data-testid="bar-phase">
          {phaseLabel(kase.phase)}
        </span>
      </span>
      {kase.phase === 'closed' && <span data-testid="bar-closed">{t('bar.closed')}</span>}
      {todo.notice && !noticeShown && (
        <button type="button" class="small" data-testid="bar-notice" onClick={onNotice}>
          {t('bar.readNotice')}
        </button>
      )}
      {todo.count > 0 && (
        <button type="button" class="small" data-testid="bar-todo" data-count={todo.count} onClick={onTodo}>
          {t('bar.todo', { count: todo.count })}
        </button>
      )}
    </div>
  );
}
