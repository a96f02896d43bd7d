import { useState } from 'preact/hooks';
import { formatDateTime, formatTime, t } from '../../i18n/i18n';
import type { EventOf } from '../../protocol/types';
import type { OutboxItem } from '../../net/outbox';
import { errorMessage } from '../../i18n/errors';
import { personLabel } from '../common/labels';
import { useRoom } from './RoomContext';

// Past this a message is folded, so one paste does not fill a phone's screen many times over.
const foldAt = 600;

function Text({ text }: { text: string }) {
  const [open, setOpen] = useState(false);
  const long = text.length > foldAt + 100;
  return (
    <>
      {/* Always text, never markup: links and HTML in a message stay what was typed. */}
      <div class="text" data-testid="message-text">
        {long && !open ? `${text.slice(0, foldAt)}…` : text}
      </div>
      {long && (
        <button type="button" class="link small" data-testid="message-unfold" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? t('message.fold') : t('message.unfold', { count: text.length })}
        </button>
      )}
    </>
  );
}

/** A message of the record (sent), or just acknowledged and awaiting its event. */
export function MessageItem({ event }: { event: EventOf<'message'> & { provisional?: true } }) {
  const { model } = useRoom();
  const { header, body } = event;
  const mine = header.actor === model.youId.value;
  const person = model.people.value.get(header.actor);
  const sender = person ? personLabel(person) : t('person.unknown');
  return (
    <article class={`msg${mine ? ' mine' : ''}`} data-testid="message" data-state="sent" data-seq={event.seq} data-channel={header.channel} data-client-id={body.client_id}>
      <div class="meta">
        <span class="sender" data-testid="message-sender">
          {mine ? t('message.you') : sender}
        </span>
        <time dateTime={new Date(header.time).toISOString()} title={formatDateTime(header.time)} data-testid="message-time">
          {formatTime(header.time)}
        </time>
      </div>
      <Text text={body.text} />
    </article>
  );
}

/** One of this person's messages still in the outbox: waiting to go, or refused. */
export function OutgoingItem({ item }: { item: OutboxItem }) {
  const session = useRoom();
  return (
    <article class="msg mine" data-testid="message" data-state={item.state} data-channel={item.channel} data-client-id={item.id}>
      <div class="meta">
        <span class="sender" data-testid="message-sender">{t('message.you')}</span>
        <span class={`state ${item.state}`} data-testid="message-state">
          {item.state === 'pending' ? t('message.pending') : t('message.failed', { reason: errorMessage(item.code ?? '') ?? '' })}
        </span>
      </div>
      <Text text={item.text} />
      {item.state === 'failed' && (
        <button type="button" class="link small" data-testid="message-discard" onClick={() => session.discard(item.id)}>
          {t('message.discard')}
        </button>
      )}
    </article>
  );
}
