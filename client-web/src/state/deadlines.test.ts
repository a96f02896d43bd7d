// Deadline days are counted in Asia/Shanghai whatever the browser's zone (PROTOCOL.md §6).
import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { Case } from '../protocol/types';
import { daysLeft, runningDeadline, shanghaiDaysFrom, shanghaiToday } from './deadlines';

const at = (iso: string) => Date.parse(iso);

test('today is the Shanghai calendar day, which starts at 16:00 UTC', () => {
  assert.equal(shanghaiToday(at('2026-12-01T15:59:59Z')), '2026-12-01');
  assert.equal(shanghaiToday(at('2026-12-01T16:00:00Z')), '2026-12-02');
});

test('days left are whole calendar days, 0 on the day, negative after', () => {
  const now = at('2026-12-01T02:00:00Z'); // 10:00 in Shanghai
  assert.equal(daysLeft('2026-12-31', now), 30);
  assert.equal(daysLeft('2026-12-01', now), 0);
  assert.equal(daysLeft('2026-11-30', now), -1);
  // Late evening in Shanghai is already the next day there.
  assert.equal(daysLeft('2026-12-31', at('2026-12-01T17:00:00Z')), 29);
  // Across a month and a year end.
  assert.equal(daysLeft('2027-01-30', at('2026-12-31T04:00:00Z')), 30);
});

test('a day some days on', () => {
  assert.equal(shanghaiDaysFrom(at('2026-12-01T17:00:00Z'), 30), '2027-01-01');
  assert.equal(shanghaiDaysFrom(at('2027-02-27T01:00:00Z'), 2), '2027-03-01');
});

test('the running deadline follows the phase', () => {
  const now = at('2026-12-01T02:00:00Z');
  const base: Case = { phase: 'agreed', since: 0, suspended_from: null, presiding: 'aaaaaaaaaaa1', mediators: [], caucus: [], personal_status: false, agreed_at: 0, confirmation_due: '2026-12-20', followup_due: null, enforceable_items: [] };
  assert.deepEqual(runningDeadline(base, now), { kind: 'confirmation', days: 19 });
  assert.deepEqual(runningDeadline({ ...base, phase: 'confirmation' }, now), { kind: 'confirmation', days: 19 });
  assert.deepEqual(runningDeadline({ ...base, phase: 'follow_up', followup_due: '2026-11-30' }, now), { kind: 'followup', days: -1 });
  assert.equal(runningDeadline({ ...base, phase: 'closed' }, now), null);
  assert.equal(runningDeadline({ ...base, phase: 'mediation', confirmation_due: null }, now), null);
});
