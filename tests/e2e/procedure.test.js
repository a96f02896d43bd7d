// The mediation procedure against the real server (PROTOCOL.md §6), through the browser only: a
// party reads and acknowledges the notice on a phone; the mediator takes the case from intake to
// closed along the not-agreed path from the room's procedure panel (disclosure, notice, identity,
// mediation, a back-to-back session, a fact of the record the parties confirm, not agreed, referral,
// closed); the other party's page never holds the caucus text; the closed room is read-only; the
// console lists the phase. Every frame and API answer is schema-checked.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accessibilityProblems } from './helpers/axe.js';
import { checkIdentity, closeDetails, discloseNoConflict, enterByLink, messages, openDetails, phaseIs, say, waitForMessage, waitOnline } from './helpers/pages.js';
import { startScenario } from './helpers/scenario.js';

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };

describe('the mediation procedure, not agreed, in the browser', () => {
  let s;
  let roomId;
  let mediator;
  let partyA;
  let partyB;
  let links;
  const secret = '背对背：被申请人最多愿意退还三千元。';

  before(async () => {
    s = await startScenario();
    ({ roomId, links } = await s.caseWithParties('房屋租赁押金纠纷'));
    mediator = await s.mediatorPerson('mediator', { viewport: { width: 1366, height: 900 } });
    partyA = await s.person('party A (phone)', phone);
    partyB = await s.person('party B');
    await mediator.page.goto(`${s.origin}/r/${roomId}/`);
    await waitOnline(mediator.page);
  });

  after(() => s?.stop('server-procedure.log'));

  test('intake: the mediator declares no conflict and moves the case to notice', async () => {
    const { page } = mediator;
    await phaseIs(page, 'intake');
    await page.getByTestId('disclosure-missing').waitFor();
    await discloseNoConflict(page);
    await page.getByTestId('advance-notice').click();
    await phaseIs(page, 'notice');
    await page.getByTestId('system-line').filter({ hasText: '从「受理」推进到「告知」' }).waitFor();
  });

  test('a party on a phone reads the whole notice and acknowledges it with the hash the server gave', async () => {
    const { page, frames } = partyA;
    await enterByLink(page, links.a, s.origin, { acknowledge: false });
    const text = page.getByTestId('notice-text');
    await text.waitFor();
    const shown = await text.textContent();
    const sha = await text.getAttribute('data-sha256');
    assert.ok(shown.length > 100, shown);
    assert.match(shown, /权利/);
    await s.screenshot(page, 'procedure-notice-phone');
    await page.getByTestId('notice-acknowledge').click();
    await page.getByTestId('notice-gate').waitFor({ state: 'detached' });
    const act = frames.sentFrames('act').find((f) => f.action === 'notice.acknowledge');
    assert.deepEqual(act.args, { language: 'zh-CN', text_sha256: sha });
    await s.screenshot(page, 'procedure-party-joined-phone');
    // The other party acknowledges on a PC.
    await enterByLink(partyB.page, links.b, s.origin);
    await mediator.page.locator('[data-testid="check-notice"][data-done="true"]').nth(1).waitFor();
  });

  test('the mediator checks both parties\' identities and starts mediation', async () => {
    const { page } = mediator;
    for (const [name, document] of [
      ['李四', '330106199001011234'],
      ['王五', '330102198505055678'],
    ]) {
      const person = await checkIdentity(page, name, document);
      // Only the masked number is kept and shown.
      await person.locator('[data-testid="check-identity"][data-done="true"]').filter({ hasText: `${document.slice(0, 4)}` }).waitFor();
      assert.doesNotMatch(await person.textContent(), new RegExp(document));
    }
    await page.getByTestId('advance-mediation').click();
    await phaseIs(page, 'mediation');
    await phaseIs(partyA.page, 'mediation');
  });

  test('a back-to-back session with one side shows in the joint room, never its text to the other side', async () => {
    const { page } = mediator;
    await page.getByTestId('caucus-open-B').click();
    const indicator = partyA.page.getByTestId('caucus-indicator');
    await indicator.waitFor();
    assert.equal(await indicator.textContent(), '背对背进行中（被申请人）');
    await say(page, 'caucus:B', secret);
    await waitForMessage(partyB.page, 'caucus:B', secret);
    await say(partyB.page, 'caucus:B', '同意先退三千。');
    await waitForMessage(page, 'caucus:B', '同意先退三千。');
    await say(page, 'main', '背对背结束后我们继续。');
    await waitForMessage(partyA.page, 'main', '背对背结束后我们继续。');
    const html = await partyA.page.content();
    assert.ok(!html.includes(secret) && !html.includes('同意先退三千'), 'the caucus text reached the other party\'s page');
    assert.ok(!partyA.frames.received.some((f) => f.includes('同意先退三千') || f.includes(secret)));
    await s.screenshot(partyA.page, 'procedure-caucus-other-side-phone');
    await page.getByTestId('caucus-close-B').click();
    await indicator.waitFor({ state: 'detached' });
  });

  test('a fact of the mediation record is confirmed by each party, bound to its version', async () => {
    const { page } = mediator;
    await page.getByTestId('transcript-kind').selectOption('fact');
    await page.getByTestId('transcript-text').fill('双方于2025年3月1日签订房屋租赁合同，约定押金5000元。');
    await page.getByTestId('transcript-send').click();
    const entry = page.getByTestId('transcript-entry').first();
    await entry.waitFor();
    const entryId = await entry.getAttribute('data-entry');
    for (const p of [partyA, partyB]) {
      await p.page.getByTestId('bar-todo').click();
      const fact = p.page.locator(`[data-testid="fact-item"][data-entry="${entryId}"][data-hash-ok="true"]`);
      await fact.getByTestId('fact-confirm').click();
      await p.page.locator(`[data-testid="fact-item"][data-entry="${entryId}"][data-answer="confirmed"]`).waitFor();
      const act = p.frames.sentFrames('act').find((f) => f.action === 'facts.confirm');
      const event = p.frames.receivedFrames('event').find((f) => f.header.kind === 'transcript.entry' && f.body.entry === entryId);
      // The browser confirmed the very version and hash the record holds.
      assert.deepEqual([act.args.version, act.args.sha256], [event.body.version, event.body.sha256]);
      await closeDetails(p.page);
    }
    await entry.locator('[data-testid="entry-confirmation"][data-answer="confirmed"]').nth(1).waitFor();
    assert.deepEqual(await accessibilityProblems(page), []);
    await s.screenshot(page, 'procedure-mediator-record');
  });

  test('not agreed, with the facts and the reason; the parties see it', async () => {
    const { page } = mediator;
    await page.getByTestId('fail-open').click();
    await page.getByTestId('fail-facts').fill('押金5000元尚未退还，双方对房屋损坏的维修费用有争议。');
    await page.getByTestId('fail-reason').fill('双方对维修费用分歧过大，无法达成一致。');
    await page.getByTestId('fail-send').click();
    await phaseIs(page, 'not_agreed');
    await openDetails(partyA.page);
    await partyA.page.getByTestId('outcome-failed').filter({ hasText: '双方对维修费用分歧过大' }).waitFor();
  });

  test('the referral names the route and what to do next, for the parties to read', async () => {
    const { page } = mediator;
    await page.getByTestId('referral-open').click();
    await page.getByTestId('referral-route').selectOption('court');
    await page.getByTestId('referral-reason').fill('申请人要求通过诉讼解决。');
    await page.getByTestId('referral-next').fill('可向西湖区人民法院起诉，携带租赁合同、押金收据和本次调解记录。');
    await page.getByTestId('referral-send').click();
    await phaseIs(page, 'referred');
    const referral = partyA.page.getByTestId('outcome-referral');
    await referral.waitFor();
    assert.match(await referral.textContent(), /诉讼.*西湖区人民法院起诉/);
    assert.deepEqual(await accessibilityProblems(partyA.page), []);
    await s.screenshot(partyA.page, 'procedure-referral-phone');
    await closeDetails(partyA.page);
  });

  test('closed: the room is read-only for everyone', async () => {
    const { page } = mediator;
    await page.getByTestId('advance-closed').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click();
    await phaseIs(page, 'closed');
    for (const p of [mediator, partyA, partyB]) {
      await p.page.getByTestId('bar-closed').waitFor();
      // In whichever channel they look at.
      await p.page.getByTestId('composer-closed').first().waitFor();
      assert.equal(await p.page.getByTestId('message-input').count(), 0);
    }
    assert.equal(await page.getByTestId('advance-buttons').count(), 0);
    assert.equal(await page.getByTestId('transcript-form').count(), 0);
    assert.equal(await messages(partyA.page, 'main', '背对背结束后我们继续。').count(), 1);
  });

  test('the console lists the case with its phase', async () => {
    const { page } = mediator;
    await page.goto(`${s.origin}/console`);
    const row = page.locator(`[data-testid="room-item"][data-room-id="${roomId}"]`);
    await row.waitFor();
    assert.equal(await row.getByTestId('case-phase').textContent(), '结案');
    await page.getByTestId('filter-phase').selectOption('closed');
    await row.waitFor();
    assert.deepEqual(await accessibilityProblems(page), []);
  });

  test('every frame and API answer matched protocol/schema', async () => {
    assert.deepEqual(await s.problems(), []);
  });
});
