import type { HeldEvent } from '../../state/timeline';
import { formatTime } from '../../i18n/i18n';

/** A recorded happening that is not a message: joins, leaves, the advisor coming in or out. */
export function SystemLine({ event, text }: { event: HeldEvent; text: string }) {
  return (
    <p class="system" data-testid="system-line" data-seq={event.seq} data-kind={event.header.kind}>
      <span>{text}</span> <time class="muted">{formatTime(event.header.time)}</time>
    </p>
  );
}
