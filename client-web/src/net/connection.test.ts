// The connection's liveness: the browser going offline drops the socket at once (no 已连接 on a dead
// network), coming back reconnects at once, a silent socket is found dead, and 4001 ends for good.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test, vi } from 'vitest';
import { RoomConnection, type ConnectionStatus } from './connection';

class FakeSocket extends EventTarget {
  static OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  receive(data: string) {
    this.dispatchEvent(new MessageEvent('message', { data }));
  }
  closedByServer(code: number) {
    this.readyState = 3;
    this.dispatchEvent(Object.assign(new Event('close'), { code }));
  }
}

let sockets: FakeSocket[];
let statuses: ConnectionStatus[];
let refused: number;
const browser = Object.assign(new EventTarget(), { navigator: { onLine: true } });

function connect() {
  const c = new RoomConnection(
    'wss://x/r/room/ws',
    { hello: () => ({ type: 'hello' }), onFrame: () => {}, onStatus: (s) => statuses.push(s), onRefused: () => (refused += 1) },
    { idleMs: 1000, probeMs: 500, createSocket: () => sockets[sockets.push(new FakeSocket()) - 1] as unknown as WebSocket, events: browser as never },
  );
  c.start();
  return c;
}

const welcome = JSON.stringify({ type: 'welcome' });
const last = () => sockets[sockets.length - 1]!;

beforeEach(() => {
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
  sockets = [];
  statuses = [];
  refused = 0;
  browser.navigator.onLine = true;
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

test('offline drops the socket at once; online reconnects at once', () => {
  const c = connect();
  last().open();
  last().receive(welcome);
  assert.equal(statuses.at(-1), 'online');
  browser.navigator.onLine = false;
  browser.dispatchEvent(new Event('offline'));
  assert.equal(statuses.at(-1), 'offline');
  assert.equal(c.send({ type: 'typing', channel: 'main' }), false);
  browser.navigator.onLine = true;
  browser.dispatchEvent(new Event('online'));
  assert.equal(sockets.length, 2);
  last().open();
  assert.deepEqual(JSON.parse(last().sent[0]!), { type: 'hello' });
});

test('a silent socket is probed, then given up and replaced', () => {
  connect();
  last().open();
  last().receive(welcome);
  vi.advanceTimersByTime(1000);
  assert.deepEqual(JSON.parse(last().sent.at(-1)!), { type: 'checkpoint' });
  vi.advanceTimersByTime(500);
  assert.equal(statuses.at(-1), 'reconnecting');
  vi.advanceTimersByTime(1000);
  assert.equal(sockets.length, 2);
});

test('an answer to the probe keeps the socket', () => {
  connect();
  last().open();
  last().receive(welcome);
  vi.advanceTimersByTime(1000);
  last().receive(JSON.stringify({ type: 'error', code: 'out_of_range', message: '', ref: null }));
  vi.advanceTimersByTime(900);
  assert.equal(sockets.length, 1);
  assert.equal(statuses.at(-1), 'online');
});

test('closes before any welcome ask for an explanation; 4001 ends without retrying', () => {
  connect();
  last().closedByServer(1006);
  vi.advanceTimersByTime(1000);
  last().closedByServer(1006);
  assert.equal(refused, 1);
  vi.advanceTimersByTime(5000);
  last().open();
  last().receive(welcome);
  last().closedByServer(4001);
  assert.equal(statuses.at(-1), 'ended');
  vi.advanceTimersByTime(60000);
  assert.equal(sockets.length, 3);
});
