// The web client against the real server: console, invitations, chat, caucus privacy, presence,
// language, resume after reload, revoked links. Every frame and API answer is schema-checked.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, newPerson } from './helpers/browser.js';
import { FrameRecorder } from './helpers/frames.js';
import {
  createInvite,
  createRoom,
  login,
  messages,
  onOrigin,
  openChannel,
  roomItem,
  say,
  waitForMessage,
  waitOnline,
} from './helpers/pages.js';
import { httpProblems, loadSchemas } from './helpers/schemas.js';
import { requestJson } from './helpers/http.js';
import { admin, startServer } from './helpers/server.js';

const password = 'e2e-密码-Secret-1';
const screenshots = new URL('./screenshots/', import.meta.url);
const logs = new URL('./logs/', import.meta.url);

describe('mediation room in the browser', () => {
  const ajv = loadSchemas();
  const recorders = [];
  let server;
  let browser;
  let mediator;
  let partyA;
  let partyB;
  let roomId;
  const links = {};

  async function person(label, options) {
    const p = await newPerson(browser, options);
    p.frames = new FrameRecorder(ajv, label).attach(p.page);
    recorders.push(p.frames);
    return p;
  }

  before(async () => {
    server = await startServer();
    await admin(server, ['mediator', 'add', '--login', 'm1', '--name', '张三', '--org', '西湖区人民调解委员会', '--password', password]);
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    // Kept for reading after a failure (logs/ is git-ignored).
    if (server) {
      await mkdir(logs, { recursive: true });
      await writeFile(new URL('server.log', logs), server.log());
    }
    await server?.stop();
  });

  test('the mediator opens a room and invites people from the console, in Chinese', async () => {
    mediator = await person('mediator', { viewport: { width: 1280, height: 800 } });
    const { page } = mediator;
    await page.goto(`${server.origin}/console`);
    assert.equal(await page.getByTestId('login-submit').textContent(), '登录');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');

    await page.getByTestId('login-login').fill('m1');
    await page.getByTestId('login-password').fill('wrong');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').waitFor();
    assert.match(await page.getByTestId('login-error').textContent(), /账号或密码不正确/);

    await login(page, server.origin, 'm1', password);
    assert.match(await page.getByTestId('me-name').textContent(), /张三/);
    roomId = await createRoom(page, { title: '房屋租赁押金纠纷', field: '房产物业', partyA: '李四', partyB: '王五' });
    assert.match(roomId, /^[A-Za-z0-9_-]{16}$/);

    links.a = await createInvite(page, roomId, 'party:A', '李四');
    links.b = await createInvite(page, roomId, 'party:B', '王五');
    links.advisor = await createInvite(page, roomId, 'advisor', '赵六');
    // Each link is also shown as a QR code to scan with a phone.
    const qr = roomItem(page, roomId).getByTestId('invite-qr');
    assert.match(await qr.getAttribute('src'), /^data:image\/svg\+xml;charset=utf-8,%3Csvg%20/);
    assert.ok((await qr.boundingBox()).width > 100);
    for (const link of Object.values(links)) assert.match(link, /^https:\/\/[^/]+\/join#[A-Za-z0-9_-]{43}$/);
    assert.equal(new Set(Object.values(links)).size, 3);
    assert.equal(await roomItem(page, roomId).getByTestId('invite-item').count(), 3);
  });

  test('parties join by link and everyone chats in the joint room', async () => {
    partyA = await person('party A', { viewport: { width: 1280, height: 800 } });
    partyB = await person('party B', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    for (const [p, link] of [[partyA, links.a], [partyB, links.b]]) {
      await p.page.goto(onOrigin(link, server.origin));
      await p.page.waitForURL(`${server.origin}/r/${roomId}/`);
      await waitOnline(p.page);
    }
    await mediator.page.goto(`${server.origin}/r/${roomId}/`);
    await waitOnline(mediator.page);

    await say(mediator.page, 'main', '各位好，现在开始调解。');
    await say(partyA.page, 'main', '我要求退还押金五千元。');
    await say(partyB.page, 'main', '房屋有损坏，需要扣除维修费。');
    for (const { page } of [mediator, partyA, partyB]) {
      for (const text of ['各位好，现在开始调解。', '我要求退还押金五千元。', '房屋有损坏，需要扣除维修费。']) {
        await waitForMessage(page, 'main', text);
      }
    }
    const sender = messages(partyB.page, 'main', '我要求退还押金五千元。').getByTestId('message-sender');
    assert.match(await sender.textContent(), /李四/);
  });

  test('presence and typing are shown', async () => {
    const presence = mediator.page.getByTestId('presence-list');
    for (const name of ['张三', '李四', '王五']) await presence.getByText(name).waitFor();

    await openChannel(partyA.page, 'main');
    await openChannel(partyB.page, 'main');
    await partyA.page.getByTestId('message-input').pressSequentially('我想', { delay: 20 });
    await partyB.page.getByTestId('typing-indicator').filter({ hasText: '李四 正在输入…' }).waitFor();
    await partyA.page.getByTestId('message-input').fill('');
  });

  test('the mediator brings the legal advisor into the joint room and out again', async () => {
    const advisor = await person('advisor');
    await advisor.page.goto(onOrigin(links.advisor, server.origin));
    await waitOnline(advisor.page);
    assert.equal(await advisor.page.getByTestId('tab-main').count(), 0);

    const toggle = mediator.page.getByTestId('presence-list').getByTestId('advisor-toggle');
    await toggle.filter({ hasText: '请入调解室' }).click();
    await advisor.page.getByTestId('tab-main').waitFor();
    await partyA.page.getByTestId('system-line').filter({ hasText: '法治指导员 赵六 应邀进入调解室' }).waitFor();
    await say(advisor.page, 'main', '依法，押金应在扣除实际损失后返还。');
    await waitForMessage(partyA.page, 'main', '依法，押金应在扣除实际损失后返还。');
    // The joint room's earlier statements stay unseen by the advisor.
    assert.equal(await messages(advisor.page, 'main', '我要求退还押金五千元。').count(), 0);

    await toggle.filter({ hasText: '请出调解室' }).click();
    await advisor.page.getByTestId('tab-main').waitFor({ state: 'detached' });
    await advisor.context.close();
  });

  test('a caucus with party A never reaches party B', async () => {
    const secret = '背对背：申请人的底线是多少？';
    await say(mediator.page, 'caucus:A', secret);
    await partyA.page.getByTestId('tab-caucus:A').click();
    await waitForMessage(partyA.page, 'caucus:A', secret);
    await say(partyA.page, 'caucus:A', '最低四千元。');
    await waitForMessage(mediator.page, 'caucus:A', '最低四千元。');

    // A later joint message reaching B shows B's stream has passed the caucus messages.
    await say(mediator.page, 'main', '我们稍后继续共同讨论。');
    await waitForMessage(partyB.page, 'main', '我们稍后继续共同讨论。');
    assert.equal(await partyB.page.getByTestId('tab-caucus:A').count(), 0);
    assert.deepEqual(
      partyB.frames.received.filter((f) => f.includes('caucus:A') || f.includes('底线') || f.includes('四千')),
      [],
    );
    const welcomeB = partyB.frames.receivedFrames('welcome')[0];
    assert.deepEqual([...welcomeB.read].sort(), ['caucus:B', 'main']);
  });

  test('the page switches to English and back', async () => {
    const { page } = partyA;
    assert.equal(await page.getByTestId('send-button').textContent(), '发送');
    assert.equal(await page.getByTestId('tab-main').locator('.tab-label').textContent(), '调解室');
    await page.getByTestId('lang-switch').selectOption('en');
    assert.equal(await page.getByTestId('send-button').textContent(), 'Send');
    assert.equal(await page.getByTestId('tab-main').locator('.tab-label').textContent(), 'Joint room');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    await page.getByTestId('lang-switch').selectOption('zh-CN');
    assert.equal(await page.getByTestId('send-button').textContent(), '发送');
  });

  test('screenshots of the room on a PC and a phone', async () => {
    await mkdir(screenshots, { recursive: true });
    await openChannel(partyA.page, 'main');
    await partyA.page.screenshot({ path: new URL('room-pc.png', screenshots).pathname });
    await partyB.page.screenshot({ path: new URL('room-phone.png', screenshots).pathname });
  });

  test('a reload resumes: the history shows once, then live messages arrive', async () => {
    const { page } = partyA;
    await openChannel(page, 'main');
    const before = await messages(page, 'main').allTextContents();
    const hellosBefore = partyA.frames.sentFrames('hello').length;
    await page.reload();
    await waitOnline(page);
    await page.getByTestId('messages-main').getByTestId('message').first().waitFor({ state: 'attached' });

    const hello = partyA.frames.sentFrames('hello')[hellosBefore];
    assert.ok(hello.last_seq >= 0, `hello after reload resumes from a seq: ${JSON.stringify(hello)}`);
    assert.ok(Number.isInteger(hello.epoch));
    assert.deepEqual(await messages(page, 'main').allTextContents(), before);
    for (const text of ['各位好，现在开始调解。', '我要求退还押金五千元。']) {
      assert.equal(await messages(page, 'main', text).count(), 1, text);
    }

    await say(partyB.page, 'main', '重新连接后的新消息。');
    await waitForMessage(page, 'main', '重新连接后的新消息。');
    assert.equal(await messages(page, 'main', '重新连接后的新消息。').count(), 1);
  });

  test('a message written while the server restarts is sent once after the reconnect', async () => {
    const { page } = partyA;
    const text = '服务器重启期间写的消息。';
    await server.halt();
    await page.locator('[data-testid="connection-status"]:not([data-state="online"])').waitFor();
    await openChannel(page, 'main');
    await page.getByTestId('message-input').fill(text);
    await page.getByTestId('message-input').press('Enter');
    await messages(page, 'main', text).and(page.locator('[data-state="pending"]')).waitFor();
    await server.resume();
    await messages(page, 'main', text).and(page.locator('[data-state="sent"]')).waitFor({ timeout: 30000 });
    await waitForMessage(partyB.page, 'main', text);
    await page.waitForTimeout(500);
    assert.equal(await messages(page, 'main', text).count(), 1);
    assert.equal(await messages(partyB.page, 'main', text).count(), 1);
    const sends = partyA.frames.sentFrames('send').filter((f) => f.text === text);
    assert.ok(sends.length >= 1 && new Set(sends.map((f) => f.id)).size === 1, JSON.stringify(sends));
    await waitOnline(mediator.page);
  });

  test('a revoked or unknown link shows a Chinese error', async () => {
    await mediator.page.goto(`${server.origin}/console`);
    await roomItem(mediator.page, roomId).getByTestId('room-summary').click();
    await roomItem(mediator.page, roomId).getByTestId('invite-item').first().waitFor();
    const link = await createInvite(mediator.page, roomId, 'observer', '钱七');
    const invite = roomItem(mediator.page, roomId).getByTestId('invite-item').filter({ hasText: '钱七' });
    await invite.getByTestId('invite-revoke-button').click();
    await invite.and(mediator.page.locator('[data-state="revoked"]')).waitFor();

    const visitor = await person('visitor');
    await visitor.page.goto(onOrigin(link, server.origin));
    await visitor.page.getByTestId('join-error').waitFor();
    assert.match(await visitor.page.getByTestId('join-error').textContent(), /链接已被撤销/);

    const revoked = await requestJson(server.origin, 'POST', '/api/join', { token: new URL(link).hash.slice(1) });
    assert.equal(revoked.status, 410, revoked.text);
    assert.equal(revoked.json?.error, 'revoked', revoked.text);
    assert.deepEqual(httpProblems(ajv, 'error', revoked.json), []);

    await visitor.page.goto(`${server.origin}/join#${'x'.repeat(43)}`);
    await visitor.page.reload();
    await visitor.page.getByTestId('join-error').waitFor();
    assert.match(await visitor.page.getByTestId('join-error').textContent(), /链接无效/);
  });

  test('an observer reads the joint room but cannot write', async () => {
    const link = await createInvite(mediator.page, roomId, 'observer', '孙八');
    const observer = await person('observer');
    await observer.page.goto(onOrigin(link, server.origin));
    await waitOnline(observer.page);
    await waitForMessage(observer.page, 'main', '我要求退还押金五千元。');
    assert.equal(await observer.page.getByTestId('channel-tabs').isVisible(), false);
    await observer.page.getByTestId('composer-readonly').waitFor();
    assert.equal(await observer.page.getByTestId('message-input').isVisible(), false);
    assert.deepEqual(observer.frames.receivedFrames('welcome')[0].write, []);
    await observer.context.close();
  });

  test('the join answer matches its schema (the browser leaves the page before it can be read)', async () => {
    const joined = await requestJson(server.origin, 'POST', '/api/join', { token: new URL(links.advisor).hash.slice(1) });
    assert.equal(joined.status, 200, joined.text);
    assert.deepEqual(httpProblems(ajv, 'join.response', joined.json), []);
    assert.equal(joined.json.participant.role, 'advisor');
    assert.match(joined.headers['set-cookie']?.join('\n') ?? '', new RegExp(`mr_party=[A-Za-z0-9_-]{43};.*Path=/r/${roomId}/`));
  });

  test('revoking a party ends their live session', async () => {
    const invite = roomItem(mediator.page, roomId).getByTestId('invite-item').filter({ hasText: '王五' });
    await invite.getByTestId('invite-revoke-button').click();
    await partyB.page.locator('[data-testid="error-banner"][data-code="session_ended"]').waitFor();
    assert.match(await partyB.page.getByTestId('error-text').textContent(), /链接已失效或被撤销/);
  });

  test('every frame and API answer matches protocol/schema', () => {
    const problems = recorders.flatMap((r) => r.problems);
    assert.deepEqual(problems, []);
    assert.ok(recorders.some((r) => r.received.length > 0));
  });
});
