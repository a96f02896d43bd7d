// A stand-in for the server, for the browser tests of screens whose state is easier to set than to
// reach: the built client (client-web/dist) is served from a routed origin, the room's WebSocket is
// answered here (page.routeWebSocket), and every frame either way is checked against
// protocol/schema. The test says what the room holds and how each act is answered; real-server
// flows are in procedure.test.js.
import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameProblems, httpProblems } from './schemas.js';

const dist = fileURLToPath(new URL('../../../client-web/dist/', import.meta.url));
export const fakeOrigin = 'https://mediation.test';
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/** Canonical JSON (RECORD.md §1): keys sorted, no whitespace. */
export function canonical(value) {
  return JSON.stringify(value, (_, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v));
}

export const sha256Hex = (text) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

/** The hash a transcript entry carries (PROTOCOL.md §6). */
export const entrySha = ({ entry, kind, side, text, version }) => sha256Hex(canonical({ entry, kind, side, text, version }));

// The page a path of the static client is (PROTOCOL.md §2 "Static pages").
function staticFile(path) {
  if (path === '/') return 'index.html';
  if (path === '/console') return 'console.html';
  if (path === '/join') return 'join.html';
  if (/^\/r\/[^/]+\/$/.test(path)) return 'room.html';
  if (path.startsWith('/assets/')) return path.slice(1);
  return null;
}

export class FakeRoom {
  /**
   * room: Room; you: Participant; people: [Participant]; kase: Case; read/write: channels;
   * api: { 'GET /path': body } answers of the HTTP API (schema-checked by route name in `schemas`).
   */
  constructor(ajv, { room, you, people, kase, read = ['main'], write = ['main'], api = {} }) {
    this.ajv = ajv;
    this.room = room;
    this.you = you;
    this.people = people;
    this.kase = kase;
    this.read = read;
    this.write = write;
    this.api = api;
    this.events = [];
    this.sockets = new Set();
    this.acts = []; // every act frame the page sent
    this.problems = [];
    this.actWaiters = [];
    /** How an act is answered: return { events: [[kind, actor, body]], case?: patch } or { error: {code, rule} }. */
    this.onAct = () => ({ error: { code: 'forbidden' } });
  }

  /** Adds an event to the room (sent at once to a connected page). */
  add(kind, actor, body, channel = 'main') {
    const seq = this.events.length;
    const salt = randomBytes(16);
    const bodyText = canonical(body);
    const header = {
      v: 1,
      room: this.room.id,
      seq,
      time: Date.now() - 60_000 + seq * 1000,
      actor,
      kind,
      channel,
      salt: salt.toString('hex'),
      body_sha256: createHash('sha256').update(Buffer.concat([salt, Buffer.from(bodyText)])).digest('hex'),
    };
    const frame = { type: 'event', seq, header, body };
    this.events.push(frame);
    if (this.read.includes(channel)) this.broadcast(frame);
    return frame;
  }

  setCase(patch) {
    this.kase = { ...this.kase, ...patch };
    this.broadcast({ type: 'case', case: this.kase });
  }

  broadcast(frame) {
    for (const ws of this.sockets) this.send(ws, frame);
  }

  send(ws, frame) {
    for (const p of frameProblems(this.ajv, 'server', frame)) this.problems.push(`fake sent ${frame.type}: ${p}`);
    ws.send(JSON.stringify(frame));
  }

  /** Resolves with the next act frame of this action the page sends. */
  nextAct(action) {
    return new Promise((resolve) => this.actWaiters.push({ action, resolve }));
  }

  async attach(page) {
    await page.route(`${fakeOrigin}/**`, (route) => this.http(route));
    await page.routeWebSocket(/\/r\/[^/]+\/ws$/, (ws) => this.connect(ws));
  }

  async http(route) {
    const url = new URL(route.request().url());
    const file = staticFile(url.pathname);
    if (file) {
      const body = await readFile(join(dist, file));
      return route.fulfill({ status: 200, body, headers: { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' } });
    }
    const key = `${route.request().method()} ${url.pathname}${url.search}`;
    const answer = this.api[key] ?? this.api[`${route.request().method()} ${url.pathname}`];
    if (!answer) return route.fulfill({ status: 404, json: { error: 'not_found', message: key } });
    const { schema, status = 200, body } = answer;
    for (const p of httpProblems(this.ajv, status >= 400 ? 'error' : schema, body)) this.problems.push(`fake answered ${key}: ${p}`);
    return route.fulfill({ status, json: body });
  }

  connect(ws) {
    ws.onMessage((message) => {
      const frame = JSON.parse(message);
      for (const p of frameProblems(this.ajv, 'client', frame)) this.problems.push(`page sent ${message.slice(0, 200)}: ${p}`);
      if (frame.type === 'hello') return this.welcome(ws);
      if (frame.type === 'act') return this.act(ws, frame);
      if (frame.type === 'checkpoint') return this.send(ws, { type: 'error', code: 'out_of_range', message: 'no checkpoint', ref: frame.id ?? null });
    });
    ws.onClose(() => this.sockets.delete(ws));
  }

  welcome(ws) {
    const head = this.events.length - 1;
    this.send(ws, {
      type: 'welcome',
      room: this.room,
      you: this.you,
      case: this.kase,
      people: this.people,
      read: this.read,
      write: this.write,
      head: Math.max(head, 0),
      epoch: 1,
      reset: false,
      limits: { max_frame: 65536, max_text: 4000, rate: 20, burst: 40 },
    });
    for (const e of this.events) if (this.read.includes(e.header.channel)) this.send(ws, e);
    this.send(ws, { type: 'caught_up', head: Math.max(head, 0) });
    this.send(ws, { type: 'presence', online: this.people.map(({ id, name, role, side }) => ({ id, name, role, side })) });
    this.sockets.add(ws);
  }

  act(ws, frame) {
    this.acts.push(frame);
    const answer = this.onAct(frame) ?? { error: { code: 'forbidden' } };
    if (answer.error) {
      this.send(ws, { type: 'error', code: answer.error.code, message: 'refused by the test', ref: frame.id, ...(answer.error.rule ? { rule: answer.error.rule } : {}) });
    } else {
      let last = null;
      for (const [kind, actor, body] of answer.events ?? []) last = this.add(kind, actor ?? this.you.id, body);
      if (answer.case) this.setCase(answer.case);
      this.send(ws, { type: 'ack', id: frame.id, seq: last ? last.seq : this.events.length - 1, duplicate: false });
    }
    for (const w of this.actWaiters.filter((w) => w.action === frame.action)) w.resolve(frame);
    this.actWaiters = this.actWaiters.filter((w) => w.action !== frame.action);
  }
}
