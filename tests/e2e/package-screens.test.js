// The screens that follow a concluded agreement, against the real server through the browser
// (issue 10): the mediator marks an agreement item as a payment obligation with its terms; once
// signed and sealed, its debtor — and no one else — consents to compulsory enforcement with the
// key their browser made (赋强公证, 公证法 art. 37), the console lists the route, and the mediator
// downloads the notarisation package, which verifies offline. Then judicial confirmation: the
// mediator chooses the court's basis (each radio beside its words) and the court, each party
// confirms, the 30-day deadline is shown and the package downloads and verifies. axe-core and
// screenshots on a phone and a PC along the way; every frame is schema-checked.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createPublicKey, createVerify } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { accessibilityProblems } from './helpers/axe.js';
import { closeAgreement, openAgreement, phaseIs, reachMediation, waitOnline } from './helpers/pages.js';
import { artefacts, startScenario } from './helpers/scenario.js';
import { admin, serverBinary } from './helpers/server.js';

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const desktop = { viewport: { width: 1366, height: 900 } };
const org = '西湖区人民调解委员会';
const consentWords = '债务人承诺：不履行或者不完全履行本项给付义务时，自愿接受依法强制执行。';

describe('the notarisation route and the confirmation screens, in the browser', () => {
  let s;
  let roomId;
  let links;
  let mediator;
  let partyA;
  let partyB;
  let orgKey;
  let serverKey;
  const ids = {};

  // Downloads a package by the link the page shows, with the mediator's session, and verifies it
  // offline with the CLI (exit 0: verified, pinned by both fingerprints).
  async function downloadAndVerify(link, name) {
    const href = await link.getAttribute('href');
    const got = await s.api('GET', href);
    assert.equal(got.status, 200, got.text);
    assert.equal(got.headers['content-type'], 'application/zip');
    const file = join(artefacts, name);
    await writeFile(file, got.raw);
    const { stdout } = await promisify(execFile)(serverBinary, ['verify', file, '--server-key', serverKey, '--org-key', orgKey]);
    return stdout;
  }

  before(async () => {
    s = await startScenario({ args: ['--checkpoint-interval', '1'] });
    orgKey = (await admin(s.server, ['org', 'add', '--name', org])).fingerprint;
    serverKey = (await admin(s.server, ['keys']))[0].fingerprint;
    ({ roomId, links } = await s.caseWithParties('工资纠纷'));
    mediator = await s.mediatorPerson('mediator', desktop);
    partyA = await s.person('party A', desktop);
    partyB = await s.person('party B (phone)', phone);
    await mediator.page.goto(`${s.origin}/r/${roomId}/`);
    await waitOnline(mediator.page);
  });

  after(() => s?.stop('server-package-screens.log'));

  test('the case reaches mediation with both parties checked', async () => {
    const { page } = mediator;
    await reachMediation(page, { a: partyA.page, b: partyB.page }, links, s.origin);
    for (const [k, p] of Object.entries({ M: mediator, A: partyA, B: partyB })) ids[k] = p.frames.receivedFrames('welcome').at(-1).you.id;
    await page.locator('[data-testid="system-line"][data-kind="key.registered"]').nth(2).waitFor();
  });

  test('the mediator marks an item as a payment obligation with its terms; everyone signs; it is sealed', async () => {
    const { page } = mediator;
    await openAgreement(page, 'edit');
    await page.getByTestId('draft-facts').fill('申请人李四于2025年3月至5月在被申请人王五处工作，工资24000元未付。');
    await page.getByTestId('draft-issues').fill('双方就拖欠工资的支付发生争议。');
    await page.getByTestId('draft-item-i1').fill('被申请人王五于2026年12月31日前向申请人李四支付工资人民币24000元。');
    await page.getByTestId('payment-mark-i1').check();
    await page.getByTestId('payment-amount-i1').fill('人民币24000元');
    await page.getByTestId('payment-due-i1').fill('2026-12-31');
    await page.getByTestId('payment-debtor-i1').selectOption(ids.B);
    await page.getByTestId('payment-creditor-i1').selectOption(ids.A);
    // The case's field (房产物业) starts the draft with three template items: the second is
    // rewritten, the third (about a lease) removed.
    await page.getByTestId('draft-item-i2').fill('双方就本纠纷再无其他争议。');
    await page.locator('[data-testid="draft-item-form"][data-item="i3"]').getByTestId('item-remove').click();
    await page.getByTestId('draft-item-i3').waitFor({ state: 'detached' });
    // An empty item added is named as what is still to fill in, and the save waits for it.
    await page.getByTestId('item-add').click();
    const missing = page.locator('[data-testid="draft-missing"][data-fields="items"]');
    await missing.waitFor();
    assert.match(await missing.textContent(), /还需填写：第 3 条/);
    assert.ok(await page.getByTestId('draft-save').isDisabled());
    await page.getByTestId('draft-item-form').last().getByTestId('item-remove').click();
    await page.getByTestId('draft-missing').waitFor({ state: 'detached' });
    await page.locator('[data-testid="draft-item-form"][data-item="i1"]').scrollIntoViewIfNeeded();
    assert.deepEqual(await accessibilityProblems(page), []);
    await s.screenshot(page, 'notarisation-payment-terms');
    await page.getByTestId('party-id-number').first().fill('330106199001011234');
    await page.getByTestId('draft-save').click();
    await page.getByTestId('draft-saved').filter({ hasText: '第 1 版' }).waitFor();
    const saved = mediator.frames.sentFrames('act').find((f) => f.action === 'draft.save');
    assert.deepEqual(saved.args.draft.items[0].payment, { kind: 'money', amount: '人民币24000元', due: '2026-12-31', debtor: ids.B, creditor: ids.A });
    assert.equal(saved.args.draft.items.length, 2);
    assert.equal(saved.args.draft.items[1].payment, undefined);
    await closeAgreement(page);

    for (const p of [partyA, partyB, mediator]) {
      await openAgreement(p.page, 'read');
      await p.page.locator('[data-testid="sign-box"][data-ready="true"]').getByTestId('sign-confirm').click();
      const me = p === partyA ? ids.A : p === partyB ? ids.B : ids.M;
      await p.page.locator(`[data-testid="agreement-read"] [data-testid="signer"][data-signer="${me}"][data-signed="true"]`).waitFor();
    }
    for (const p of [mediator, partyA, partyB]) await phaseIs(p.page, 'agreed');
  });

  test('only the debtor is offered the consent to enforcement; they sign it with their own key', async () => {
    // The creditor sees the terms and that the debtor has not consented, and no button.
    const a = partyA.page;
    const itemA = a.locator('[data-testid="payment-item"][data-item="i1"]');
    await itemA.getByTestId('consent-waiting').waitFor();
    assert.match(await itemA.textContent(), /人民币24000元.*2026-12-31.*王五.*李四/);
    assert.equal(await a.getByTestId('consent-give').count(), 0);
    assert.equal(await a.locator('[data-testid="payment-item"][data-item="i2"]').count(), 0);

    const b = partyB.page;
    const give = b.locator('[data-testid="payment-item"][data-item="i1"]').getByTestId('consent-give');
    await give.waitFor();
    await b.getByTestId('enforcement-consent').filter({ hasText: consentWords }).waitFor();
    await b.locator('[data-testid="consent-give"]:not([disabled])').waitFor();
    assert.deepEqual(await accessibilityProblems(b), []);
    await s.screenshot(b, 'notarisation-consent-phone');
    await give.click();
    for (const p of [a, b, mediator.page]) {
      await p.locator('[data-testid="payment-item"][data-item="i1"][data-consented="true"]').getByTestId('consent-given').waitFor();
    }

    // What was sent is a raw r || s signature over the statement of RECORD.md §5.4, by B's key.
    const act = partyB.frames.sentFrames('act').find((f) => f.action === 'enforcement.consent');
    const events = partyB.frames.receivedFrames('event');
    const key = events.find((f) => f.header.kind === 'key.registered' && f.body.key === act.args.key);
    assert.equal(key.body.participant, ids.B);
    const statement = JSON.stringify({
      consent: consentWords,
      draft_sha256: act.args.draft_sha256,
      draft_version: act.args.version,
      item: 'i1',
      payment: { amount: '人民币24000元', creditor: ids.A, debtor: ids.B, due: '2026-12-31', kind: 'money' },
      record_root: act.args.record_root,
      record_size: act.args.record_size,
      role: 'party',
      room: roomId,
      signer: ids.B,
      time: act.args.time,
      type: 'mediation-room/enforcement-consent/v1',
    });
    const publicKey = createPublicKey({ key: Buffer.from(key.body.public_key, 'base64'), format: 'der', type: 'spki' });
    assert.ok(createVerify('SHA256').update(statement).verify({ key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(act.args.signature, 'base64')));
    await closeAgreement(a);
    await closeAgreement(b);
  });

  test('the mediator downloads the notarisation package, which verifies; the console lists the route', async () => {
    const { page, context } = mediator;
    const link = page.getByTestId('notarisation-download');
    await link.waitFor();
    await s.screenshot(page, 'notarisation-download');
    assert.match(await page.getByTestId('notarisation-ready').textContent(), /协议第 1 项已有债务人/);
    const verified = await downloadAndVerify(link, 'notarisation.zip');
    assert.match(verified, /VERIFIED 验证通过 — 赋强公证申请材料/);
    assert.match(verified, /给付义务 obligation i1: {2}人民币24000元，2026-12-31 前/);
    assert.match(verified, /债务人 debtor 王五 → 债权人 creditor 李四/);
    await closeAgreement(page);

    const console_ = await context.newPage();
    await console_.goto(`${s.origin}/console`);
    const chip = console_.locator(`[data-testid="case-notarisation"][data-items="i1"]`);
    await chip.waitFor();
    assert.equal(await chip.textContent(), '可赋强公证');
    await console_.close();
  });

  test('the mediator chooses the court on a basis beside its words and prepares the application', async () => {
    const { page } = mediator;
    await openAgreement(page, 'read');
    await page.getByTestId('confirmation-prepare').waitFor();
    // Each radio sits on the line of its own words, just before them.
    for (const basis of ['organisation_location', 'party_domicile', 'property_location']) {
      const label = page.getByTestId(`confirmation-basis-${basis}`);
      const radio = await label.locator('input[type="radio"]').boundingBox();
      const words = await label.locator('span').boundingBox();
      const middle = (b) => b.y + b.height / 2;
      assert.ok(Math.abs(middle(radio) - middle(words)) < words.height / 2 + 2, `${basis}: the radio is not on its words' line (${JSON.stringify({ radio, words })})`);
      assert.ok(radio.x + radio.width <= words.x && words.x - (radio.x + radio.width) < 16, `${basis}: the radio is not just before its words (${JSON.stringify({ radio, words })})`);
    }
    await page.getByTestId('confirmation-basis-party_domicile').locator('input').check();
    await page.getByTestId('confirmation-court').fill('杭州市西湖区人民法院');
    assert.deepEqual(await accessibilityProblems(page), []);
    await s.screenshot(page, 'confirmation-prepare');
    await page.getByTestId('confirmation-prepare-button').click();
    const application = page.locator('[data-testid="confirmation-application"][data-version="1"]');
    await application.waitFor();
    assert.match(await application.textContent(), /致杭州市西湖区人民法院（当事人住所地）/);
    const act = mediator.frames.sentFrames('act').find((f) => f.action === 'application.prepare');
    assert.deepEqual(act.args, { basis: 'party_domicile', court: '杭州市西湖区人民法院', confirms_ownership: false });
  });

  test('each party confirms the application; the deadline shows; the package downloads and verifies', async () => {
    for (const p of [partyA, partyB]) {
      const { page } = p;
      await openAgreement(page, 'read');
      const deadline = page.getByTestId('confirmation-panel').getByTestId('confirmation-deadline');
      await deadline.waitFor();
      assert.equal(await deadline.getAttribute('data-days-left'), '30');
      assert.match(await deadline.textContent(), /尚余 30 日/);
      const confirm = page.locator('[data-testid="confirmation-confirm"]:not([disabled])');
      await confirm.waitFor();
      if (p === partyB) {
        await confirm.scrollIntoViewIfNeeded();
        assert.deepEqual(await accessibilityProblems(page), []);
        await s.screenshot(page, 'confirmation-confirm-phone');
      }
      await confirm.click();
      await page.getByTestId('confirmation-confirm').waitFor({ state: 'detached' });
    }
    const { page } = mediator;
    const states = page.getByTestId('confirmation-states');
    await states.locator('li[data-confirmed="true"]').nth(1).waitFor();
    const link = page.getByTestId('confirmation-download');
    await link.scrollIntoViewIfNeeded();
    await s.screenshot(page, 'confirmation-download');
    const verified = await downloadAndVerify(link, 'confirmation.zip');
    assert.match(verified, /VERIFIED 验证通过 — 司法确认申请材料/);
    assert.match(verified, /杭州市西湖区人民法院（民诉法第205条 当事人住所地/);
    assert.match(verified, /尚余 30 日/);
    await closeAgreement(page);
    for (const p of [partyA, partyB]) await closeAgreement(p.page);
  });

  test('every frame matched protocol/schema', async () => {
    assert.deepEqual(await s.problems(), []);
  });
});
