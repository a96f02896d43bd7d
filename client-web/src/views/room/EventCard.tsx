import type { ComponentChildren } from 'preact';
import { formatTime } from '../../i18n/i18n';
import type { HeldEvent } from '../../state/timeline';

/** A recorded step whose content the parties read: a titled card in the timeline. */
export function EventCard({ event, title, tone, testid, children }: { event: HeldEvent; title: string; tone?: 'warn' | 'legal'; testid?: string; children: ComponentChildren }) {
  return (
    <article class={`event-card${tone ? ` ${tone}` : ''}`} data-testid={testid ?? 'event-card'} data-seq={event.seq} data-kind={event.header.kind}>
      <div class="card-title">
        <strong>{title}</strong> <time class="muted">{formatTime(event.header.time)}</time>
      </div>
      {children}
    </article>
  );
}
