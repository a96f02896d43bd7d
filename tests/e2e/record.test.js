// The record in the browser (issue 3 item 4): every new checkpoint is checked (signature by the pinned
// server key, consistency with the one held before, inclusion of the latest event seen) and the page
// says up to which event the record is verified; a forged checkpoint, a changed key or a rewritten
// history raises a red warning instead. The server signs a checkpoint within a second of each event.
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { enterByLink, messages, say, waitForMessage, waitOnline } from './helpers/pages.js';
import { breakSignature, forgerKey, splitNote } from './helpers/notes.js';
import { startScenario } from './helpers/scenario.js';

// RECORD.md §3: the leaf is SHA-256(0x00 || canonical header); canonical JSON of a parsed header is
// JSON.stringify with sorted keys (client-web/src/record/verify.ts does the same in the browser).
const sorted = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])])) : v);
const leafHex = (header) => createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(JSON.stringify(sorted(header)))])).digest('hex');

// Waits until the page claims the record verified up to at least `seq`; returns the number shown.
async function waitVerified(page, seq, pattern = '^记录已验证至 #(\\d+)$') {
  const handle = await page.waitForFunction(
    ([min, source]) => {
      const status = document.querySelector('[data-testid="verified-status"]');
      const match = status && !status.hidden && status.textContent.match(new RegExp(source));
      return match && Number(match[1]) >= min ? Number(match[1]) : null;
    },
    [seq, pattern],
  );
  return handle.jsonValue();
}

async function lastSeq(page, text) {
  return Number(await messages(page, 'main', text).getAttribute('data-seq'));
}

async function waitWarning(page, problem) {
  await page.locator(`[data-testid="record-warning"][data-problem="${problem}"]`).waitFor();
  return page.getByTestId('record-warning').textContent();
}

// Passes the room's WebSocket through, letting `rewrite(note)` replace each checkpoint note.
async function rewriteCheckpoints(page, rewrite) {
  await page.routeWebSocket(/\/ws$/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const lines = message.split('\n').map((line) => {
        const frame = JSON.parse(line);
        return frame.type === 'checkpoint' ? JSON.stringify({ ...frame, note: rewrite(frame.note) }) : line;
      });
      ws.send(lines.join('\n'));
    });
  });
}

describe('the record, verified in the browser', () => {
  const links = {};
  let s;
  let mediator;
  let partyA;

  const person = (label) => s.person(label);
  const enter = (p, link) => enterByLink(p.page, link, s.origin);

  before(async () => {
    s = await startScenario({ args: ['--checkpoint-interval', '1'], mediator: { login: 'm1', name: '陈调解', org: '滨江区人民调解委员会' } });
    const roomId = await s.room('装修工程款纠纷', [{ side: 'A', name: '刘一' }, { side: 'B', name: '许二' }]);
    links.a = (await s.invite(roomId, 'party', '刘一', 'A')).link;
    for (const name of ['观察甲', '观察乙', '观察丙']) links[name] = (await s.invite(roomId, 'observer', name)).link;
    mediator = await s.mediatorPerson();
    await mediator.page.goto(`${s.origin}/r/${roomId}/`);
    await waitOnline(mediator.page);
  });

  after(() => s?.stop('server-record.log'));

  test('each new checkpoint is verified and the page says up to which event', async () => {
    partyA = await person('party A');
    await enter(partyA, links.a);
    await say(mediator.page, 'main', '请双方陈述。');
    await say(partyA.page, 'main', '工程款还差两万元。');
    const first = await lastSeq(partyA.page, '工程款还差两万元。');
    for (const { page } of [mediator, partyA]) assert.ok((await waitVerified(page, first)) >= first);

    // A later checkpoint must extend the one already verified: a consistency proof is asked for.
    await say(mediator.page, 'main', '被申请人是否认可？');
    await waitForMessage(partyA.page, 'main', '被申请人是否认可？');
    const second = await lastSeq(partyA.page, '被申请人是否认可？');
    await waitVerified(partyA.page, second);
    assert.equal(await partyA.page.getByTestId('record-warning').isVisible(), false);
    assert.ok(partyA.frames.sentFrames('consistency').length >= 1);
    assert.ok(partyA.frames.receivedFrames('consistency').length >= 1);
    await partyA.page.getByTestId('checkpoint-download').waitFor();
    await s.screenshot(partyA.page, 'record-verified');

    // The leaf the browser hashes from the header it received is the server's leaf (canonical JSON
    // is JSON.stringify with sorted keys).
    const proofs = partyA.frames.receivedFrames('proof');
    assert.ok(proofs.length >= 2);
    const events = new Map(partyA.frames.receivedFrames('event').map((e) => [e.seq, e]));
    for (const proof of proofs) assert.equal(leafHex(events.get(proof.seq).header), proof.leaf);

    await partyA.page.getByTestId('lang-switch').selectOption('en');
    assert.ok((await waitVerified(partyA.page, second, '^Record verified up to #(\\d+)$')) >= second);
    await partyA.page.getByTestId('lang-switch').selectOption('zh-CN');
  });

  test('after a reload the kept checkpoint is checked against the next', async () => {
    const consistencyBefore = partyA.frames.sentFrames('consistency').length;
    await partyA.page.reload();
    await waitOnline(partyA.page);
    await say(partyA.page, 'main', '重新打开页面后的消息。');
    const seq = await lastSeq(partyA.page, '重新打开页面后的消息。');
    await waitVerified(partyA.page, seq);
    assert.ok(partyA.frames.sentFrames('consistency').length > consistencyBefore);
    assert.equal(await partyA.page.getByTestId('record-warning').isVisible(), false);
  });

  test('a checkpoint with a broken signature raises the alarm and nothing is claimed verified', async () => {
    const observer = await person('observer (broken signature)');
    let forged = 0;
    let onForged = () => {};
    await rewriteCheckpoints(observer.page, (note) => {
      forged += 1;
      onForged();
      return breakSignature(note);
    });
    await enter(observer, links['观察甲']);
    assert.match(await waitWarning(observer.page, 'bad_signature'), /签名无效/);
    await s.screenshot(observer.page, 'record-warning');
    assert.equal(await observer.page.getByTestId('verified-status').isVisible(), false);

    // Later (equally broken) checkpoints do not clear the alarm.
    const seen = forged;
    const another = new Promise((resolve) => (onForged = () => forged > seen && resolve()));
    await say(mediator.page, 'main', '签名被破坏后的消息。');
    await another;
    await waitForMessage(observer.page, 'main', '签名被破坏后的消息。');
    assert.equal(await observer.page.getByTestId('record-warning').isVisible(), true);
    assert.equal(await observer.page.getByTestId('verified-status').isVisible(), false);
    await observer.context.close();
  });

  test('a changed server key raises the alarm', async () => {
    const observer = await person('observer (changed key)');
    await enter(observer, links['观察乙']);
    await waitVerified(observer.page, 0);
    await observer.page.route('**/api/keys', (route) => route.fulfill({ json: forgerKey('mediation-room.localhost/key-1').listing }));
    await observer.page.reload();
    assert.match(await waitWarning(observer.page, 'key_changed'), /签名密钥/);
    assert.equal(await observer.page.getByTestId('verified-status').isVisible(), false);
    await observer.context.close();
  });

  test('a validly signed checkpoint that rewrites history raises the alarm', async () => {
    // The page trusts the test's key on first use; the test then signs a root the server never had.
    const forger = forgerKey('mediation-room.localhost/key-1');
    let rewriting = false;
    const observer = await person('observer (rewritten)');
    await observer.page.route('**/api/keys', (route) => route.fulfill({ json: forger.listing }));
    await rewriteCheckpoints(observer.page, (note) => forger.sign(splitNote(note).body, rewriting ? randomBytes(32) : null));
    await enter(observer, links['观察丙']);
    await waitVerified(observer.page, 0);

    rewriting = true;
    await say(mediator.page, 'main', '改写历史之后的消息。');
    assert.match(await waitWarning(observer.page, 'rewritten'), /改写/);
    assert.equal(await observer.page.getByTestId('verified-status').isVisible(), false);
    await observer.context.close();
  });

  test('every frame and API answer matched protocol/schema', async () => {
    assert.deepEqual(await s.problems(), []);
  });
});
