// The procedure reducer: every kind it follows, the answers the views ask for, and that a kind it
// does not follow leaves the state as it was (the same object, so nothing re-renders).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { beforeEach, describe, test } from 'vitest';
import type { AnyEvent, EventKind } from '../protocol/types';
import {
  disclosureOf,
  disclosuresToAnswer,
  emptyProcedure,
  factAnswer,
  facts,
  noticeDone,
  openRecusals,
  partyChecks,
  procedureKinds,
  reduceProcedure,
  type Procedure,
} from './procedure';
import { event, resetSeq } from './test-events';

const M = 'aaaaaaaaaaa1'; // presiding mediator
const M2 = 'aaaaaaaaaaa2'; // assisting mediator
const A = 'bbbbbbbbbbb1'; // party A
const B = 'bbbbbbbbbbb2'; // party B
const ADV = 'ccccccccccc1';
const hash = (c: string) => c.repeat(64);

// The kinds named in server/event.schema.json, read from the schema itself.
function schemaEventKinds(): Record<string, unknown> {
  const schema = JSON.parse(readFileSync(new URL('../../../protocol/schema/server/event.schema.json', import.meta.url), 'utf8'));
  return (schema as { $defs: { kind_is: Record<string, unknown> } }).$defs.kind_is;
}

function run(...events: AnyEvent[]): Procedure {
  return events.reduce(reduceProcedure, emptyProcedure);
}

beforeEach(() => resetSeq());

describe('the procedure reducer', () => {
  test('joins: the first arrival counts, a second does not change anything', () => {
    const first = event('participant.joined', A, { participant: { id: A, name: '李四', role: 'party', side: 'A' } });
    const again = event('participant.joined', A, { participant: { id: A, name: '李四', role: 'party', side: 'A' } });
    const once = run(first);
    assert.equal(once.joined[A]?.seq, first.seq);
    assert.equal(reduceProcedure(once, again), once);
  });

  test('phase changes, suspension and resumption are kept in order with reason and due day', () => {
    const s = run(
      event('phase.changed', M, { phase: { from: 'intake', to: 'notice' } }),
      event('phase.changed', M, { phase: { from: 'notice', to: 'suspended' }, reason: '当事人住院' }),
      event('phase.changed', M, { phase: { from: 'suspended', to: 'notice' } }),
      event('phase.changed', M, { phase: { from: 'agreed', to: 'follow_up' }, due: '2027-01-05' }),
    );
    assert.deepEqual(
      s.phases.map((p) => [p.from, p.to, p.reason, p.due, p.by]),
      [
        ['intake', 'notice', null, null, M],
        ['notice', 'suspended', '当事人住院', null, M],
        ['suspended', 'notice', null, null, M],
        ['agreed', 'follow_up', null, '2027-01-05', M],
      ],
    );
  });

  test('a withdrawal names who withdrew and why, and moves the case', () => {
    const s = run(event('party.withdrew', A, { reason: '已自行和解', phase: { from: 'mediation', to: 'not_agreed' } }));
    assert.equal(s.withdrawal?.by, A);
    assert.equal(s.withdrawal?.reason, '已自行和解');
    assert.equal(s.phases.at(-1)?.to, 'not_agreed');
  });

  test('disclosures and each party\'s answer; only conflicts of current mediators wait for an answer', () => {
    const none = event('disclosure.made', M, { mediator: M, conflict: false, statement: '与双方当事人无亲属、利害关系。' });
    const conflict = event('disclosure.made', M2, { mediator: M2, conflict: true, statement: '曾与被申请人同在一家单位工作。' });
    const answered = event('disclosure.answered', A, { disclosure: conflict.seq, accept: true });
    const s = run(none, conflict, answered);
    assert.equal(s.disclosures.length, 2);
    assert.equal(s.disclosures[1]?.answers[A]?.accept, true);
    assert.equal(disclosureOf(s, M)?.conflict, false);
    assert.equal(disclosureOf(s, ADV), null);
    assert.deepEqual(disclosuresToAnswer(s, A, [M, M2]), []);
    assert.deepEqual(disclosuresToAnswer(s, B, [M, M2]).map((d) => d.seq), [conflict.seq]);
    // A recused mediator's conflict no longer needs an answer.
    assert.deepEqual(disclosuresToAnswer(s, B, [M]), []);
    // An answer to a disclosure this client never saw changes nothing.
    assert.equal(reduceProcedure(s, event('disclosure.answered', B, { disclosure: 999, accept: false })), s);
  });

  test('a recusal request, then its decision with the replacing mediator', () => {
    const asked = event('recusal.requested', B, { mediator: M, reason: '调解员与申请人是同学。' });
    let s = run(asked);
    assert.deepEqual(openRecusals(s).map((r) => r.by), [B]);
    s = reduceProcedure(s, event('recusal.decided', M2, { request: asked.seq, mediator: M, granted: true, reason: '理由成立。', replacement: M2 }));
    assert.deepEqual(openRecusals(s), []);
    assert.equal(s.recusals[0]?.decision?.granted, true);
    assert.equal(s.recusals[0]?.decision?.replacement, M2);
    assert.equal(s.recusals[0]?.decision?.by, M2);
    assert.equal(reduceProcedure(s, event('recusal.decided', M2, { request: 999, mediator: M, granted: false, reason: '无', replacement: null })), s);
  });

  test('mediators added and presiding handed over', () => {
    const s = run(
      event('mediator.added', M, { participant: { id: M2, name: '周八', role: 'mediator', side: null }, org: '余杭区人民调解委员会' }),
      event('presiding.handed', M, { from: M, to: M2 }),
    );
    assert.deepEqual(s.addedMediators[M2] && [s.addedMediators[M2].name, s.addedMediators[M2].org], ['周八', '余杭区人民调解委员会']);
    assert.deepEqual(s.handovers.map((h) => [h.from, h.to]), [[M, M2]]);
  });

  test('identity checks and notice, acknowledged or given otherwise', () => {
    const s = run(
      event('identity.checked', M, { participant: A, method: 'id_card_video', document: '3301**********1234', note: '' }),
      event('notice.acknowledged', A, { template: 'notice/房产物业', language: 'zh-CN', text_sha256: hash('a'), consent_online: true }),
      event('notice.given_otherwise', M, { participant: B, reason: '当面宣读并签收纸质告知书' }),
    );
    assert.equal(s.identity[A]?.document, '3301**********1234');
    assert.equal(s.identity[A]?.by, M);
    assert.equal(s.acknowledged[A]?.text_sha256, hash('a'));
    assert.equal(s.noticeOtherwise[B]?.reason, '当面宣读并签收纸质告知书');
    assert.ok(noticeDone(s, A) && noticeDone(s, B));
    assert.ok(!noticeDone(s, ADV));
  });

  test('back-to-back sessions open and close per side', () => {
    const opened = run(event('caucus.opened', M, { side: 'A' }), event('caucus.opened', M, { side: 'B' }));
    assert.deepEqual(opened.caucus, ['A', 'B']);
    const closed = reduceProcedure(opened, event('caucus.closed', M, { side: 'A' }));
    assert.deepEqual(closed.caucus, ['B']);
    // Opening what is open, or closing what is closed, changes nothing.
    assert.equal(reduceProcedure(opened, event('caucus.opened', M, { side: 'A' })), opened);
    assert.equal(reduceProcedure(closed, event('caucus.closed', M, { side: 'A' })), closed);
  });

  test('a legal explanation card', () => {
    const s = run(event('legal.explained', ADV, { law: '中华人民共和国民法典', article: '第七百一十四条', explanation: '承租人应当妥善保管租赁物。' }));
    assert.deepEqual(s.legal.map((l) => [l.by, l.law, l.article]), [[ADV, '中华人民共和国民法典', '第七百一十四条']]);
  });

  test('the mediation record: versions, and confirmations bound to a version', () => {
    const v1 = event('transcript.entry', M, { entry: 'e1', version: 1, kind: 'fact', side: null, text: '双方于2025年3月签订租赁合同。', sha256: hash('1') });
    const claim = event('transcript.entry', M, { entry: 'e2', version: 1, kind: 'claim', side: 'A', text: '要求退还押金5000元。', sha256: hash('2') });
    let s = run(v1, claim, event('facts.confirmed', A, { entry: 'e1', version: 1, sha256: hash('1'), confirm: true, comment: '' }));
    assert.deepEqual(facts(s).map((e) => e.entry), ['e1']);
    const e1 = () => s.transcript.find((e) => e.entry === 'e1')!;
    assert.equal(factAnswer(e1(), A), 'confirmed');
    assert.equal(factAnswer(e1(), B), 'open');
    s = reduceProcedure(s, event('facts.confirmed', B, { entry: 'e1', version: 1, sha256: hash('1'), confirm: false, comment: '签订时间是4月。' }));
    assert.equal(factAnswer(e1(), B), 'declined');
    assert.equal(e1().confirmations[B]?.comment, '签订时间是4月。');
    // A revision makes every earlier answer outdated.
    s = reduceProcedure(s, event('transcript.entry', M, { entry: 'e1', version: 2, kind: 'fact', side: null, text: '双方于2025年4月签订租赁合同。', sha256: hash('3') }));
    assert.deepEqual(e1().versions.map((v) => v.version), [1, 2]);
    assert.equal(factAnswer(e1(), A), 'outdated');
    assert.equal(factAnswer(e1(), B), 'outdated');
    // An entry revised into a note is no longer a fact to confirm.
    s = reduceProcedure(s, event('transcript.entry', M, { entry: 'e1', version: 3, kind: 'note', side: null, text: '待核实。', sha256: hash('4') }));
    assert.deepEqual(facts(s), []);
  });

  test('the outcome: not agreed, the referral, and follow-ups', () => {
    const s = run(
      event('mediation.failed', M, { facts: '押金5000元未退。', reason: '双方对维修费分歧过大。', conduct: '', phase: { from: 'mediation', to: 'not_agreed' } }),
      event('referral.made', M, { route: 'court', reason: '申请人要求起诉。', next_steps: '向西湖区人民法院起诉。', phase: { from: 'not_agreed', to: 'referred' } }),
      event('followup.recorded', M, { result: 'partly', date: '2027-02-01', note: '已付一半。' }),
    );
    assert.equal(s.failure?.reason, '双方对维修费分歧过大。');
    assert.equal(s.referral?.route, 'court');
    assert.equal(s.referral?.next_steps, '向西湖区人民法院起诉。');
    assert.deepEqual(s.phases.map((p) => p.to), ['not_agreed', 'referred']);
    assert.deepEqual(s.followups.map((f) => [f.result, f.date]), [['partly', '2027-02-01']]);
  });

  test('the agreement\'s seal moves the case to agreed', () => {
    const s = run(
      event('agreement.sealed', M, {
        version: 2,
        draft_sha256: hash('d'),
        signatures: [3, 4],
        record_size: 5,
        record_root: hash('r'),
        org: '西湖区人民调解委员会',
        org_key: hash('k'),
        org_public_key: 'A'.repeat(44),
        time: 1_764_000_000_000,
        seal: 'B'.repeat(88),
        phase: { from: 'mediation', to: 'agreed' },
      }),
    );
    assert.deepEqual(s.phases.map((p) => [p.from, p.to, p.by]), [['mediation', 'agreed', M]]);
  });

  test('kinds outside the procedure leave the state as it was', () => {
    const s = run(event('participant.joined', A, { participant: { id: A, name: '李四', role: 'party', side: 'A' } }));
    const others: AnyEvent[] = [
      event('message', A, { text: '你好', client_id: 'x1' }),
      event('participant.left', A, { participant: A }),
      event('advisor.admitted', M, { participant: { id: ADV, name: '赵六' }, client_id: 'x2' }),
      event('room.created', 'server', { title: 't', field: '房产物业', parties: [], mediator: { id: M, name: '张三', org: 'o' } }),
    ];
    for (const e of others) assert.equal(reduceProcedure(s, e), s, e.header.kind);
  });

  test('every event kind of the schema is either followed or knowingly left out', () => {
    const leftOut: EventKind[] = [
      'room.created',
      'participant.left',
      'message',
      'advisor.admitted',
      'advisor.dismissed',
      // Documents, drafts, keys and signatures: the agreement issue's client follows them.
      'document.shared',
      'draft.saved',
      'draft.commented',
      'key.registered',
      'key.revoked',
      'agreement.signed',
      // The application for judicial confirmation: state/application.ts follows it.
      'application.prepared',
      'application.confirmed',
      // The debtor's consent to enforcement (赋强公证): state/agreement.ts follows it.
      'enforcement.consented',
    ];
    const all: EventKind[] = [...procedureKinds, ...leftOut].sort();
    // The generated kinds (EventBodies) must all be listed; a new kind fails here until decided.
    const schemaKinds = Object.keys(schemaEventKinds()).sort();
    assert.deepEqual(all, schemaKinds);
  });
});

describe('a party\'s checklist line', () => {
  test('joined, identity, notice and disclosure answers', () => {
    const conflict = event('disclosure.made', M, { mediator: M, conflict: true, statement: '曾为申请人提供过咨询。' });
    let s = run(event('participant.joined', A, { participant: { id: A, name: '李四', role: 'party', side: 'A' } }), conflict);
    assert.deepEqual(partyChecks(s, A, [M]), { joined: true, identity: false, notice: 'open', disclosure: 'open' });
    s = run(
      event('participant.joined', A, { participant: { id: A, name: '李四', role: 'party', side: 'A' } }),
      conflict,
      event('identity.checked', M, { participant: A, method: 'zhelibang', document: '3301**********1234', note: '' }),
      event('notice.given_otherwise', M, { participant: A, reason: '电话告知' }),
      event('disclosure.answered', A, { disclosure: conflict.seq, accept: false }),
    );
    assert.deepEqual(partyChecks(s, A, [M]), { joined: true, identity: true, notice: 'otherwise', disclosure: 'declined' });
    assert.deepEqual(partyChecks(s, B, []), { joined: false, identity: false, notice: 'open', disclosure: 'none_pending' });
  });
});

