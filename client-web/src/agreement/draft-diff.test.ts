import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { Draft } from '../protocol/types';
import { diffDrafts, draftFields, sameDraft, textDiff } from './draft-diff';
import { draftV1 } from './test-drafts';

const v2 = {
  ...draftV1,
  items: [{ id: 'i1', text: '被申请人退还押金4000元。' }, { id: 'i3', text: '双方互不追究。' }],
  copies: 4,
} as unknown as Draft;

test('a draft is laid out as labelled fields, each agreed item by its id', () => {
  const keys = draftFields(draftV1).map((f) => f.key);
  assert.deepEqual(keys, ['title', 'party:1', 'party:2', 'facts', 'issues', 'responsibilities', 'item:i1', 'item:i2', 'way', 'place', 'deadline', 'copies', 'notes']);
});

test('the diff says which fields changed, were added or removed, and where', () => {
  const diff = diffDrafts(draftV1, v2);
  const status = Object.fromEntries(diff.map((f) => [f.key, f.status]));
  assert.equal(status['item:i1'], 'changed');
  assert.equal(status['item:i2'], 'removed');
  assert.equal(status['item:i3'], 'added');
  assert.equal(status.copies, 'changed');
  assert.equal(status.facts, 'same');
  // The removed item stays where it stood, after item i1.
  const keys = diff.map((f) => f.key);
  assert.equal(keys.indexOf('item:i2'), keys.indexOf('item:i1') + 1);
  const i1 = diff.find((f) => f.key === 'item:i1')!;
  assert.equal(i1.parts.filter((p) => p.change !== 'added').map((p) => p.text).join(''), '被申请人退还押金3000元。');
  assert.equal(i1.parts.filter((p) => p.change !== 'removed').map((p) => p.text).join(''), '被申请人退还押金4000元。');
  assert.ok(i1.parts.some((p) => p.change === 'removed' && p.text.includes('3000')));
  assert.ok(i1.parts.some((p) => p.change === 'added' && p.text.includes('4000')));
  assert.equal(sameDraft(diff), false);
  assert.equal(sameDraft(diffDrafts(draftV1, draftV1)), true);
});

test('the text diff rebuilds both texts', () => {
  const before = '被申请人于2026年12月31日前一次性支付';
  const after = '被申请人于2027年1月15日前分两次支付';
  const parts = textDiff(before, after);
  assert.equal(parts.filter((p) => p.change !== 'added').map((p) => p.text).join(''), before);
  assert.equal(parts.filter((p) => p.change !== 'removed').map((p) => p.text).join(''), after);
});
