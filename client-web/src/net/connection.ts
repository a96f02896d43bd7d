// One WebSocket to the room: hello on every (re)connect, automatic reconnect with backoff, the close
// codes of PROTOCOL.md §4 that mean "stop" rather than "try again", and liveness. A socket can look
// open long after the network is gone, so the connection also follows the browser's online/offline
// events and, after a quiet spell, asks the server for its checkpoint: no answer means a dead socket.
import { parseServerMessage } from '../protocol/frames';
import type { ClientFrame, ClientHello, ServerFrame } from '../protocol/types';

export type ConnectionStatus =
  | 'connecting' // first attempt
  | 'online' // welcomed
  | 'reconnecting' // lost, trying again
  | 'offline' // the browser says there is no network; waiting for it
  | 'ended'; // the server ended this session (4001); never retried

export const closeCodes = { sessionEnded: 4001, rateLimitAbuse: 4008 } as const;

export interface ConnectionHandlers {
  hello(): ClientHello;
  onFrame(frame: ServerFrame): void;
  onStatus(status: ConnectionStatus): void;
  /** Several attempts in a row closed before a welcome: the link may be dead, or the server down. */
  onRefused(): void;
}

export interface ConnectionOptions {
  /** Quiet time after which the server is asked for something to prove the socket alive. */
  idleMs?: number;
  /** How long that answer may take. */
  probeMs?: number;
  maxDelayMs?: number;
  createSocket?: (url: string) => WebSocket;
  events?: Pick<Window, 'addEventListener'> & { navigator?: { onLine: boolean } };
}

export class RoomConnection {
  private socket: WebSocket | null = null;
  private welcomed = false;
  private stopped = false;
  private failures = 0; // connections in a row that closed before a welcome
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private probeTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly idleMs: number;
  private readonly probeMs: number;
  private readonly maxDelayMs: number;
  private readonly createSocket: (url: string) => WebSocket;
  private readonly online: () => boolean;

  constructor(
    private readonly url: string,
    private readonly handlers: ConnectionHandlers,
    options: ConnectionOptions = {},
  ) {
    this.idleMs = options.idleMs ?? 20000;
    this.probeMs = options.probeMs ?? 8000;
    this.maxDelayMs = options.maxDelayMs ?? 15000;
    this.createSocket = options.createSocket ?? ((u) => new WebSocket(u));
    const events = options.events ?? (typeof window === 'undefined' ? undefined : window);
    this.online = () => events?.navigator?.onLine ?? true;
    events?.addEventListener('offline', () => this.onBrowserOffline());
    events?.addEventListener('online', () => this.onBrowserOnline());
  }

  start(): void {
    this.stopped = false;
    this.connect();
  }

  /** Ends for good (the session is over); nothing reconnects. */
  stop(status: ConnectionStatus = 'ended'): void {
    if (this.stopped) return;
    this.stopped = true;
    this.clearTimers();
    this.socket?.close(1000, 'bye');
    this.socket = null;
    this.welcomed = false;
    this.handlers.onStatus(status);
  }

  /** Drops the current connection and opens a new one at once (a new hello is needed). */
  restart(): void {
    this.attempt = 0;
    this.drop();
    this.connect();
  }

  /** Sends only on a welcomed connection; the caller keeps what could not go. */
  send(frame: ClientFrame): boolean {
    if (!this.ready) return false;
    this.socket!.send(JSON.stringify(frame));
    return true;
  }

  get ready(): boolean {
    return this.welcomed && this.socket?.readyState === WebSocket.OPEN;
  }

  private connect(): void {
    if (this.stopped) return;
    clearTimeout(this.retryTimer);
    if (!this.online()) return this.handlers.onStatus('offline');
    this.welcomed = false;
    this.handlers.onStatus(this.attempt === 0 && this.failures === 0 ? 'connecting' : 'reconnecting');
    const socket = this.createSocket(this.url);
    this.socket = socket;
    socket.addEventListener('open', () => {
      socket.send(JSON.stringify(this.handlers.hello()));
      this.armIdle();
    });
    socket.addEventListener('message', (e: MessageEvent) => this.onMessage(socket, e));
    socket.addEventListener('close', (e: CloseEvent) => this.onClose(socket, e.code));
  }

  private onMessage(socket: WebSocket, e: MessageEvent): void {
    if (socket !== this.socket || typeof e.data !== 'string') return;
    this.armIdle();
    for (const frame of parseServerMessage(e.data)) {
      if (frame.type === 'welcome') {
        this.welcomed = true;
        this.failures = 0;
        this.attempt = 0;
        this.handlers.onStatus('online');
      }
      this.handlers.onFrame(frame);
    }
  }

  private onClose(socket: WebSocket, code: number): void {
    if (socket !== this.socket) return;
    if (!this.welcomed) this.failures += 1;
    this.drop();
    if (this.stopped) return;
    if (code === closeCodes.sessionEnded) return this.stop('ended');
    if (this.failures >= 2) this.handlers.onRefused();
    this.scheduleRetry(code === closeCodes.rateLimitAbuse ? this.maxDelayMs : 0);
  }

  private scheduleRetry(atLeastMs: number): void {
    if (this.stopped) return;
    if (!this.online()) return this.handlers.onStatus('offline');
    this.handlers.onStatus('reconnecting');
    const backoff = Math.min(this.maxDelayMs, 500 * 2 ** this.attempt) * (0.5 + Math.random() / 2);
    this.attempt += 1;
    this.retryTimer = setTimeout(() => this.connect(), Math.max(atLeastMs, backoff));
  }

  /** Forgets the socket without waiting for its close (which may never come on a dead network). */
  private drop(): void {
    this.clearTimers();
    const socket = this.socket;
    this.socket = null;
    this.welcomed = false;
    if (socket && socket.readyState <= WebSocket.OPEN) socket.close(1000, 'bye');
  }

  private clearTimers(): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.idleTimer);
    clearTimeout(this.probeTimer);
  }

  // Any frame proves the socket alive. After a quiet spell ask for the checkpoint (answered by the
  // checkpoint or an out_of_range error); silence after that means the socket is dead.
  private armIdle(): void {
    clearTimeout(this.idleTimer);
    clearTimeout(this.probeTimer);
    this.idleTimer = setTimeout(() => {
      if (!this.ready) return;
      this.socket!.send(JSON.stringify({ type: 'checkpoint' } satisfies ClientFrame));
      this.probeTimer = setTimeout(() => this.onDead(), this.probeMs);
    }, this.idleMs);
  }

  private onDead(): void {
    this.drop();
    this.scheduleRetry(0);
  }

  private onBrowserOffline(): void {
    if (this.stopped) return;
    this.drop();
    this.handlers.onStatus('offline');
  }

  private onBrowserOnline(): void {
    if (this.stopped || this.socket) return;
    this.attempt = 0;
    this.connect();
  }
}
