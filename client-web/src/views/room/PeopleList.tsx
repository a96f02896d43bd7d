import { t } from '../../i18n/i18n';
import { personLabel } from '../common/labels';
import { useRoom } from './RoomContext';

/** Who is here now; a mediator can bring each advisor into the joint room and out. */
export function PeopleList() {
  const session = useRoom();
  const { model } = session;
  const you = model.welcome.value?.you;
  const isMediator = you?.role === 'mediator';
  const online = model.online.value;
  return (
    <ul class="plain people" data-testid="presence-list" aria-label={t('side.online')}>
      {online.map((person) => {
        const inMain = model.advisorsInMain.value.has(person.id);
        return (
          <li key={person.id} data-testid="presence-item" data-participant-id={person.id}>
            <span class="dot" aria-hidden="true" />
            <span>
              {personLabel(person)}
              {person.id === you?.id ? ` ${t('people.you')}` : ''}
            </span>
            {isMediator && person.role === 'advisor' && (
              <button
                type="button"
                class="secondary small"
                data-testid="advisor-toggle"
                data-in-main={String(inMain)}
                onClick={() => session.setAdvisorInMain(person.id, !inMain)}
              >
                {t(inMain ? 'advisor.sendOut' : 'advisor.bringIn')}
              </button>
            )}
          </li>
        );
      })}
    </ul>
  );
}
