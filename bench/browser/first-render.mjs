#!/usr/bin/env node
// Browser benchmark (not a test): a room with 10,000 events of history, opened by a party in
// headless Chromium. Prints the time from navigation to the latest screen (the newest message on
// screen), how many message rows are in the DOM (the list renders only what is visible), and the
// frame times while scrolling back through the history.
//   node bench/browser/first-render.mjs [events]      (needs build/mediation-room and client-web/dist)
import { launchBrowser, newPerson } from '../../tests/e2e/helpers/browser.js';
import { cookieValue, requestJson } from '../../tests/e2e/helpers/http.js';
import { admin, startServer } from '../../tests/e2e/helpers/server.js';

const events = Number(process.argv[2] ?? 10000);
const runs = 3;

const server = await startServer({ args: ['--rate', '1000000', '--burst', '1000000', '--checkpoint-every', '100000'] });
const browser = await launchBrowser();
try {
  await admin(server, ['mediator', 'add', '--login', 'bench', '--name', '基准', '--org', '基准测试', '--password', 'bench-password']);
  const login = await requestJson(server.origin, 'POST', '/api/login', { login: 'bench', password: 'bench-password' });
  const cookie = `mr_mediator=${cookieValue(login, 'mr_mediator')}`;
  const room = (await requestJson(server.origin, 'POST', '/api/rooms', { title: '万条记录的调解室', field: '其他', parties: [] }, { Cookie: cookie })).json.room.id;
  const invite = (await requestJson(server.origin, 'POST', `/api/rooms/${room}/invites`, { role: 'party', side: 'A', name: '李四' }, { Cookie: cookie })).json;

  // The history: the mediator's page sends the messages over its own socket and waits for the acks.
  const writer = await newPerson(browser);
  const { hostname } = new URL(server.origin);
  await writer.context.addCookies([{ name: 'mr_mediator', value: cookie.split('=')[1], domain: hostname, path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
  await writer.page.goto(`${server.origin}/`);
  const started = Date.now();
  await writer.page.evaluate(
    ({ room, events }) =>
      new Promise((resolve, reject) => {
        const ws = new WebSocket(`wss://${location.host}/r/${room}/ws`);
        let acked = 0;
        ws.onopen = () => ws.send(JSON.stringify({ type: 'hello', last_seq: 0 }));
        ws.onerror = reject;
        ws.onmessage = (e) => {
          for (const line of e.data.split('\n')) {
            const frame = JSON.parse(line);
            if (frame.type === 'caught_up') {
              for (let i = 0; i < events; i += 1) {
                const text = i % 10 === 0 ? `第 ${i} 条：${'较长的陈述，'.repeat(20)}` : `第 ${i} 条消息`;
                ws.send(JSON.stringify({ type: 'send', id: `bench-${i}`, channel: i % 5 === 0 ? 'caucus:A' : 'main', text }));
              }
            }
            if (frame.type === 'ack' && ++acked === events) resolve();
            if (frame.type === 'error') reject(new Error(line));
          }
        };
      }),
    { room, events },
  );
  console.log(`history: ${events} messages written in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const last = `第 ${events - 1} 条消息`;
  for (let run = 1; run <= runs; run += 1) {
    const party = await newPerson(browser, { viewport: { width: 1280, height: 800 } });
    await party.page.goto(`${server.origin}/join#${new URL(invite.link).hash.slice(1)}`);
    await party.page.getByTestId('join-enter').waitFor();
    const navigated = party.page.waitForURL(`**/r/${room}/`);
    await party.page.getByTestId('join-enter').click();
    await navigated;
    await party.page.getByTestId('messages-main').getByText(last, { exact: true }).waitFor({ timeout: 120000 });
    const firstRender = await party.page.evaluate(() => performance.now());
    const rows = await party.page.locator('[data-testid="messages-main"] .row').count();
    // Scroll back through the whole history in steps, one per frame, and time the frames.
    const frames = await party.page.evaluate(
      () =>
        new Promise((resolve) => {
          const list = document.querySelector('[data-testid="messages-main"]');
          const times = [];
          let before = performance.now();
          const step = () => {
            const now = performance.now();
            times.push(now - before);
            before = now;
            if (list.scrollTop <= 0 || times.length > 600) return resolve(times);
            list.scrollTop -= 400;
            requestAnimationFrame(step);
          };
          requestAnimationFrame(step);
        }),
    );
    frames.sort((a, b) => a - b);
    const p = (q) => frames[Math.min(frames.length - 1, Math.floor(q * frames.length))].toFixed(1);
    console.log(
      `run ${run}: first render of the latest screen ${firstRender.toFixed(0)} ms after navigation; ` +
        `${rows} rows in the DOM; scrolling ${frames.length} frames, median ${p(0.5)} ms, p95 ${p(0.95)} ms, max ${p(1)} ms`,
    );
    await party.context.close();
  }
} finally {
  await browser.close();
  await server.stop();
}
