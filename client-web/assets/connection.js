// One WebSocket to the room: hello on every (re)connect, automatic reconnect with backoff, and the
// close codes of PROTOCOL.md §4 that mean "stop" rather than "try again".
const sessionEnded = 4001;
const maxDelayMs = 15000;

export class RoomConnection {
  // handlers: hello() → hello frame, onFrame(frame), onStatus(state, detail)
  constructor(url, handlers) {
    this.url_ = url;
    this.handlers_ = handlers;
    this.socket_ = null;
    this.welcomed_ = false;
    this.failures_ = 0; // connections in a row that closed before a welcome
    this.attempt_ = 0;
    this.stopped_ = false;
    this.timer_ = null;
  }

  start() {
    this.stopped_ = false;
    this.connect_();
  }

  stop() {
    this.stopped_ = true;
    clearTimeout(this.timer_);
    if (this.socket_) this.socket_.close(1000, 'bye');
  }

  // Drops the current connection and opens a new one at once (a new hello is needed).
  restart() {
    this.attempt_ = 0;
    if (this.socket_) this.socket_.close(1000, 'bye');
  }

  // Sends only on a connection that has been welcomed; the caller keeps what could not go.
  send(frame) {
    if (!this.welcomed_ || this.socket_?.readyState !== WebSocket.OPEN) return false;
    this.socket_.send(JSON.stringify(frame));
    return true;
  }

  get stopped() {
    return this.stopped_;
  }

  get ready() {
    return this.welcomed_ && this.socket_?.readyState === WebSocket.OPEN;
  }

  connect_() {
    this.welcomed_ = false;
    this.handlers_.onStatus(this.attempt_ === 0 ? 'connecting' : 'offline');
    const socket = new WebSocket(this.url_);
    this.socket_ = socket;
    socket.addEventListener('open', () => socket.send(JSON.stringify(this.handlers_.hello())));
    socket.addEventListener('message', (e) => this.onMessage_(e));
    socket.addEventListener('close', (e) => this.onClose_(socket, e));
  }

  // A message may carry several frames, one per line (PROTOCOL.md §4).
  onMessage_(e) {
    for (const line of e.data.split('\n')) this.onFrame_(line);
  }

  onFrame_(text) {
    let frame;
    try {
      frame = JSON.parse(text);
    } catch {
      return;
    }
    if (frame.type === 'welcome') {
      this.welcomed_ = true;
      this.failures_ = 0;
      this.attempt_ = 0;
      this.handlers_.onStatus('online');
    }
    this.handlers_.onFrame(frame);
  }

  onClose_(socket, e) {
    if (socket !== this.socket_) return;
    if (!this.welcomed_) this.failures_ += 1;
    this.welcomed_ = false;
    if (this.stopped_) return;
    if (e.code === sessionEnded) {
      this.stopped_ = true;
      this.handlers_.onStatus('ended', e.code);
      return;
    }
    // A refused upgrade (401) is not visible to a page; repeated failures before welcome hint at it.
    this.handlers_.onStatus(this.failures_ >= 3 ? 'unreachable' : 'offline', e.code);
    const delay = Math.min(maxDelayMs, 500 * 2 ** this.attempt_) * (0.5 + Math.random() / 2);
    this.attempt_ += 1;
    this.timer_ = setTimeout(() => this.connect_(), delay);
  }
}
