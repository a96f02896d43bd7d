// The hash a party's confirmation binds to, computed as the browser computes it, against the bytes
// RECORD.md §1 says are canonical (written out by hand here) hashed by node's own SHA-256.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'vitest';
import { entryHash, textSha256 } from './text-hashes';

const nodeSha = (text: string) => createHash('sha256').update(Buffer.from(text, 'utf8')).digest('hex');

test('an entry hashes as canonical JSON of {entry, kind, side, text, version}', async () => {
  const text = '双方确认："押金"为5000元\n（见收据）';
  const canonical = '{"entry":"e12","kind":"fact","side":null,"text":"双方确认：\\"押金\\"为5000元\\n（见收据）","version":3}';
  assert.equal(await entryHash({ entry: 'e12', kind: 'fact', side: null, text, version: 3 }), nodeSha(canonical));
});

test('a side is a string member like the others', async () => {
  const canonical = '{"entry":"e1","kind":"claim","side":"A","text":"要求退还押金。","version":1}';
  assert.equal(await entryHash({ entry: 'e1', kind: 'claim', side: 'A', text: '要求退还押金。', version: 1 }), nodeSha(canonical));
});

test('the notice text hashes as its UTF-8 bytes', async () => {
  const text = '权利义务告知书\n一、您有权……';
  assert.equal(await textSha256(text), nodeSha(text));
});
