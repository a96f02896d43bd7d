import { t } from '../../i18n/i18n';
import type { Channel } from '../../protocol/types';
import { useRoom } from './RoomContext';

/** Who is typing in this channel (cleared by their message or after a few seconds). */
export function TypingNotice({ channel }: { channel: Channel }) {
  const { model } = useRoom();
  const names = model.typing.value
    .filter((typing) => typing.channel === channel)
    .map((typing) => model.people.value.get(typing.participant)?.name ?? t('person.unknown'));
  return (
    <p class="typing" data-testid="typing-indicator" aria-live="polite">
      {names.length ? t('typing', { names: names.join(t('list.separator')) }) : ''}
    </p>
  );
}
