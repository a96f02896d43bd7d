// record/verify.ts in node (same WebCrypto as the browser): the worked example of
// RECORD.md §8, and RFC 6962 proofs of small trees, written out by hand and from the RFC's definitions.
import assert from 'node:assert/strict';
import { describe, test } from 'vitest';
import {
  bytesToHex,
  canonicalJson,
  headerLeafHash,
  hexToBytes,
  keyId,
  leafHash,
  nodeHash,
  parseSignedNote,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from './verify';

const encoder = new TextEncoder();

// RECORD.md §8, copied byte for byte.
const header0 =
  '{"actor":"server","body_sha256":"8c78c9b133bf777b28d052a21515b4dabc7ba13fce8dcebd60c23ef670f97b96","channel":"main","kind":"room.created","room":"exampleRoom00001","salt":"000102030405060708090a0b0c0d0e0f","seq":0,"time":1714521600000,"v":1}';
const header1 =
  '{"actor":"0a1b2c3d4e5f","body_sha256":"b8c99816f4d2a3d403b11aaf8b4269fc5b8130689a2753276c706da8f5c94f82","channel":"main","kind":"message","room":"exampleRoom00001","salt":"101112131415161718191a1b1c1d1e1f","seq":1,"time":1714521660000,"v":1}';
const leaf0 = '51a249138ea8b5bcac33f0e7eab2589ee5b39a42f7c20f0cf6a5787c05ae8307';
const leaf1 = 'cdd034a6ad6de99143f2f190c6f18b817a7a60f080f35f21564fd1c37f4a597f';
const root2 = 'bcc0513f8cb06ff9bd1f8ab184ea9a2cd83e9b38864ee9d20ce909f36b01c8c5';
const keyName = 'mediation-room.localhost/key-1';
const publicKey = hexToBytes('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')!;
const keys = [{ name: keyName, publicKey }];
const body = 'mediation-room.localhost/room/exampleRoom00001\n2\nvMBRP4ywb/m9H4qxhOqaLNg+mziGTunSDOkJ82sByMU=\n';
const signatureLine = `\u2014 ${keyName} SuMs7f26Juyf8YSrI8d14pmO3zZoa1AbdC120vJvDGjIouu0q7AcqssquVy+pyAIt2ZS9IXHU+jUqI5kFigeIQCfuAE=\n`;
const note = `${body}\n${signatureLine}`;

// The keys of a parsed object come out sorted, whatever order they were built in.
function shuffled(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).reverse().map(([k, v]) => [k, shuffled(v)]));
}

describe('record-verify: RECORD.md §8 worked example', () => {
  test('canonical JSON of a parsed header reproduces the exact bytes', () => {
    for (const header of [header0, header1]) assert.equal(canonicalJson(shuffled(JSON.parse(header))), header);
    const body1 = '{"client_id":"c-1","text":"你好\\n\\"a/b\\"\\u001f"}';
    assert.equal(canonicalJson(shuffled(JSON.parse(body1))), body1);
    assert.equal(canonicalJson({ b: [{ d: 1, c: null }], B: true, a: 'x' }), '{"B":true,"a":"x","b":[{"c":null,"d":1}]}');
  });

  test('leaf and node hashes', async () => {
    assert.equal(bytesToHex(await leafHash(encoder.encode(header0))), leaf0);
    assert.equal(bytesToHex(await headerLeafHash(JSON.parse(header1))), leaf1);
    assert.equal(bytesToHex(await nodeHash(hexToBytes(leaf0)!, hexToBytes(leaf1)!)), root2);
  });

  test('the key id and the signed checkpoint', async () => {
    assert.equal(bytesToHex(await keyId(keyName, publicKey)), '4ae32ced');
    const parsed = parseSignedNote(note);
    assert.equal(parsed?.body, body);
    assert.equal(parsed?.signatures.length, 1);
    assert.equal(bytesToHex(parsed!.signatures[0]!.keyId), '4ae32ced');
    const checkpoint = await verifyCheckpoint(note, keys);
    assert.equal(checkpoint?.origin, 'mediation-room.localhost/room/exampleRoom00001');
    assert.equal(checkpoint?.size, 2);
    assert.equal(bytesToHex(checkpoint!.root), root2);
  });

  test('a changed body, signature, key or name does not verify', async () => {
    assert.equal(await verifyCheckpoint(note.replace('\n2\n', '\n3\n'), keys), null);
    assert.equal(await verifyCheckpoint(note.replace('SuMs7f26J', 'SuMs7f26K'), keys), null);
    assert.equal(await verifyCheckpoint(note.replace('vMBRP4yw', 'wMBRP4yw'), keys), null);
    const otherKey = hexToBytes('3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c')!;
    assert.equal(await verifyCheckpoint(note, [{ name: keyName, publicKey: otherKey }]), null);
    assert.equal(await verifyCheckpoint(note, [{ name: 'mediation-room.localhost/key-2', publicKey }]), null);
    // Another key name in the line changes the key id the line must carry.
    assert.equal(await verifyCheckpoint(note.replace(`${keyName} `, 'other/key-1 '), [{ name: 'other/key-1', publicKey }]), null);
  });

  test('malformed notes are refused', async () => {
    for (const bad of [
      body + signatureLine, // no blank line
      `${body}\n`, // no signature line
      `${body}\n${signatureLine.replace('\u2014', '-')}`, // not an em dash
      `${body}\n${signatureLine.slice(0, -1)}`, // no final newline
      `${body.replace('\n2\n', '\n02\n')}\n${signatureLine}`, // leading zero
      `x\n${body}\n${signatureLine}`, // an extension line
    ]) {
      assert.equal(await verifyCheckpoint(bad, keys), null, JSON.stringify(bad));
    }
  });
});

// RFC 6962 §2.1 by its definitions, to produce proofs for every size of a small tree.
const largestPowerOfTwoBelow = (n: number) => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};

async function mth(leaves: Uint8Array[]): Promise<Uint8Array> {
  if (leaves.length === 1) return leaves[0]!;
  const k = largestPowerOfTwoBelow(leaves.length);
  return nodeHash(await mth(leaves.slice(0, k)), await mth(leaves.slice(k)));
}

async function inclusionPath(m: number, leaves: Uint8Array[]): Promise<Uint8Array[]> {
  if (leaves.length === 1) return [];
  const k = largestPowerOfTwoBelow(leaves.length);
  if (m < k) return [...(await inclusionPath(m, leaves.slice(0, k))), await mth(leaves.slice(k))];
  return [...(await inclusionPath(m - k, leaves.slice(k))), await mth(leaves.slice(0, k))];
}

async function subproof(m: number, leaves: Uint8Array[], whole: boolean): Promise<Uint8Array[]> {
  const n = leaves.length;
  if (m === n) return whole ? [] : [await mth(leaves)];
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) return [...(await subproof(m, leaves.slice(0, k), whole)), await mth(leaves.slice(k))];
  return [...(await subproof(m - k, leaves.slice(k), false)), await mth(leaves.slice(0, k))];
}

const flip = (hash: Uint8Array) => Uint8Array.from(hash, (b, i) => (i === 0 ? b ^ 1 : b));

const leaves = await Promise.all([0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => leafHash(encoder.encode(`event ${i}`))));
const [l0, l1, l2, l3, l4] = leaves as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array];

describe('record-verify: RFC 6962 proofs', () => {

  test('inclusion in a tree of 5, by hand', async () => {
    const n01 = await nodeHash(l0, l1);
    const n23 = await nodeHash(l2, l3);
    const n0123 = await nodeHash(n01, n23);
    const root = await nodeHash(n0123, l4);
    assert.ok(await verifyInclusion(l2, 2, 5, [l3, n01, l4], root));
    assert.ok(await verifyInclusion(l4, 4, 5, [n0123], root));
    assert.ok(await verifyInclusion(l0, 0, 1, [], l0));
    assert.ok(!(await verifyInclusion(l3, 2, 5, [l3, n01, l4], root)), 'another leaf');
    assert.ok(!(await verifyInclusion(l2, 3, 5, [l3, n01, l4], root)), 'another index');
    assert.ok(!(await verifyInclusion(l2, 2, 4, [l3, n01, l4], root)), 'another size');
    assert.ok(!(await verifyInclusion(l2, 2, 5, [l3, n01], root)), 'a short path');
    assert.ok(!(await verifyInclusion(l2, 2, 5, [l3, n01, l4, l4], root)), 'a long path');
    assert.ok(!(await verifyInclusion(l2, 5, 5, [l3, n01, l4], root)), 'index beyond the tree');
  });

  test('consistency in a tree of 5, by hand', async () => {
    const n01 = await nodeHash(l0, l1);
    const n23 = await nodeHash(l2, l3);
    const root3 = await nodeHash(n01, l2);
    const root4 = await nodeHash(n01, n23);
    const root5 = await nodeHash(root4, l4);
    assert.ok(await verifyConsistency(3, 5, root3, root5, [l2, l3, n01, l4]));
    assert.ok(await verifyConsistency(4, 5, root4, root5, [l4]));
    assert.ok(await verifyConsistency(2, 5, n01, root5, [n23, l4]));
    assert.ok(await verifyConsistency(5, 5, root5, root5, []));
    assert.ok(!(await verifyConsistency(5, 5, root5, root4, [])), 'equal sizes, other roots');
    assert.ok(!(await verifyConsistency(3, 5, root3, root5, [])), 'no path');
    assert.ok(!(await verifyConsistency(3, 5, flip(root3), root5, [l2, l3, n01, l4])), 'a rewritten old tree');
    assert.ok(!(await verifyConsistency(3, 5, root3, flip(root5), [l2, l3, n01, l4])), 'a rewritten new tree');
    assert.ok(!(await verifyConsistency(3, 4, root3, root5, [l2, l3, n01, l4])), 'another size');
    assert.ok(!(await verifyConsistency(5, 3, root5, root3, [])), 'shrinking');
  });

  test('every inclusion and consistency proof of trees up to 9 leaves verifies, and none tampered', async () => {
    for (let size = 1; size <= leaves.length; size += 1) {
      const tree = leaves.slice(0, size);
      const root = await mth(tree);
      for (let m = 0; m < size; m += 1) {
        const path = await inclusionPath(m, tree);
        assert.ok(await verifyInclusion(tree[m]!, m, size, path, root), `inclusion ${m} in ${size}`);
        for (let i = 0; i < path.length; i += 1) {
          const bad = path.map((h, j) => (j === i ? flip(h) : h));
          assert.ok(!(await verifyInclusion(tree[m]!, m, size, bad, root)), `inclusion ${m} in ${size}, node ${i} changed`);
        }
      }
      for (let first = 1; first <= size; first += 1) {
        const firstRoot = await mth(tree.slice(0, first));
        const path = await subproof(first, tree, true);
        assert.ok(await verifyConsistency(first, size, firstRoot, root, path), `consistency ${first} → ${size}`);
        for (let i = 0; i < path.length; i += 1) {
          const bad = path.map((h, j) => (j === i ? flip(h) : h));
          assert.ok(!(await verifyConsistency(first, size, firstRoot, root, bad)), `consistency ${first} → ${size}, node ${i} changed`);
        }
      }
    }
  });
});
