// The room with a mediator, two parties (one on a 360 px phone) and a legal advisor, each in their
// own browser context: join, chat in every channel, caucus privacy, unread counts, typing, a network
// drop mid-chat, hostile text, the length limit, the English switch, revocation, accessibility.
// Every frame and API answer is schema-checked. Each describe sets up what it needs in `before`.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accessibilityProblems } from './helpers/axe.js';
import { acknowledgeNotice, enterByLink, messages, onOrigin, openChannel, say, waitForMessage, waitOnline, write } from './helpers/pages.js';
import { startScenario } from './helpers/scenario.js';

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

describe('the mediation room', () => {
  let s;
  let roomId;
  let mediator;
  let partyA;
  let partyB;
  let advisor;
  let links;

  before(async () => {
    s = await startScenario();
    ({ roomId, links } = await s.caseWithParties('房屋租赁押金纠纷'));
    links.advisor = (await s.invite(roomId, 'advisor', '赵六')).link;
    mediator = await s.mediatorPerson();
    partyA = await s.person('party A');
    partyB = await s.person('party B (phone)', phone);
    advisor = await s.person('advisor');
    await mediator.page.goto(`${s.origin}/r/${roomId}/`);
    await waitOnline(mediator.page);
  });

  after(() => s?.stop('server-room.log'));

  describe('joining by link', () => {
    test('the join page names the case and the person before they enter', async () => {
      const { page } = partyA;
      await page.goto(onOrigin(links.a, s.origin));
      await page.getByTestId('join-invitation').waitFor();
      assert.equal(await page.getByTestId('join-case-title').textContent(), '房屋租赁押金纠纷');
      assert.equal(await page.getByTestId('join-you').textContent(), '李四（申请人）');
      // The token leaves the address bar once it has been used.
      assert.equal(new URL(page.url()).hash, '');
      // Who invited them, once the server's join answer names the mediator (PROTOCOL.md §2).
      if (await page.getByTestId('join-mediator').count()) {
        assert.equal(await page.getByTestId('join-mediator').textContent(), '张三');
        assert.equal(await page.getByTestId('join-org').textContent(), '西湖区人民调解委员会');
      }
      await page.getByTestId('join-enter').click();
      await waitOnline(page);
      await acknowledgeNotice(page);
      assert.equal(await page.getByTestId('page-title').textContent(), '房屋租赁押金纠纷');
    });

    test('the phone party and the advisor enter', async () => {
      await enterByLink(partyB.page, links.b, s.origin);
      await enterByLink(advisor.page, links.advisor, s.origin);
      assert.equal(await advisor.page.getByTestId('tab-main').count(), 0);
    });

    test('a revoked or unknown link says so and whom to ask', async () => {
      const made = await s.invite(roomId, 'observer', '钱七');
      await s.api('DELETE', `/api/rooms/${roomId}/invites/${made.invite.id}`);
      const visitor = await s.person('visitor');
      await visitor.page.goto(onOrigin(made.link, s.origin));
      const error = visitor.page.getByTestId('join-error');
      await error.waitFor();
      assert.equal(await error.getAttribute('data-code'), 'revoked');
      assert.match(await error.textContent(), /链接已被撤销.*调解员/);
      await visitor.page.goto(`${s.origin}/join#${'x'.repeat(43)}`);
      await visitor.page.reload();
      await visitor.page.locator('[data-testid="join-error"][data-code="invalid"]').waitFor();
      await visitor.context.close();
    });
  });

  describe('chatting', () => {
    before(async () => {
      for (const p of [partyA, partyB, advisor]) await waitOnline(p.page);
    });

    test('everyone in the joint room sees every message once, with its sender', async () => {
      await say(mediator.page, 'main', '各位好，现在开始调解。');
      await say(partyA.page, 'main', '我要求退还押金五千元。');
      await say(partyB.page, 'main', '房屋有损坏，需要扣除维修费。');
      for (const { page } of [mediator, partyA, partyB]) {
        for (const text of ['各位好，现在开始调解。', '我要求退还押金五千元。', '房屋有损坏，需要扣除维修费。']) {
          await waitForMessage(page, 'main', text);
          assert.equal(await messages(page, 'main', text).count(), 1);
        }
      }
      assert.equal(await messages(partyB.page, 'main', '我要求退还押金五千元。').getByTestId('message-sender').textContent(), '李四（申请人）');
      assert.equal(await messages(partyA.page, 'main', '各位好').getByTestId('message-sender').textContent(), '张三（调解员）');
      // Today's messages sit under a day separator in the Chinese style.
      assert.equal(await partyA.page.getByTestId('messages-main').getByTestId('day-separator').first().textContent(), '今天');
    });

    // The advisor reads no main event (neither room.created nor the mediator's arrival): the
    // mediator's name comes from welcome.people and presence (issue 12 item 11).
    test('the advisor and the mediator consult, with each other\'s names', async () => {
      await say(mediator.page, 'consult', '请问押金扣除有什么法律依据？');
      await waitForMessage(advisor.page, 'consult', '请问押金扣除有什么法律依据？');
      await say(advisor.page, 'consult', '民法典第七百一十四条。');
      await waitForMessage(mediator.page, 'consult', '民法典第七百一十四条。');
      assert.equal(await messages(mediator.page, 'consult', '民法典').getByTestId('message-sender').textContent(), '赵六（法治指导员）');
      assert.equal(await messages(advisor.page, 'consult', '法律依据').getByTestId('message-sender').textContent(), '张三（调解员）');
      await advisor.page.getByTestId('presence-list').getByText('张三').waitFor();
    });

    test('a caucus with party A never reaches party B, not even in the page', async () => {
      const secret = '背对背：申请人的底线是多少？';
      await say(mediator.page, 'caucus:A', secret);
      await waitForMessage(partyA.page, 'caucus:A', secret);
      await say(partyA.page, 'caucus:A', '最低四千元。');
      await waitForMessage(mediator.page, 'caucus:A', '最低四千元。');
      // A later joint message reaching B shows B's stream has passed the caucus messages.
      await say(mediator.page, 'main', '我们稍后继续共同讨论。');
      await waitForMessage(partyB.page, 'main', '我们稍后继续共同讨论。');
      const html = await partyB.page.content();
      for (const text of ['底线', '四千元']) assert.equal(html.includes(text), false, text);
      assert.equal(await partyB.page.getByTestId('tab-caucus:A').count(), 0);
      assert.deepEqual(partyB.frames.received.filter((f) => f.includes('caucus:A') || f.includes('底线') || f.includes('四千')), []);
      assert.deepEqual([...partyB.frames.receivedFrames('welcome')[0].read].sort(), ['caucus:B', 'main']);
    });

    test('unread counts show per channel and clear when it is opened', async () => {
      await openChannel(partyB.page, 'main');
      await say(mediator.page, 'caucus:B', '王五，单独和您谈一下。');
      await say(mediator.page, 'caucus:B', '您能接受多少维修费？');
      const badge = partyB.page.getByTestId('tab-caucus:B').getByTestId('tab-unread');
      await badge.filter({ hasText: /^2$/ }).waitFor();
      await partyB.page.getByTestId('tab-caucus:B').click();
      await waitForMessage(partyB.page, 'caucus:B', '您能接受多少维修费？');
      await badge.waitFor({ state: 'detached' });
      await openChannel(partyB.page, 'main');
    });

    test('typing shows, and clears as soon as the message arrives', async () => {
      await openChannel(partyA.page, 'main');
      const input = partyA.page.getByTestId('pane-main').getByTestId('message-input');
      await input.pressSequentially('我想', { delay: 20 });
      const indicator = partyB.page.getByTestId('pane-main').getByTestId('typing-indicator');
      await indicator.filter({ hasText: '李四 正在输入…' }).waitFor();
      await input.pressSequentially('补充一点。');
      await input.press('Enter');
      await waitForMessage(partyB.page, 'main', '我想补充一点。');
      // Well before the notice would expire by itself (4 s).
      await indicator.filter({ hasText: /^$/ }).waitFor({ timeout: 1000 });
    });

    test('HTML and script in a message are shown as typed and run nothing', async () => {
      const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script> https://example.com/?a=<b>';
      await say(partyB.page, 'main', hostile);
      const shown = messages(partyA.page, 'main', 'onerror').getByTestId('message-text');
      await shown.waitFor();
      assert.equal(await shown.textContent(), hostile);
      assert.equal(await shown.locator('img, script, a').count(), 0);
      assert.equal(await partyA.page.evaluate(() => window.__pwned), undefined);
    });

    test('an over-long paste is refused before sending, with the limit', async () => {
      const { page } = partyA;
      const input = page.getByTestId('pane-main').getByTestId('message-input');
      await input.fill('长'.repeat(20000));
      assert.match(await page.getByTestId('pane-main').getByTestId('composer-hint').textContent(), /最多 4000 字，已超出 16000 字/);
      assert.equal(await page.getByTestId('pane-main').getByTestId('send-button').isDisabled(), true);
      await input.press('Enter');
      assert.equal(partyA.frames.sentFrames('send').filter((f) => f.text.length > 4000).length, 0);
      await input.fill('');
    });

    test('a network drop mid-chat loses nothing and doubles nothing', async () => {
      const { page, context } = partyA;
      await openChannel(page, 'main');
      await context.setOffline(true);
      await page.locator('[data-testid="connection-status"][data-state="offline"]').waitFor();
      await page.locator('[data-testid="connection-banner"][data-state="offline"]').waitFor();
      await write(page, 'main', '断网时写的第一条。');
      await write(page, 'main', '断网时写的第二条。');
      await messages(page, 'main', '断网时写的第二条。').and(page.locator('[data-state="pending"]')).waitFor();
      assert.match(await page.getByTestId('outbox-waiting').textContent(), /2 条消息等待发送/);
      await say(partyB.page, 'main', '对方断网期间的消息。');

      await context.setOffline(false);
      await waitOnline(page);
      for (const text of ['断网时写的第一条。', '断网时写的第二条。']) {
        await messages(page, 'main', text).and(page.locator('[data-state="sent"]')).waitFor();
      }
      // A barrier: B's marker comes after everything before it in the record, on both sides.
      await say(partyB.page, 'main', '重连后的标记。');
      await waitForMessage(page, 'main', '重连后的标记。');
      for (const p of [partyA, partyB]) {
        for (const text of ['断网时写的第一条。', '断网时写的第二条。', '对方断网期间的消息。', '重连后的标记。']) {
          await waitForMessage(p.page, 'main', text);
          assert.equal(await messages(p.page, 'main', text).count(), 1, `${p.frames.label}: ${text}`);
        }
      }
      const sends = partyA.frames.sentFrames('send').filter((f) => f.text.startsWith('断网时写的'));
      assert.equal(new Set(sends.map((f) => f.id)).size, 2, JSON.stringify(sends));
    });

    test('a reload resumes: the history shows once, from where it was', async () => {
      const { page } = partyA;
      await openChannel(page, 'main');
      const before = await messages(page, 'main').allTextContents();
      const hellos = partyA.frames.sentFrames('hello').length;
      await page.reload();
      await waitOnline(page);
      await waitForMessage(page, 'main', '重连后的标记。');
      const hello = partyA.frames.sentFrames('hello')[hellos];
      assert.ok(hello.last_seq >= 0 && Number.isInteger(hello.epoch), JSON.stringify(hello));
      assert.deepEqual(await messages(page, 'main').allTextContents(), before);
    });

    test('the mediator brings the advisor into the joint room and out again', async () => {
      const toggle = mediator.page.getByTestId('presence-list').getByTestId('advisor-toggle');
      await toggle.filter({ hasText: '请入调解室' }).click();
      await advisor.page.getByTestId('tab-main').waitFor();
      await partyA.page.getByTestId('system-line').filter({ hasText: '法治指导员 赵六 应邀进入调解室' }).waitFor();
      await say(advisor.page, 'main', '依法，押金应在扣除实际损失后返还。');
      await waitForMessage(partyA.page, 'main', '依法，押金应在扣除实际损失后返还。');
      assert.equal(await messages(advisor.page, 'main', '我要求退还押金五千元。').count(), 0);
      await toggle.filter({ hasText: '请出调解室' }).click();
      await advisor.page.getByTestId('tab-main').waitFor({ state: 'detached' });
    });

    test('the page switches to English and back', async () => {
      const { page } = partyA;
      const send = page.getByTestId('pane-main').getByTestId('send-button');
      assert.equal(await send.textContent(), '发送');
      await page.getByTestId('lang-switch').selectOption('en');
      assert.equal(await send.textContent(), 'Send');
      assert.equal(await page.getByTestId('tab-main').locator('.label-long').textContent(), 'Joint room');
      assert.equal(await page.getByTestId('connection-status').textContent(), 'Connected');
      assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
      await page.getByTestId('lang-switch').selectOption('zh-CN');
      assert.equal(await send.textContent(), '发送');
    });
  });

  describe('in the background', () => {
    test('a new message shows in the tab title until the page is looked at again', async () => {
      const { page } = partyB;
      const setHidden = (hidden) =>
        page.evaluate((h) => {
          Object.defineProperty(document, 'hidden', { value: h, configurable: true });
          document.dispatchEvent(new Event('visibilitychange'));
        }, hidden);
      await setHidden(true);
      await say(mediator.page, 'main', '王五，请看一下新的方案。');
      await page.waitForFunction(() => document.title.startsWith('（1 条新消息）房屋租赁押金纠纷'));
      await setHidden(false);
      await page.waitForFunction(() => document.title === '房屋租赁押金纠纷 · 线上调解室');
    });
  });

  describe('on a 360 px phone', () => {
    test('the messages get most of the screen, the tabs fit, details open on demand', async () => {
      const { page } = partyB;
      await openChannel(page, 'main');
      const list = await page.getByTestId('messages-main').boundingBox();
      assert.ok(list.height > 740 * 0.5, `message area ${list.height}px of 740`);
      for (const channel of ['main', 'caucus:B']) {
        const tab = await page.getByTestId(`tab-${channel}`).boundingBox();
        assert.ok(tab.x >= 0 && tab.x + tab.width <= 360, `${channel} tab within the screen`);
      }
      // Title, status and language switch stay on one row.
      const bar = await page.locator('.topbar').boundingBox();
      assert.ok(bar.height < 64, `top bar ${bar.height}px`);
      assert.equal(await page.getByTestId('side-panel').isVisible(), false);
      await page.getByTestId('details-toggle').click();
      await page.getByTestId('presence-list').getByText('王五').waitFor();
      await page.getByTestId('case-title').waitFor();
      await s.screenshot(page, 'room-phone-details');
      await page.getByTestId('side-close').click();
      await s.screenshot(page, 'room-phone');
    });

    test('the mediator\'s four tabs fit a phone too', async () => {
      const m = await s.mediatorPerson('mediator (phone)', phone);
      await m.page.goto(`${s.origin}/r/${roomId}/`);
      await waitOnline(m.page);
      for (const channel of ['main', 'caucus:A', 'caucus:B', 'consult']) {
        const tab = await m.page.getByTestId(`tab-${channel}`).boundingBox();
        assert.ok(tab.x >= 0 && tab.x + tab.width <= 360, `${channel} tab within the screen`);
      }
      await m.context.close();
    });
  });

  describe('side by side on a wide screen', () => {
    test('the mediator sees all four channels at once', async () => {
      const m = await s.mediatorPerson('mediator (wide)', { viewport: { width: 1600, height: 900 } });
      await m.page.goto(`${s.origin}/r/${roomId}/`);
      await waitOnline(m.page);
      await m.page.getByTestId('layout-toggle').click();
      for (const channel of ['main', 'caucus:A', 'caucus:B', 'consult']) await m.page.getByTestId(`pane-${channel}`).waitFor();
      await waitForMessage(m.page, 'caucus:A', '最低四千元。');
      await s.screenshot(m.page, 'room-mediator-side-by-side');
      await m.context.close();
    });
  });

  describe('accessibility (axe-core, serious and critical)', () => {
    for (const [name, person] of [
      ['the room on a PC', () => partyA],
      ['the room on a phone', () => partyB],
      ['the mediator\'s room', () => mediator],
    ]) {
      test(name, async () => {
        assert.deepEqual(await accessibilityProblems(person().page), []);
      });
    }

    test('the home and join pages', async () => {
      const p = await s.person('axe visitor');
      await p.page.goto(`${s.origin}/`);
      await p.page.getByTestId('home-console-link').waitFor();
      assert.deepEqual(await accessibilityProblems(p.page), []);
      const { link } = await s.invite(roomId, 'observer', '孙八');
      await p.page.goto(onOrigin(link, s.origin));
      await p.page.getByTestId('join-invitation').waitFor();
      assert.deepEqual(await accessibilityProblems(p.page), []);
      await s.screenshot(p.page, 'join');
      await p.context.close();
    });
  });

  describe('revocation', () => {
    test('revoking a party ends their session and takes the room off their screen', async () => {
      const { link, invite } = await s.invite(roomId, 'party', '王五的代理人', 'B');
      const agent = await s.person('agent', phone);
      await enterByLink(agent.page, link, s.origin);
      await waitForMessage(agent.page, 'main', '重连后的标记。');
      await s.api('DELETE', `/api/rooms/${roomId}/invites/${invite.id}`);
      await agent.page.getByTestId('link-ended').waitFor();
      assert.match(await agent.page.getByTestId('ended-contact').textContent(), /张三（西湖区人民调解委员会）/);
      assert.equal(await agent.page.getByTestId('message').count(), 0);
      assert.equal(await agent.page.evaluate(() => sessionStorage.length), 0);
      await agent.context.close();
    });
  });

  describe('the protocol', () => {
    test('every frame and API answer matched protocol/schema', async () => {
      assert.deepEqual(await s.problems(), []);
      assert.ok(s.recorders.every((r) => r.received.length > 0 || r.label.startsWith('visitor') || r.label.startsWith('axe')));
    });
  });
});
