// The buttons the client offers follow the phase machine and permission table of PROTOCOL.md §6.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { ActAction, Phase } from '../protocol/types';
import { actionOpen, advanceTargets } from './phases';

const phases: Phase[] = ['intake', 'notice', 'mediation', 'agreed', 'not_agreed', 'referred', 'confirmation', 'follow_up', 'closed', 'suspended'];
const openIn = (action: ActAction) => phases.filter((p) => actionOpen(action, p));

test('phase.advance targets are the transitions of §6; agreed only by an agreement, not by a button', () => {
  assert.deepEqual(
    Object.fromEntries(phases.map((p) => [p, advanceTargets(p)])),
    { intake: ['notice'], notice: ['mediation'], mediation: [], agreed: ['confirmation', 'follow_up'], not_agreed: [], referred: ['closed'], confirmation: ['follow_up'], follow_up: ['closed'], closed: [], suspended: [] },
  );
});

test('steps before agreement, during mediation, and after', () => {
  assert.deepEqual(openIn('case.withdraw'), ['intake', 'notice', 'mediation', 'suspended']);
  assert.deepEqual(openIn('case.suspend'), ['intake', 'notice', 'mediation']);
  assert.deepEqual(openIn('case.resume'), ['suspended']);
  assert.deepEqual(openIn('caucus.open'), ['mediation']);
  assert.deepEqual(openIn('transcript.write'), ['notice', 'mediation', 'suspended']);
  assert.deepEqual(openIn('facts.confirm'), ['mediation', 'suspended']);
  assert.deepEqual(openIn('mediation.fail'), ['mediation', 'suspended']);
  assert.deepEqual(openIn('referral.record'), ['not_agreed']);
  assert.deepEqual(openIn('followup.record'), ['follow_up']);
});

test('nothing but reading once closed', () => {
  const all: ActAction[] = ['phase.advance', 'case.suspend', 'case.resume', 'case.withdraw', 'disclosure.make', 'disclosure.answer', 'recusal.request', 'recusal.decide', 'mediator.add', 'presiding.hand', 'identity.check', 'notice.acknowledge', 'notice.record_other', 'caucus.open', 'caucus.close', 'law.explain', 'transcript.write', 'facts.confirm', 'mediation.fail', 'referral.record', 'followup.record'];
  assert.deepEqual(all.filter((a) => actionOpen(a, 'closed')), []);
  assert.deepEqual(openIn('identity.check'), phases.filter((p) => p !== 'closed'));
});
