// Records every WebSocket frame a page sends and receives and every API answer it reads, and checks
// each against protocol/schema. An /api/ answer of a route it does not know is a problem too.
import { frameProblems, httpProblems } from './schemas.js';

function parse(payload) {
  try {
    return JSON.parse(typeof payload === 'string' ? payload : payload.toString('utf8'));
  } catch {
    return undefined;
  }
}

// Which http/ schema answers a request, by method and path (PROTOCOL.md §2); 'zip' and 'empty'
// are answers without a JSON body.
const routes = [
  ['POST', /^\/api\/login$/, 'login.response'],
  ['POST', /^\/api\/logout$/, 'empty'],
  ['GET', /^\/api\/me$/, 'me.response'],
  ['GET', /^\/api\/fields$/, 'fields.response'],
  ['GET', /^\/api\/keys$/, 'keys.response'],
  ['POST', /^\/api\/rooms$/, 'room-create.response'],
  ['GET', /^\/api\/rooms$/, 'rooms.response'],
  ['GET', /^\/api\/rooms\/[^/]+$/, 'room.response'],
  ['POST', /^\/api\/rooms\/[^/]+\/invites$/, 'invite-create.response'],
  ['GET', /^\/api\/rooms\/[^/]+\/invites$/, 'invites.response'],
  ['DELETE', /^\/api\/rooms\/[^/]+\/invites\/[^/]+$/, 'invite-revoke.response'],
  ['GET', /^\/api\/rooms\/[^/]+\/export$/, 'zip'],
  ['POST', /^\/api\/join$/, 'join.response'],
  ['GET', /^\/r\/[^/]+\/api\/session$/, 'session.response'],
  ['GET', /^\/r\/[^/]+\/api\/notice$/, 'notice.response'],
  // Documents and the agreement (PROTOCOL.md §7): a PUT answers the upload, or the document once
  // complete; a document's bytes and the agreement's pages are not JSON of a schema.
  ['POST', /^\/r\/[^/]+\/api\/uploads$/, 'upload.response'],
  ['PUT', /^\/r\/[^/]+\/api\/uploads\/[^/]+$/, { 200: 'upload.response', 201: 'document.response' }],
  ['GET', /^\/r\/[^/]+\/api\/uploads\/[^/]+$/, 'upload.response'],
  ['DELETE', /^\/r\/[^/]+\/api\/uploads\/[^/]+$/, 'empty'],
  ['GET', /^\/r\/[^/]+\/api\/documents$/, 'documents.response'],
  ['GET', /^\/r\/[^/]+\/api\/documents\/[^/]+$/, 'bytes'],
  ['GET', /^\/r\/[^/]+\/api\/agreement$/, (query) => (query.get('format') === 'json' ? 'agreement.response' : 'bytes')],
];

export function httpSchema(method, path, status, query = new URLSearchParams()) {
  const route = routes.find(([m, re]) => m === method && re.test(path));
  if (!route) return null;
  if (status >= 400) return 'error';
  const answer = route[2];
  if (typeof answer === 'function') return answer(query);
  return typeof answer === 'object' ? (answer[status] ?? null) : answer;
}

const isApi = (path) => path.startsWith('/api/') || /^\/r\/[^/]+\/api\//.test(path);

export class FrameRecorder {
  constructor(ajv, label) {
    this.ajv_ = ajv;
    this.label = label;
    this.received = []; // raw text of every frame received
    this.sent = [];
    this.problems = [];
    this.pending = new Set(); // answers still being read
  }

  attach(page) {
    page.on('websocket', (ws) => {
      ws.on('framereceived', ({ payload }) => this.check_('server', payload, this.received));
      ws.on('framesent', ({ payload }) => this.check_('client', payload, this.sent));
    });
    page.on('response', (response) => {
      const work = this.checkResponse_(response);
      this.pending.add(work);
      work.finally(() => this.pending.delete(work));
    });
    return this;
  }

  // Waits for the answers still being read.
  async settled() {
    await Promise.all([...this.pending]);
  }

  // The server may put several frames in one message, one per line (PROTOCOL.md §4).
  check_(direction, payload, list) {
    const message = typeof payload === 'string' ? payload : payload.toString('utf8');
    for (const text of direction === 'server' ? message.split('\n') : [message]) {
      list.push(text);
      for (const problem of frameProblems(this.ajv_, direction, parse(text))) {
        this.problems.push(`${this.label} ${direction} frame ${text.slice(0, 300)}: ${problem}`);
      }
    }
  }

  async checkResponse_(response) {
    const url = new URL(response.url());
    if (!isApi(url.pathname)) return;
    const method = response.request().method();
    const where = `${this.label} ${method} ${url.pathname} ${response.status()}`;
    const schema = httpSchema(method, url.pathname, response.status(), url.searchParams);
    if (!schema) return void this.problems.push(`${where}: a route protocol/schema does not describe`);
    if (schema === 'bytes') return;
    if (schema === 'empty') {
      if (response.status() !== 204) this.problems.push(`${where}: expected 204`);
      return;
    }
    if (schema === 'zip') {
      if (!(response.headers()['content-type'] ?? '').startsWith('application/zip')) this.problems.push(`${where}: not a zip`);
      return;
    }
    let text;
    try {
      text = await response.text();
    } catch (error) {
      return void this.problems.push(`${where}: the answer could not be read (${error.message})`);
    }
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      return void this.problems.push(`${where}: answer is not JSON`);
    }
    for (const problem of httpProblems(this.ajv_, schema, body)) this.problems.push(`${where}: ${problem}`);
  }

  receivedFrames(type) {
    return this.received.map(parse).filter((f) => f && (!type || f.type === type));
  }

  sentFrames(type) {
    return this.sent.map(parse).filter((f) => f && (!type || f.type === type));
  }
}
