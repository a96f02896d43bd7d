import { useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import { codePoints, hasText } from '../../protocol/frames';
import type { Channel } from '../../protocol/types';
import { channelLabel } from '../common/labels';
import { ClosedNote } from '../procedure/ClosedNote';
import { useRoom } from './RoomContext';

/**
 * Writes to one channel. Says the length limit before sending (nothing is cut), stays usable while
 * offline (the message waits in the outbox, visibly), and is off until the room is known.
 */
export function Composer({ channel }: { channel: Channel }) {
  const session = useRoom();
  const { model } = session;
  const [text, setText] = useState('');
  const limit = model.maxText.value;
  const length = codePoints(text);
  const over = length - limit;
  const ready = model.welcome.value !== null;
  const offline = model.connection.value !== 'online';
  const inputId = `composer-${channel}`;

  if (model.closed.value) return <ClosedNote />;
  if (ready && !model.writable.value.has(channel)) {
    return (
      <p class="readonly-note muted" data-testid="composer-readonly">
        {t('composer.readonly')}
      </p>
    );
  }

  const submit = () => {
    if (session.send(channel, text) === 'queued') setText('');
  };

  return (
    <form
      class="composer"
      data-testid="composer"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <label for={inputId} class="visually-hidden">
        {t('composer.label', { channel: channelLabel(channel) })}
      </label>
      <textarea
        id={inputId}
        rows={2}
        data-testid="message-input"
        disabled={!ready}
        placeholder={ready ? t('composer.placeholder') : t('composer.waiting')}
        aria-describedby={`${inputId}-hint`}
        aria-invalid={over > 0}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          session.typing(channel);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            submit();
          }
        }}
      />
      <button type="submit" data-testid="send-button" disabled={!ready || over > 0 || !hasText(text)}>
        {t('composer.send')}
      </button>
      <p id={`${inputId}-hint`} class={`composer-hint${over > 0 ? ' error' : ''}`} data-testid="composer-hint" aria-live="polite">
        {over > 0
          ? t('composer.tooLong', { limit, over })
          : length > limit * 0.8
            ? t('composer.count', { length, limit })
            : offline && ready
              ? t('composer.offline')
              : ''}
      </p>
    </form>
  );
}
