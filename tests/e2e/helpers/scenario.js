// What every browser test file needs: a server of its own, a mediator account and session, the
// system Chromium, people in separate contexts whose frames are schema-checked, and a place for
// screenshots (under the build directory; they are artefacts, not tests).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, newPerson } from './browser.js';
import { FrameRecorder } from './frames.js';
import { cookieValue, requestJson } from './http.js';
import { loadSchemas } from './schemas.js';
import { admin, startServer } from './server.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const artefacts = process.env.E2E_ARTIFACTS || join(repoRoot, 'build', 'e2e');
export const password = 'e2e-密码-Secret-1';

export async function startScenario({ args = [], mediator = { login: 'm1', name: '张三', org: '西湖区人民调解委员会' } } = {}) {
  const ajv = loadSchemas();
  const server = await startServer({ args });
  await admin(server, ['mediator', 'add', '--login', mediator.login, '--name', mediator.name, '--org', mediator.org, '--password', password]);
  const browser = await launchBrowser();
  const loggedIn = await requestJson(server.origin, 'POST', '/api/login', { login: mediator.login, password });
  const cookie = cookieValue(loggedIn, 'mr_mediator');
  const recorders = [];

  const s = {
    ajv,
    server,
    browser,
    recorders,
    mediator,
    origin: server.origin,
    // The mediator's own API session, for setting up rooms without going through the console.
    api: (method, path, body) => requestJson(server.origin, method, path, body, { Cookie: `mr_mediator=${cookie}` }),
    async room(title, parties = []) {
      const made = await s.api('POST', '/api/rooms', { title, field: '房产物业', parties });
      if (made.status !== 201) throw new Error(made.text);
      return made.json.room.id;
    },
    async invite(roomId, role, name, side) {
      const made = await s.api('POST', `/api/rooms/${roomId}/invites`, { role, name, ...(side ? { side } : {}) });
      if (made.status !== 201) throw new Error(made.text);
      return made.json;
    },
    /** A case with 李四 (申请人) and 王五 (被申请人), each invited: its id and their links. */
    async caseWithParties(title) {
      const roomId = await s.room(title, [
        { side: 'A', name: '李四' },
        { side: 'B', name: '王五' },
      ]);
      const a = (await s.invite(roomId, 'party', '李四', 'A')).link;
      const b = (await s.invite(roomId, 'party', '王五', 'B')).link;
      return { roomId, links: { a, b } };
    },
    async person(label, options = {}) {
      const p = await newPerson(browser, { viewport: { width: 1280, height: 800 }, ...options });
      p.frames = new FrameRecorder(ajv, label).attach(p.page);
      recorders.push(p.frames);
      return p;
    },
    // A mediator in the browser with the session made above.
    async mediatorPerson(label = 'mediator', options = {}) {
      const p = await s.person(label, options);
      const { hostname } = new URL(server.origin);
      await p.context.addCookies([{ name: 'mr_mediator', value: cookie, domain: hostname, path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
      return p;
    },
    async screenshot(page, name) {
      await mkdir(artefacts, { recursive: true });
      await page.screenshot({ path: join(artefacts, `${name}.png`) });
    },
    async problems() {
      await Promise.all(recorders.map((r) => r.settled()));
      return recorders.flatMap((r) => r.problems);
    },
    async stop(logName) {
      await browser.close();
      await mkdir(artefacts, { recursive: true });
      await writeFile(join(artefacts, logName), server.log());
      await server.stop();
    },
  };
  return s;
}
