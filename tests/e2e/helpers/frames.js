// Records every WebSocket frame a page sends and receives, and checks each against protocol/schema.
import { frameProblems, httpProblems } from './schemas.js';

function parse(payload) {
  try {
    return JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

// Which http/ schema answers a request, by method and path (PROTOCOL.md §2).
function httpSchema(method, path, status) {
  if (status >= 400) return 'error';
  const routes = [
    ['POST', /^\/api\/login$/, 'login.response'],
    ['GET', /^\/api\/me$/, 'me.response'],
    ['GET', /^\/api\/fields$/, 'fields.response'],
    ['POST', /^\/api\/rooms$/, 'room-create.response'],
    ['GET', /^\/api\/rooms$/, 'rooms.response'],
    ['GET', /^\/api\/rooms\/[^/]+$/, 'room.response'],
    ['POST', /^\/api\/rooms\/[^/]+\/invites$/, 'invite-create.response'],
    ['GET', /^\/api\/rooms\/[^/]+\/invites$/, 'invites.response'],
    ['DELETE', /^\/api\/rooms\/[^/]+\/invites\/[^/]+$/, 'invite-revoke.response'],
    ['POST', /^\/api\/join$/, 'join.response'],
  ];
  return routes.find(([m, re]) => m === method && re.test(path))?.[2] ?? null;
}

export class FrameRecorder {
  constructor(ajv, label) {
    this.ajv_ = ajv;
    this.label = label;
    this.received = []; // raw text of every frame received
    this.sent = [];
    this.problems = [];
    this.unread = []; // API answers whose body the browser dropped before it could be read
  }

  attach(page) {
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => this.check_('server', payload, this.received));
      ws.on('framesent', ({ payload }) => this.check_('client', payload, this.sent));
    });
    page.on('response', (response) => this.checkResponse_(response));
    return this;
  }

  // The server may put several frames in one message, one per line (PROTOCOL.md §4); a
  // client's message is always one frame.
  check_(direction, payload, list) {
    const message = typeof payload === 'string' ? payload : payload.toString('utf8');
    const texts = direction === 'server' ? message.split('\n') : [message];
    for (const text of texts) {
      list.push(text);
      const frame = parse(text);
      for (const problem of frameProblems(this.ajv_, direction, frame)) {
        this.problems.push(`${this.label} ${direction} frame ${text.slice(0, 300)}: ${problem}`);
      }
    }
  }

  async checkResponse_(response) {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/') || response.status() === 204) return;
    const schema = httpSchema(response.request().method(), url.pathname, response.status());
    if (!schema) return;
    let text;
    try {
      text = await response.text();
    } catch {
      // The page navigated away first (join does at once); such answers are checked from node.
      this.unread.push(`${response.request().method()} ${url.pathname}`);
      return;
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      this.problems.push(`${this.label} ${response.request().method()} ${url.pathname}: answer is not JSON`);
      return;
    }
    for (const problem of httpProblems(this.ajv_, schema, body)) {
      this.problems.push(`${this.label} ${response.request().method()} ${url.pathname} ${response.status()}: ${problem}`);
    }
  }

  receivedFrames(type) {
    return this.received.map(parse).filter((f) => f && (!type || f.type === type));
  }

  sentFrames(type) {
    return this.sent.map(parse).filter((f) => f && (!type || f.type === type));
  }
}
