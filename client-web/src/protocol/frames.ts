// Frame helpers over the generated protocol types (PROTOCOL.md §4): splitting a server message
// into frames, typed dispatch by `type`, and narrowing events by kind.
import type { AnyEvent, Channel, ServerEvent, ServerFrame } from './generated';

export type FrameType = ServerFrame['type'];
export type FrameOf<T extends FrameType> = Extract<ServerFrame, { type: T }>;
/** One handler per server frame type: a frame type added to the schema fails the type check here. */
export type FrameHandlers = { [T in FrameType]: (frame: FrameOf<T>) => void };

/** The server may put several frames in one message, one per line. */
export function parseServerMessage(data: string): ServerFrame[] {
  const frames: ServerFrame[] = [];
  for (const line of data.split('\n')) {
    try {
      const frame: unknown = JSON.parse(line);
      if (frame && typeof frame === 'object' && typeof (frame as { type?: unknown }).type === 'string') {
        frames.push(frame as ServerFrame);
      }
    } catch {
      // A broken line is the server's bug; the frames around it still count.
    }
  }
  return frames;
}

export function dispatch(handlers: FrameHandlers, frame: ServerFrame): void {
  const handler = handlers[frame.type] as ((f: ServerFrame) => void) | undefined;
  handler?.(frame);
}

/** The server validated the body against its kind; the client takes it as typed. */
export function asEvent(frame: ServerEvent): AnyEvent {
  return frame as unknown as AnyEvent;
}


/** Channels in the order they are shown (DESIGN §3). */
export const channelOrder: readonly Channel[] = ['main', 'caucus:A', 'caucus:B', 'consult'];

export function sortChannels(channels: readonly Channel[]): Channel[] {
  return [...channels].sort((a, b) => channelOrder.indexOf(a) - channelOrder.indexOf(b));
}

/** Text length as the server counts it: Unicode code points. */
export function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** Not only white space (space, tab, CR, LF, U+3000), as the server requires. */
export function hasText(text: string): boolean {
  return /[^ \t\r\n\u3000]/.test(text);
}
