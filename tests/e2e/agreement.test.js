// Documents, the agreement draft and co-signing against the real server (PROTOCOL.md §7), through
// the browser only: two parties (one on a phone) and the mediator share a photo (its location shown
// and stripped, the upload cut off half-way and resumed) and a PDF, with progress and previews; the
// refusals of a file too large and of a refused type; the mediator drafts the agreement, a party
// proposes a change, the mediator saves a second version and everyone reads the diff with the hash
// their own browser computed; a second device registers a second key, which its owner revokes; each
// signs with a key that never leaves the browser, the organisation seals it, and the signed
// agreement prints on A4. Every frame and API answer is schema-checked.
import assert from 'node:assert/strict';
import { createPublicKey, createVerify } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { accessibilityProblems } from './helpers/axe.js';
import { closeAgreement, closeDetails, openAgreement, openDetails, phaseIs, reachMediation, waitOnline } from './helpers/pages.js';
import { photoWithGps, pdfPageCount, pdfPageSizes, samplePdf } from './helpers/samples.js';
import { artefacts, startScenario } from './helpers/scenario.js';
import { httpProblems, loadSchemas } from './helpers/schemas.js';
import { admin } from './helpers/server.js';

const phone = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true };
const org = '西湖区人民调解委员会';
const maxUpload = 8 * 1024 * 1024;

// A gate the test opens: a held request waits on it.
function gate() {
  let open;
  const opened = new Promise((resolve) => (open = resolve));
  return { opened, open };
}

async function shareFile(page, file) {
  await openDetails(page);
  await page.getByTestId('document-file').setInputFiles(file);
}

describe('documents, the agreement and its signatures, in the browser', () => {
  let s;
  let roomId;
  let links;
  let mediator;
  let partyA;
  let partyB;
  const ids = {};

  before(async () => {
    s = await startScenario({ args: ['--max-upload', String(maxUpload), '--checkpoint-interval', '1'] });
    await admin(s.server, ['org', 'add', '--name', org]);
    ({ roomId, links } = await s.caseWithParties('房屋租赁押金纠纷'));
    mediator = await s.mediatorPerson('mediator', { viewport: { width: 1366, height: 900 } });
    partyA = await s.person('party A (phone)', phone);
    partyB = await s.person('party B');
    await mediator.page.goto(`${s.origin}/r/${roomId}/`);
    await waitOnline(mediator.page);
  });

  after(() => s?.stop('server-agreement.log'));

  test('the case reaches mediation with both parties checked', async () => {
    const { page } = mediator;
    await reachMediation(page, { a: partyA.page, b: partyB.page }, links, s.origin);
    for (const p of [mediator, partyA, partyB]) ids[p === mediator ? 'M' : p === partyA ? 'A' : 'B'] = p.frames.receivedFrames('welcome').at(-1).you.id;
    // Each browser made its own key on joining and registered it: three registrations in the joint room.
    await page.locator('[data-testid="system-line"][data-kind="key.registered"]').nth(2).waitFor();
    for (const p of [mediator, partyA, partyB]) {
      const register = p.frames.sentFrames('act').filter((f) => f.action === 'key.register');
      assert.equal(register.length, 1);
      // SPKI DER of a P-256 key, base64.
      assert.match(register[0].args.public_key, /^MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE[A-Za-z0-9+/]+=*$/);
    }
  });

  test('a photo\'s location is shown and stripped; its upload, cut off half-way, resumes where the server stands', async () => {
    const { page, context } = partyA;
    const photo = await photoWithGps(page, { width: 1600, height: 1200 });
    assert.ok(photo.length > 1_100_000, `the photo is ${photo.length} bytes`);
    // The second chunk's connection drops; the question "where does the upload stand?" waits
    // until the test has seen the resuming state.
    let puts = 0;
    const held = gate();
    const asked = gate();
    await context.route(/\/api\/uploads\/u[0-9a-f]+\?offset=/, (route) => {
      puts += 1;
      return puts === 2 ? route.abort('connectionreset') : route.fallback();
    });
    await context.route(/\/api\/uploads\/u[0-9a-f]+$/, async (route) => {
      if (route.request().method() !== 'GET') return route.fallback();
      asked.open();
      await held.opened;
      return route.fallback();
    });
    await shareFile(page, { name: '押金收据照片.jpg', mimeType: 'image/jpeg', buffer: photo });
    const location = page.getByTestId('photo-location');
    await location.waitFor();
    assert.match(await location.textContent(), /纬度 30\.274\d*，经度 120\.155\d*/);
    await s.screenshot(page, 'document-location-phone');
    await page.getByTestId('document-send-stripped').click();
    await asked.opened;
    const progress = page.locator('[data-testid="upload-progress"][data-state="resuming"]');
    await progress.waitFor();
    const bar = page.getByTestId('upload-bar');
    const [value, max] = await Promise.all([bar.getAttribute('value'), bar.getAttribute('max')]);
    assert.ok(Number(value) > 0 && Number(value) < Number(max), `progress ${value} of ${max}`);
    assert.match(await progress.textContent(), /网络中断，正在从 \d+% 处续传/);
    await s.screenshot(page, 'document-resuming-phone');
    held.open();
    await page.locator('[data-testid="upload-progress"][data-state="done"]').waitFor();
    await context.unrouteAll({ behavior: 'wait' });

    const item = page.getByTestId('documents-main').getByTestId('document-item').filter({ hasText: '押金收据照片.jpg' });
    await item.getByTestId('document-preview-toggle').click();
    const preview = item.locator('[data-testid="image-preview"][data-state="done"]');
    await preview.waitFor();
    assert.ok((await preview.locator('img').evaluate((img) => img.naturalWidth)) === 1600);
    // What the server holds has no location, and every other byte of the picture is the camera's.
    const id = await item.getAttribute('data-document');
    const stored = Buffer.from(
      await page.evaluate(async (url) => Array.from(new Uint8Array(await (await fetch(url)).arrayBuffer())), `/r/${roomId}/api/documents/${id}`),
    );
    assert.equal(stored.indexOf(Buffer.from([0x88, 0x25, 0x00, 0x04])), -1, 'the GPS pointer is still there');
    assert.equal(stored.indexOf(Buffer.from('Exif\0\0', 'latin1')), -1);
    assert.ok(photo.subarray(photo.length - 100_000).equals(stored.subarray(stored.length - 100_000)));
    assert.ok(puts >= 3, `only ${puts} PUTs`);
    assert.deepEqual(await accessibilityProblems(page), []);
    await s.screenshot(page, 'document-photo-phone');
    await closeDetails(page);
    // The mediator sees it in the joint room's list.
    await openDetails(mediator.page);
    await mediator.page.getByTestId('documents-main').getByTestId('document-item').filter({ hasText: '押金收据照片.jpg' }).waitFor();
  });

  test('a PDF is shared and its first page rendered by pdf.js; a file too large and an executable are refused in words', async () => {
    const { page } = partyB;
    await shareFile(page, { name: '租赁合同.pdf', mimeType: 'application/pdf', buffer: samplePdf() });
    await page.getByTestId('document-send').click();
    await page.locator('[data-testid="upload-progress"][data-state="done"]').waitFor();
    const item = page.getByTestId('document-item').filter({ hasText: '租赁合同.pdf' });
    assert.equal(await item.getAttribute('data-type'), 'application/pdf');
    await item.getByTestId('document-preview-toggle').click();
    const preview = item.locator('[data-testid="pdf-preview"][data-state="done"]');
    await preview.waitFor();
    assert.match(await preview.textContent(), /共 1 页/);
    // The canvas holds the page: the red box drawn in the PDF is there.
    const red = await preview.locator('canvas').evaluate((canvas) => {
      const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] > 150 && data[i + 1] < 80 && data[i + 2] < 80) count += 1;
      return count;
    });
    assert.ok(red > 1000, `${red} red pixels`);
    await s.screenshot(page, 'document-pdf');

    await page.getByTestId('document-file').setInputFiles({ name: 'tool.pdf', mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.alloc(4000, 1)]) });
    await page.getByTestId('document-send').click();
    const refused = page.locator('[data-testid="upload-error"][data-reason="refused_type"]');
    await refused.waitFor();
    assert.match(await refused.textContent(), /不接受这种类型的文件/);

    await page.getByTestId('document-file').setInputFiles({ name: '录像.pdf', mimeType: 'application/pdf', buffer: Buffer.alloc(maxUpload + 1, 0x25) });
    await page.getByTestId('document-send').click();
    const tooLarge = page.locator('[data-testid="upload-error"][data-reason="too_large"]');
    await tooLarge.waitFor();
    assert.match(await tooLarge.textContent(), /文件太大/);
    await page.getByTestId('documents-main').getByTestId('document-item').nth(1).waitFor();
    assert.equal(await page.getByTestId('documents-main').getByTestId('document-item').count(), 2);
    await closeDetails(page);
  });

  test('the mediator drafts the agreement; a party proposes a change; a second version; everyone reads the diff', async () => {
    const { page } = mediator;
    await openAgreement(page, 'edit');
    await page.getByTestId('draft-facts').fill('2025年3月1日，申请人李四向被申请人王五承租房屋，交付押金5000元。租期届满后，被申请人以房屋有损坏为由未退还押金。');
    await page.getByTestId('draft-item-i1').fill('被申请人王五于2026年12月31日前向申请人李四退还押金3000元。');
    await page.getByTestId('party-id-number').first().fill('330106199001011234');
    await page.getByTestId('draft-save').click();
    await page.getByTestId('draft-saved').filter({ hasText: '第 1 版' }).waitFor();
    await closeAgreement(page);

    const a = partyA.page;
    await openAgreement(a, 'read');
    await a.locator('[data-testid="agreement-read"][data-version="1"]').waitFor();
    await a.locator('[data-testid="draft-hash"][data-state="match"]').first().waitFor();
    await a.getByTestId('comment-i1-open').click();
    await a.getByTestId('comment-i1-proposal').check();
    await a.getByTestId('comment-i1-text').fill('押金应退还4000元，房屋损坏只有门锁一处。');
    await a.getByTestId('comment-i1-send').click();
    await a.locator('[data-testid="draft-comment"][data-proposal="true"][data-item="i1"]').waitFor();
    await closeAgreement(a);

    await openAgreement(page, 'read');
    await page.locator('[data-testid="draft-comment"][data-item="i1"]').filter({ hasText: '押金应退还4000元' }).waitFor();
    await page.getByTestId('agreement-tab-edit').click();
    await page.getByTestId('draft-item-i1').fill('被申请人王五于2026年12月31日前向申请人李四退还押金4000元。');
    await page.getByTestId('draft-copies').fill('4');
    await page.getByTestId('draft-save').click();
    await page.getByTestId('draft-saved').filter({ hasText: '第 2 版' }).waitFor();
    await closeAgreement(page);

    for (const p of [partyA, partyB, mediator]) {
      await openAgreement(p.page, 'versions');
      const versions = p.page.getByTestId('draft-version');
      await versions.nth(1).waitFor();
      // Each version's hash as this browser computed it is the one the record holds.
      const saved = p.frames.receivedFrames('event').filter((f) => f.header.kind === 'draft.saved');
      assert.equal(saved.length, 2);
      for (const [i, event] of saved.entries()) {
        const badge = versions.nth(i).locator('[data-testid="draft-hash"][data-state="match"]');
        await badge.waitFor();
        assert.equal(await badge.getAttribute('data-sha256'), event.body.sha256);
      }
      const diff = p.page.locator('[data-testid="draft-diff"][data-from="1"][data-to="2"]');
      const item = diff.locator('[data-testid="diff-field"][data-key="item:i1"][data-status="changed"]');
      await item.waitFor();
      assert.match(await item.locator('del').allTextContents().then((t) => t.join('')), /3/);
      assert.match(await item.locator('ins').allTextContents().then((t) => t.join('')), /4/);
      await diff.locator('[data-testid="diff-field"][data-key="copies"][data-status="changed"]').waitFor();
      assert.equal(await diff.locator('[data-testid="diff-field"][data-key="facts"]').count(), 0);
      if (p === partyA) {
        assert.deepEqual(await accessibilityProblems(p.page), []);
        await s.screenshot(p.page, 'agreement-diff-phone');
      }
      await closeAgreement(p.page);
    }
  });

  test('a second device registers a second key; its owner revokes it', async () => {
    const second = await s.person('party A (second phone)', phone);
    await second.context.addCookies(await partyA.context.cookies());
    await second.page.goto(`${s.origin}/r/${roomId}/`);
    await waitOnline(second.page);
    await openDetails(second.page);
    await second.page.locator('[data-testid="my-key"]').waitFor();
    await second.page.getByTestId('keys-open').click();
    const here = second.page.locator('[data-testid="signing-key"][data-here="true"][data-revoked="false"]');
    await here.waitFor();
    const secondKey = await here.getAttribute('data-key');
    assert.equal(second.frames.sentFrames('act').filter((f) => f.action === 'key.register').length, 1);
    // The first phone sees both of its owner's keys, and revokes the second.
    await openAgreement(partyA.page, 'keys');
    const owner = partyA.page.locator(`[data-testid="key-owner"][data-participant="${ids.A}"]`);
    await owner.locator('[data-testid="signing-key"]').nth(1).waitFor();
    const other = owner.locator(`[data-testid="signing-key"][data-key="${secondKey}"]`);
    assert.equal(await other.getAttribute('data-here'), 'false');
    await other.getByTestId('key-revoke').click();
    await partyA.page.getByTestId('confirm-dialog').getByTestId('confirm-ok').click();
    await owner.locator(`[data-testid="signing-key"][data-key="${secondKey}"][data-revoked="true"]`).waitFor();
    await second.page.locator('[data-testid="signing-key"][data-here="true"][data-revoked="true"]').waitFor();
    await second.page.getByTestId('key-renew').waitFor();
    await closeAgreement(partyA.page);
    await second.context.close();
  });

  test('each party and the mediator sign the latest version; the organisation seals it', async () => {
    for (const p of [partyA, partyB, mediator]) {
      await openAgreement(p.page, 'read');
      await p.page.locator('[data-testid="agreement-read"][data-version="2"]').waitFor();
      await p.page.getByTestId('signature-meaning').filter({ hasText: '电子认证服务提供者' }).waitFor();
      const button = p.page.locator('[data-testid="sign-box"][data-ready="true"]').getByTestId('sign-confirm');
      assert.equal(await button.textContent(), '我已阅读并同意以上协议内容，确认签署');
      if (p === partyA) await s.screenshot(p.page, 'agreement-sign-phone');
      await button.click();
      const me = p === partyA ? ids.A : p === partyB ? ids.B : ids.M;
      await p.page.locator(`[data-testid="agreement-read"] [data-testid="signer"][data-signer="${me}"][data-signed="true"]`).waitFor();

      // What was sent is a raw r || s signature over the statement of RECORD.md §5, by this device's key.
      const act = p.frames.sentFrames('act').find((f) => f.action === 'agreement.sign');
      const events = p.frames.receivedFrames('event');
      const key = events.find((f) => f.header.kind === 'key.registered' && f.body.key === act.args.key);
      const version = events.filter((f) => f.header.kind === 'draft.saved').at(-1);
      assert.equal(key.body.participant, me);
      assert.deepEqual([act.args.version, act.args.draft_sha256], [2, version.body.sha256]);
      assert.ok(act.args.record_size > version.seq, 'the signed record holds the version signed');
      const signature = Buffer.from(act.args.signature, 'base64');
      assert.equal(signature.length, 64);
      const statement = JSON.stringify({
        draft_sha256: act.args.draft_sha256,
        draft_version: act.args.version,
        record_root: act.args.record_root,
        record_size: act.args.record_size,
        role: p === mediator ? 'mediator' : 'party',
        room: roomId,
        signer: me,
        time: act.args.time,
        type: 'mediation-room/agreement-signature/v1',
      });
      const publicKey = createPublicKey({ key: Buffer.from(key.body.public_key, 'base64'), format: 'der', type: 'spki' });
      assert.ok(createVerify('SHA256').update(statement).verify({ key: publicKey, dsaEncoding: 'ieee-p1363' }, signature));
    }
    for (const p of [mediator, partyA, partyB]) {
      await p.page.getByTestId('agreement-read').getByTestId('agreement-seal').filter({ hasText: org }).waitFor();
      await phaseIs(p.page, 'agreed');
    }
    await s.screenshot(mediator.page, 'agreement-sealed');
    await closeAgreement(mediator.page);
  });

  test('the signed agreement prints on A4 and its JSON carries every signature and the seal', async () => {
    const { page, context } = mediator;
    await openDetails(page);
    const link = page.getByTestId('side-agreement').getByTestId('agreement-html');
    const href = await link.getAttribute('href');
    const printed = await context.newPage();
    await printed.goto(`${s.origin}${href}`);
    const text = await printed.locator('body').textContent();
    for (const name of ['李四', '王五', '张三', org]) assert.ok(text.includes(name), `${name} is not on the page`);
    // The page's CSP allows it no requests: the JSON is fetched with the mediator's session directly.
    const { json } = await s.api('GET', `/r/${roomId}/api/agreement?format=json`);
    assert.deepEqual(httpProblems(loadSchemas(), 'agreement.response', json), []);
    assert.equal(json.version, 2);
    assert.equal(json.signatures.length, 3);
    assert.equal(json.seal.org, org);
    assert.ok(text.includes(json.sha256), 'the version hash is not on the page');
    for (const sig of json.signatures) assert.ok(text.replace(/\s/g, '').includes(sig.key.slice(0, 16)), `fingerprint ${sig.key} is not on the page`);

    // Printed by headless Chromium on A4: every page is A4, nothing is wider than the paper.
    await printed.emulateMedia({ media: 'print' });
    await printed.setViewportSize({ width: 794, height: 1123 });
    const overflow = await printed.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than A4`);
    const pdf = await printed.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    await writeFile(join(artefacts, 'signed-agreement.pdf'), pdf);
    const sizes = pdfPageSizes(pdf);
    const pages = pdfPageCount(pdf);
    assert.ok(pages >= 1 && pages <= 4, `${pages} pages`);
    assert.equal(sizes.length, pages);
    for (const { width, height } of sizes) {
      assert.ok(Math.abs(width - 595.28) < 2 && Math.abs(height - 841.89) < 2, `a page of ${width}×${height} pt is not A4`);
    }
    await printed.close();
  });

  test('every frame and API answer matched protocol/schema', async () => {
    assert.deepEqual(await s.problems(), []);
  });
});
