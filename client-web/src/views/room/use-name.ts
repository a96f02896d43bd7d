import { t } from '../../i18n/i18n';
import { useRoom } from './RoomContext';

/** A participant's name as this person may know it. */
export function useName(id: string): string {
  return useRoom().model.people.value.get(id)?.name ?? t('person.unknown');
}
