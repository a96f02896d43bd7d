// The procedure's screens in a real browser against a stand-in server (helpers/fake-room.js): each
// test sets the case as it needs it, acts as a person would, and checks the act frames the page sends
// (and that they match protocol/schema), what it shows, axe-core, and takes the screenshots. The
// whole procedure against the real server is procedure.test.js.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { accessibilityProblems } from './helpers/axe.js';
import { launchBrowser, newPerson } from './helpers/browser.js';
import { caseIn, ids, notices, opening, people, room, roomApi } from './helpers/case-fixtures.js';
import { entrySha, FakeRoom, fakeOrigin } from './helpers/fake-room.js';
import { artefacts } from './helpers/scenario.js';
import { loadSchemas } from './helpers/schemas.js';

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const desktop = { viewport: { width: 1366, height: 900 } };
const everyone = Object.values(people);

describe('the procedure screens (stand-in server)', () => {
  let browser;
  let ajv;
  const fakes = [];

  before(async () => {
    ajv = loadSchemas();
    browser = await launchBrowser();
    await mkdir(artefacts, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    assert.deepEqual(fakes.flatMap((f) => f.problems), []);
  });

  async function open(options, setup, viewport = desktop) {
    const fake = new FakeRoom(ajv, { room, people: everyone, api: roomApi(), ...options });
    fakes.push(fake);
    setup?.(fake);
    const person = await newPerson(browser, viewport);
    await fake.attach(person.page);
    await person.page.goto(`${fakeOrigin}/r/${room.id}/`);
    await person.page.locator('[data-testid="connection-status"][data-state="online"]').waitFor();
    return { fake, page: person.page, context: person.context };
  }

  const shot = (page, name) => page.screenshot({ path: join(artefacts, `${name}.png`), fullPage: false });

  test('a party on a phone reads the notice in full, switches language, and acknowledges it', async () => {
    const { fake, page, context } = await open({ you: people.a, kase: caseIn('notice') }, (f) => opening(f), phone);
    const text = page.getByTestId('notice-text');
    await text.waitFor();
    assert.equal(await text.textContent(), notices['zh-CN'].text);
    assert.equal(await page.getByTestId('notice-acknowledge').textContent(), '我已阅读，同意在线调解');
    assert.deepEqual(await accessibilityProblems(page), []);
    await shot(page, 'notice-phone');

    await page.getByTestId('notice-lang-en').click();
    await text.filter({ hasText: 'Notice of rights and duties' }).waitFor();
    assert.equal(await text.textContent(), notices.en.text);
    fake.onAct = ({ action, args }) =>
      action === 'notice.acknowledge'
        ? { events: [['notice.acknowledged', ids.A, { template: 'notice/房产物业', language: args.language, text_sha256: args.text_sha256, consent_online: true }]] }
        : null;
    const sent = fake.nextAct('notice.acknowledge');
    await page.getByTestId('notice-acknowledge').click();
    const frame = await sent;
    assert.deepEqual(frame.args, { language: 'en', text_sha256: notices.en.sha256 });
    await page.getByTestId('notice-gate').waitFor({ state: 'detached' });
    await page.getByTestId('system-line').filter({ hasText: 'read the notice of rights and duties' }).waitFor();
    await context.close();
  });

  test('a notice whose hash is not of its text cannot be acknowledged', async () => {
    const api = { ...roomApi(), [`GET /r/${ids.room}/api/notice?lang=zh-CN`]: { schema: 'notice.response', body: { ...notices['zh-CN'], sha256: notices.en.sha256 } } };
    const { page, context } = await open({ you: people.a, kase: caseIn('notice'), api }, (f) => opening(f), phone);
    await page.getByTestId('notice-hash-mismatch').waitFor();
    assert.equal(await page.getByTestId('notice-acknowledge').isDisabled(), true);
    // Put off, the notice stays one tap away.
    await page.getByTestId('notice-later').click();
    await page.getByTestId('bar-notice').click();
    await page.getByTestId('notice-gate').waitFor();
    await context.close();
  });

  test('a party\'s binding steps wait for the identity check, then confirm a fact bound to its hash', async () => {
    const fact = { entry: 'e1', version: 1, kind: 'fact', side: null, text: '双方于2025年3月1日签订房屋租赁合同，约定押金5000元。' };
    const { fake, page, context } = await open({ you: people.a, kase: caseIn('mediation') }, (f) => {
      opening(f);
      f.add('notice.acknowledged', ids.A, { template: 'notice/房产物业', language: 'zh-CN', text_sha256: notices['zh-CN'].sha256, consent_online: true });
      f.add('disclosure.made', ids.M, { mediator: ids.M, conflict: true, statement: '本人曾与被申请人在同一单位工作，现已无往来。' });
      f.add('transcript.entry', ids.M, { ...fact, sha256: entrySha(fact) });
    }, phone);
    await page.getByTestId('bar-todo').filter({ hasText: '2 项待您处理' }).click();
    const steps = page.getByTestId('party-actions');
    await steps.waitFor();
    assert.match(await page.getByTestId('identity-pending').textContent(), /调解员核验您的身份后/);
    assert.equal(await page.getByTestId('fact-confirm').isDisabled(), true);
    assert.equal(await page.getByTestId('disclosure-accept').isDisabled(), true);
    assert.equal(await page.getByTestId('withdraw-open').isDisabled(), true);
    assert.deepEqual(await accessibilityProblems(page), []);
    await shot(page, 'party-steps-unchecked-phone');

    fake.add('identity.checked', ids.M, { participant: ids.A, method: 'id_card_video', document: '3301**********1234', note: '' });
    await page.getByTestId('identity-pending').waitFor({ state: 'detached' });
    fake.onAct = ({ action, args }) => {
      if (action === 'disclosure.answer') return { events: [['disclosure.answered', ids.A, args]] };
      if (action === 'facts.confirm') return { events: [['facts.confirmed', ids.A, { comment: '', ...args }]] };
      return null;
    };
    await page.getByTestId('disclosure-accept').click();
    await page.getByTestId('disclosure-answer').filter({ hasText: '您已同意继续调解' }).waitFor();
    const item = page.locator('[data-testid="fact-item"][data-hash-ok="true"]');
    await item.waitFor();
    const confirmed = fake.nextAct('facts.confirm');
    await page.getByTestId('fact-confirm').click();
    assert.deepEqual((await confirmed).args, { entry: 'e1', version: 1, sha256: entrySha(fact), confirm: true });
    await page.locator('[data-testid="fact-item"][data-answer="confirmed"]').waitFor();
    await shot(page, 'party-steps-phone');
    await context.close();
  });

  test('a party withdraws after a confirmation, then sees the referral and what to do next', async () => {
    const { fake, page, context } = await open({ you: people.b, kase: caseIn('mediation') }, (f) => {
      opening(f);
      f.add('notice.acknowledged', ids.B, { template: 'notice/房产物业', language: 'zh-CN', text_sha256: notices['zh-CN'].sha256, consent_online: true });
      f.add('identity.checked', ids.M, { participant: ids.B, method: 'zhelibang', document: '3301**********5678', note: '' });
    }, phone);
    fake.onAct = ({ action, args }) =>
      action === 'case.withdraw' ? { events: [['party.withdrew', ids.B, { ...args, phase: { from: 'mediation', to: 'not_agreed' } }]], case: { phase: 'not_agreed' } } : null;
    await page.getByTestId('details-toggle').click();
    await page.getByTestId('withdraw-open').click();
    await page.getByTestId('withdraw-reason').fill('已与对方私下协商解决。');
    await page.getByTestId('withdraw-send').click();
    const dialog = page.getByTestId('confirm-dialog');
    assert.match(await dialog.textContent(), /撤回后本次调解结束/);
    const sent = fake.nextAct('case.withdraw');
    await dialog.getByTestId('confirm-ok').click();
    assert.deepEqual((await sent).args, { reason: '已与对方私下协商解决。' });
    await page.locator('[data-testid="phase-summary"][data-phase="not_agreed"]').waitFor();
    await page.getByTestId('outcome-withdrawn').waitFor();

    fake.add('referral.made', ids.M, { route: 'court', reason: '申请人坚持起诉。', next_steps: '可向西湖区人民法院起诉，携带租赁合同和押金收据。', phase: { from: 'not_agreed', to: 'referred' } });
    fake.setCase({ phase: 'referred' });
    const referral = page.getByTestId('outcome-referral');
    await referral.waitFor();
    assert.match(await referral.textContent(), /建议的解决途径：诉讼.*下一步：可向西湖区人民法院起诉/);
    assert.deepEqual(await accessibilityProblems(page), []);
    await shot(page, 'party-outcome-phone');
    await context.close();
  });

  test('the joint room shows a running back-to-back session and the advisor\'s legal card', async () => {
    const { fake, page, context } = await open({ you: people.b, kase: caseIn('mediation', { caucus: ['A'] }) }, (f) => {
      opening(f);
      f.add('notice.acknowledged', ids.B, { template: 'notice/房产物业', language: 'zh-CN', text_sha256: notices['zh-CN'].sha256, consent_online: true });
      f.add('caucus.opened', ids.M, { side: 'A' });
      f.add('legal.explained', ids.ADV, { law: '中华人民共和国民法典', article: '第七百一十四条', explanation: '承租人应当妥善保管租赁物；因保管不善造成租赁物毁损、灭失的，应当承担赔偿责任。' });
    }, phone);
    const indicator = page.getByTestId('caucus-indicator');
    assert.equal(await indicator.textContent(), '背对背进行中（申请人）');
    const card = page.getByTestId('legal-card');
    assert.equal(await card.getByTestId('legal-cite').textContent(), '《中华人民共和国民法典》第七百一十四条');
    assert.deepEqual(await accessibilityProblems(page), []);
    await shot(page, 'joint-room-phone');
    fake.add('caucus.closed', ids.M, { side: 'A' });
    fake.setCase({ caucus: [] });
    await indicator.waitFor({ state: 'detached' });
    await context.close();
  });

  test('the mediator\'s panel: a refusal explained with its article, notice otherwise, identity, caucus, the record', async () => {
    const { fake, page, context } = await open({ you: people.mediator, kase: caseIn('notice'), read: ['main', 'caucus:A', 'caucus:B', 'consult'], write: ['main', 'caucus:A', 'caucus:B', 'consult'] }, (f) => {
      opening(f);
      f.add('notice.acknowledged', ids.A, { template: 'notice/房产物业', language: 'zh-CN', text_sha256: notices['zh-CN'].sha256, consent_online: true });
      f.add('identity.checked', ids.M, { participant: ids.A, method: 'id_card_video', document: '3301**********1234', note: '' });
    });
    let refuse = true;
    fake.onAct = ({ action, args }) => {
      if (action === 'phase.advance' && refuse) return { error: { code: 'procedure', rule: 'notice_unacknowledged' } };
      if (action === 'phase.advance') return { events: [['phase.changed', ids.M, { phase: { from: 'notice', to: 'mediation' } }]], case: { phase: 'mediation' } };
      if (action === 'notice.record_other') return { events: [['notice.given_otherwise', ids.M, args]] };
      if (action === 'identity.check') return { events: [['identity.checked', ids.M, { participant: args.participant, method: args.method, document: `${args.document.slice(0, 4)}**********${args.document.slice(-4)}`, note: args.note ?? '' }]] };
      if (action === 'caucus.open') return { events: [['caucus.opened', ids.M, args]], case: { caucus: [args.side] } };
      if (action === 'transcript.write') {
        const entry = { entry: 'e1', version: 1, kind: args.kind, side: args.side, text: args.text };
        return { events: [['transcript.entry', ids.M, { ...entry, sha256: entrySha(entry) }]] };
      }
      return null;
    };
    await page.getByTestId('advance-mediation').click();
    const refusal = page.getByTestId('advance-refusal');
    await refusal.waitFor();
    assert.equal(await refusal.getAttribute('data-rule'), 'notice_unacknowledged');
    assert.match(await refusal.textContent(), /没有确认权利义务告知书.*第十七条/);

    const b = page.locator(`[data-testid="checklist-person"][data-participant-id="${ids.B}"]`);
    assert.equal(await b.getByTestId('check-notice').getAttribute('data-done'), 'false');
    await b.getByTestId('notice-other-open').click();
    await b.getByTestId('notice-other-reason').fill('当面宣读并签收纸质告知书');
    await b.getByTestId('notice-other-send').click();
    await b.locator('[data-testid="check-notice"][data-done="true"]').waitFor();

    await b.getByTestId('identity-open').click();
    assert.match(await b.getByTestId('identity-form').textContent(), /只保存脱敏后的号码/);
    await b.getByTestId('identity-method').selectOption('in_person');
    await b.getByTestId('identity-document').fill('330106199001011234');
    const checked = fake.nextAct('identity.check');
    await b.getByTestId('identity-send').click();
    assert.deepEqual((await checked).args, { participant: ids.B, method: 'in_person', document: '330106199001011234' });
    await b.locator('[data-testid="check-identity"][data-done="true"]').filter({ hasText: '3301**********1234' }).waitFor();

    refuse = false;
    await page.getByTestId('advance-mediation').click();
    await page.locator('[data-testid="phase-summary"][data-phase="mediation"]').waitFor();
    await page.getByTestId('caucus-open-A').click();
    await page.getByTestId('caucus-indicator').filter({ hasText: '背对背进行中（申请人）' }).waitFor();

    await page.getByTestId('transcript-kind').selectOption('fact');
    await page.getByTestId('transcript-text').fill('双方确认押金为5000元。');
    await page.getByTestId('transcript-send').click();
    const entry = page.locator('[data-testid="transcript-entry"][data-entry="e1"]');
    await entry.waitFor();
    assert.deepEqual(await entry.getByTestId('entry-confirmation').evaluateAll((els) => els.map((e) => e.dataset.answer)), ['open', 'open']);
    assert.deepEqual(await accessibilityProblems(page), []);
    await shot(page, 'mediator-panel');
    // The whole side panel at once, as a tall screen shows it.
    await page.setViewportSize({ width: 1366, height: 2800 });
    await page.getByTestId('side-panel').screenshot({ path: join(artefacts, 'mediator-panel-side.png') });
    await context.close();
  });

  test('a closed case is read-only: no composer, no steps', async () => {
    const { page, context } = await open({ you: people.mediator, kase: caseIn('closed'), read: ['main', 'caucus:A', 'caucus:B', 'consult'], write: ['main', 'caucus:A', 'caucus:B', 'consult'] }, (f) => opening(f));
    await page.getByTestId('bar-closed').waitFor();
    assert.equal(await page.getByTestId('composer').count(), 0);
    await page.getByTestId('composer-closed').waitFor();
    for (const id of ['advance-buttons', 'transcript-form', 'identity-open', 'disclosure-open', 'caucus-open-A']) {
      assert.equal(await page.locator(`[data-testid="${id}"]:not([disabled])`).count(), 0, id);
    }
    await shot(page, 'closed-room');
    await context.close();
  });

  test('the advisor in the joint room posts a legal explanation card', async () => {
    const { fake, page, context } = await open({ you: people.advisor, kase: caseIn('mediation'), read: ['main', 'consult'], write: ['main', 'consult'] }, (f) => opening(f));
    fake.onAct = ({ action, args }) => (action === 'law.explain' ? { events: [['legal.explained', ids.ADV, args]] } : null);
    await page.getByTestId('legal-law').fill('中华人民共和国民法典');
    await page.getByTestId('legal-article').fill('第七百二十条');
    await page.getByTestId('legal-explanation-input').fill('押金应在扣除承租人应承担的费用后返还。');
    const sent = fake.nextAct('law.explain');
    await page.getByTestId('legal-send').click();
    assert.deepEqual((await sent).args, { law: '中华人民共和国民法典', article: '第七百二十条', explanation: '押金应在扣除承租人应承担的费用后返还。' });
    await page.getByTestId('legal-card').waitFor();
    assert.deepEqual(await accessibilityProblems(page), []);
    await context.close();
  });

  test('the console lists cases with phase and deadline, filtered and sorted', async () => {
    const listing = (id, title, field, phase, more, parties) => ({ room: { ...room, id, title, field }, case: caseIn(phase, more), parties, last_activity: Date.now() - id.charCodeAt(15) * 60_000 });
    const day = (n) => new Date(Date.now() + 8 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);
    const cases = [
      listing('Rcase00000000001', '房屋租赁押金纠纷', '房产物业', 'mediation', {}, [{ side: 'A', name: '李四' }, { side: 'B', name: '王五' }]),
      listing('Rcase00000000002', '工资拖欠纠纷', '劳动社保', 'agreed', { agreed_at: Date.now(), confirmation_due: day(30), enforceable_items: ['i1'] }, [{ side: 'A', name: '陈一' }]),
      listing('Rcase00000000003', '离婚财产分割', '婚姻家庭', 'follow_up', { personal_status: true, followup_due: day(3) }, [{ side: 'A', name: '刘二' }, { side: 'B', name: '孙三' }]),
    ];
    const api = {
      'GET /api/me': { schema: 'me.response', body: { mediator: { id: 'm00000000001', name: '张三', org: '西湖区人民调解委员会', login: 'm1' } } },
      'GET /api/rooms': { schema: 'rooms.response', body: { cases } },
      'GET /api/fields': { schema: 'fields.response', body: { fields: ['房产物业', '劳动社保', '婚姻家庭'] } },
    };
    const fake = new FakeRoom(ajv, { room, people: everyone, you: people.mediator, kase: caseIn('intake'), api });
    fakes.push(fake);
    const { page, context } = await newPerson(browser, desktop);
    await fake.attach(page);
    await page.goto(`${fakeOrigin}/console`);
    const rows = page.getByTestId('room-item');
    await rows.first().waitFor();
    assert.deepEqual(await rows.getByTestId('case-phase').allTextContents(), ['调解', '达成协议', '回访']);
    assert.deepEqual(await page.getByTestId('case-deadline').allTextContents(), ['司法确认还剩 30 天', '回访还剩 3 天']);
    // 赋强公证: only the agreed case whose debtor consented is marked.
    assert.deepEqual(await page.getByTestId('case-notarisation').allTextContents(), ['可赋强公证']);
    await page.getByTestId('sort-deadline').click();
    assert.deepEqual(await rows.locator('[data-testid="room-summary"]').allTextContents(), ['离婚财产分割', '工资拖欠纠纷', '房屋租赁押金纠纷']);
    await page.getByTestId('filter-phase').selectOption('agreed');
    assert.deepEqual(await rows.locator('[data-testid="room-summary"]').allTextContents(), ['工资拖欠纠纷']);
    await page.getByTestId('filter-phase').selectOption('');
    await page.getByTestId('filter-field').selectOption('婚姻家庭');
    assert.deepEqual(await rows.locator('[data-testid="room-summary"]').allTextContents(), ['离婚财产分割']);
    await page.getByTestId('filter-field').selectOption('');
    assert.deepEqual(await accessibilityProblems(page), []);
    await shot(page, 'console-cases');
    await page.setViewportSize({ width: 360, height: 740 });
    await shot(page, 'console-cases-phone');
    await context.close();
  });
});
