// How each event kind shows in the timeline. One entry per kind of server/event.schema.json: a kind
// added there fails the type check until it is given a renderer here (or null: shown nowhere).
import type { FunctionComponent } from 'preact';
import { t } from '../../i18n/i18n';
import type { EventKind, EventOf } from '../../protocol/types';
import type { HeldEvent } from '../../state/timeline';
import { MessageItem } from './MessageItem';
import { procedureLines } from './procedure-lines';
import { SystemLine } from './SystemLine';
import { useName } from './use-name';

type Renderer<K extends EventKind> = FunctionComponent<{ event: EventOf<K> & { provisional?: true } }> | null;

export const timelineRenderers: { [K in EventKind]: Renderer<K> } = {
  'room.created': ({ event }) => <SystemLine event={event} text={t('system.created', { title: event.body.title })} />,
  'participant.joined': ({ event }) => <SystemLine event={event} text={t('system.joined', { name: event.body.participant.name })} />,
  'participant.left': ({ event }) => <SystemLine event={event} text={t('system.left', { name: useName(event.body.participant) })} />,
  message: MessageItem,
  'advisor.admitted': ({ event }) => <SystemLine event={event} text={t('system.advisorIn', { name: event.body.participant.name })} />,
  'advisor.dismissed': ({ event }) => <SystemLine event={event} text={t('system.advisorOut', { name: event.body.participant.name })} />,
  ...procedureLines,
};

function rendererOf(event: HeldEvent): Renderer<EventKind> | undefined {
  return (timelineRenderers as Record<string, Renderer<EventKind> | undefined>)[event.header.kind];
}

/** Kinds this client does not know (a newer server) show nothing rather than break the list. */
export function hasRenderer(event: HeldEvent): boolean {
  return Boolean(rendererOf(event));
}

export function TimelineEvent({ event }: { event: HeldEvent }) {
  const Render = rendererOf(event);
  return Render ? <Render event={event as EventOf<EventKind>} /> : null;
}
