// The mediator console in the browser: sign in, create a case, invite people picked from its
// parties, show a link and its QR code again, revoke with a confirmation, export the record.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { accessibilityProblems } from './helpers/axe.js';
import { login } from './helpers/pages.js';
import { password, startScenario } from './helpers/scenario.js';

describe('the mediator console', () => {
  let s;
  let mediator;
  let page;
  let roomId;
  const detail = () => page.getByTestId('case-detail');

  before(async () => {
    s = await startScenario();
    mediator = await s.person('console');
    page = mediator.page;
  });

  after(() => s?.stop('server-console.log'));

  test('a wrong password is refused in Chinese; the right one signs in', async () => {
    await page.goto(`${s.origin}/console`);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
    assert.deepEqual(await accessibilityProblems(page), []);
    await page.getByTestId('login-login').fill('m1');
    await page.getByTestId('login-password').fill('wrong');
    await page.getByTestId('login-submit').click();
    assert.match(await page.getByTestId('login-error').textContent(), /账号或密码不正确/);
    await login(page, s.origin, 'm1', password);
    assert.match(await page.getByTestId('me-name').textContent(), /张三 · 西湖区人民调解委员会/);
  });

  test('a new case lists its parties to invite', async () => {
    await page.getByTestId('room-create-open').click();
    await page.getByTestId('room-title-input').fill('物业服务费纠纷');
    await page.getByTestId('room-field-select').selectOption('房产物业');
    await page.getByTestId('room-party-a-input').fill('李四，李五');
    await page.getByTestId('room-party-b-input').fill('某物业公司');
    await page.getByTestId('room-create-submit').click();
    await detail().waitFor();
    roomId = await detail().getAttribute('data-room-id');
    assert.match(roomId, /^[A-Za-z0-9][A-Za-z0-9_-]{15}$/);
    const options = await detail().getByTestId('invite-role-select').locator('option').allTextContents();
    assert.deepEqual(options.slice(0, 3), ['李四（申请人）', '李五（申请人）', '某物业公司（被申请人）']);
    assert.equal(await page.getByTestId('room-item').filter({ hasText: '物业服务费纠纷' }).count(), 1);
  });

  test('an invitation shows its link and QR code, and again later', async () => {
    await detail().getByTestId('invite-expiry-select').selectOption('3');
    await detail().getByTestId('invite-create-submit').click();
    const item = detail().getByTestId('invite-item').filter({ hasText: '李四（申请人）' });
    await item.getByTestId('invite-link').waitFor();
    const link = await item.getByTestId('invite-link').textContent();
    assert.match(link, /^https:\/\/[^/]+\/join#[A-Za-z0-9_-]{43}$/);
    assert.ok((await item.getByTestId('invite-qr').boundingBox()).width >= 100);
    // The invited party leaves the picker; the next one is offered first.
    assert.equal(await detail().getByTestId('invite-name-input').inputValue(), '李五');
    const created = (await s.api('GET', `/api/rooms/${roomId}/invites`)).json.invites[0];
    assert.ok(Math.abs(created.expires_at - created.created_at - 3 * 24 * 3600 * 1000) < 60000);

    await item.getByTestId('invite-show-button').click();
    assert.equal(await item.getByTestId('invite-link').count(), 0);
    await page.reload();
    await page.getByTestId('room-item').filter({ hasText: '物业服务费纠纷' }).getByTestId('room-summary').click();
    await item.getByTestId('invite-show-button').click();
    assert.equal(await item.getByTestId('invite-link').textContent(), link);
    // The participants column of the case list now names the party.
    await page.getByTestId('room-item').filter({ hasText: '李四（申请人）' }).waitFor();
    assert.deepEqual(await accessibilityProblems(page), []);
    await s.screenshot(page, 'console');
  });

  test('revoking asks first, and can be called off', async () => {
    await detail().getByTestId('invite-role-select').selectOption({ label: '旁听人' });
    await detail().getByTestId('invite-name-input').fill('钱七');
    await detail().getByTestId('invite-create-submit').click();
    const item = detail().getByTestId('invite-item').filter({ hasText: '钱七' });
    await item.getByTestId('invite-revoke-button').click();
    await page.getByTestId('confirm-cancel').click();
    assert.equal(await item.getAttribute('data-state'), 'active');
    await item.getByTestId('invite-revoke-button').click();
    assert.match(await page.getByTestId('confirm-dialog').textContent(), /钱七 将无法再用这个链接/);
    await page.getByTestId('confirm-ok').click();
    await item.and(page.locator('[data-state="revoked"]')).waitFor();
  });

  test('the record can be exported from the console', async () => {
    const href = await detail().getByTestId('export-link').getAttribute('href');
    const download = page.waitForEvent('download');
    await detail().getByTestId('export-link').click();
    assert.match((await download).suggestedFilename(), /\.zip$/);
    const answer = await s.api('GET', href);
    assert.equal(answer.status, 200);
    assert.equal(answer.raw.subarray(0, 2).toString(), 'PK');
  });

  test('signing out returns to the login', async () => {
    await page.getByTestId('logout-button').click();
    await page.getByTestId('login-section').waitFor();
  });

  test('every API answer matched protocol/schema', async () => {
    assert.deepEqual(await s.problems(), []);
  });
});
