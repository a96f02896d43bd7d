// The phase bar's "N 项待您处理" counts what a party can act on now, and nothing for anyone else.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'vitest';
import type { Case, Participant } from '../protocol/types';
import { partyTodo } from './party-todo';
import { emptyProcedure, reduceProcedure } from './procedure';
import { event, resetSeq } from './test-events';

const M = 'aaaaaaaaaaa1';
const a: Participant = { id: 'bbbbbbbbbbb1', role: 'party', side: 'A', name: '李四' };
const kase = (phase: Case['phase']): Case => ({ phase, since: 0, suspended_from: null, presiding: M, mediators: [M], caucus: [], personal_status: false, agreed_at: null, confirmation_due: null, followup_due: null, enforceable_items: [] });

beforeEach(() => resetSeq());

test('a conflict to answer and facts to confirm, when the phase allows', () => {
  assert.equal(partyTodo(a, kase('notice'), emptyProcedure), 0);
  const s = [
    event('notice.acknowledged', a.id, { template: 't', language: 'zh-CN', text_sha256: '1'.repeat(64), consent_online: true }),
    event('disclosure.made', M, { mediator: M, conflict: true, statement: '曾是同事。' }),
    event('transcript.entry', M, { entry: 'e1', version: 1, kind: 'fact', side: null, text: '押金5000元。', sha256: '2'.repeat(64) }),
    event('transcript.entry', M, { entry: 'e2', version: 1, kind: 'claim', side: 'A', text: '退还押金。', sha256: '3'.repeat(64) }),
  ].reduce(reduceProcedure, emptyProcedure);
  assert.equal(partyTodo(a, kase('mediation'), s), 2);
  // Facts wait for mediation; once closed nothing waits.
  assert.equal(partyTodo(a, kase('notice'), s), 1);
  assert.equal(partyTodo(a, kase('closed'), s), 0);
  const mediator: Participant = { id: M, role: 'mediator', side: null, name: '张三' };
  assert.equal(partyTodo(mediator, kase('mediation'), s), 0);
});
