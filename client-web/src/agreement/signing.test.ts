// The signing statement byte for byte as RECORD.md §8 prints it, the raw r || s signature format,
// and that what WebCrypto signs here verifies as the server checks it (DER after conversion).
import assert from 'node:assert/strict';
import { createPublicKey, createVerify } from 'node:crypto';
import { test } from 'vitest';
import { base64ToBytes } from '../record/verify';
import { ecdsaP256, keyFingerprint, rawSignature, rootHex, shortFingerprint, signStatement, signingStatementText, verifyStatement, type SigningStatement } from './signing';

const example: SigningStatement = {
  room: 'exampleRoom00001',
  version: 1,
  draftSha256: '0'.repeat(64),
  signer: '0a1b2c3d4e5f',
  role: 'party',
  recordSize: 2,
  recordRoot: 'bcc0513f8cb06ff9bd1f8ab184ea9a2cd83e9b38864ee9d20ce909f36b01c8c5',
  time: 1714521720000,
};

test('the statement is the canonical JSON of RECORD.md §8, byte for byte', () => {
  assert.equal(
    signingStatementText(example),
    '{"draft_sha256":"0000000000000000000000000000000000000000000000000000000000000000","draft_version":1,"record_root":"bcc0513f8cb06ff9bd1f8ab184ea9a2cd83e9b38864ee9d20ce909f36b01c8c5","record_size":2,"role":"party","room":"exampleRoom00001","signer":"0a1b2c3d4e5f","time":1714521720000,"type":"mediation-room/agreement-signature/v1"}',
  );
});

test('a statement with a member out of range is never built', () => {
  assert.throws(() => signingStatementText({ ...example, version: 0 }));
  assert.throws(() => signingStatementText({ ...example, recordSize: 0 }));
  assert.throws(() => signingStatementText({ ...example, draftSha256: 'ABC' }));
  assert.throws(() => signingStatementText({ ...example, recordRoot: example.recordRoot.toUpperCase() }));
  assert.throws(() => signingStatementText({ ...example, time: 1.5 }));
});

test('the signature is raw r || s, 64 bytes; a DER signature is refused', () => {
  assert.equal(base64ToBytes(rawSignature(new Uint8Array(64).fill(7)))!.length, 64);
  assert.throws(() => rawSignature(new Uint8Array(70)));
  assert.throws(() => rawSignature(new Uint8Array(63)));
});

test('a non-extractable key signs a statement the server can check with OpenSSL (P1363 and as DER)', async () => {
  const pair = await crypto.subtle.generateKey(ecdsaP256, false, ['sign', 'verify']);
  await assert.rejects(crypto.subtle.exportKey('pkcs8', pair.privateKey));
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const signature = await signStatement(pair.privateKey, example);
  const raw = base64ToBytes(signature)!;
  assert.equal(raw.length, 64);
  const publicKey = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  const text = signingStatementText(example);
  const verifier = createVerify('SHA256').update(text);
  assert.ok(verifier.verify({ key: publicKey, dsaEncoding: 'ieee-p1363' }, Buffer.from(raw)));
  // As the server does: r and s as DER INTEGERs (a leading 0 when the high bit is set).
  const int = (b: Uint8Array) => {
    let i = 0;
    while (i < b.length - 1 && b[i] === 0 && b[i + 1]! < 0x80) i += 1;
    const v = b.subarray(i);
    return v[0]! >= 0x80 ? [0x02, v.length + 1, 0, ...v] : [0x02, v.length, ...v];
  };
  const body = [...int(raw.subarray(0, 32)), ...int(raw.subarray(32))];
  const der = Buffer.from([0x30, body.length, ...body]);
  assert.ok(createVerify('SHA256').update(text).verify(publicKey, der));
  assert.ok(await verifyStatement(spki, example, signature));
  assert.equal(await verifyStatement(spki, { ...example, recordSize: 3 }, signature), false);
  const fingerprint = await keyFingerprint(spki);
  assert.match(fingerprint, /^[0-9a-f]{64}$/);
  assert.equal(shortFingerprint(fingerprint).replaceAll(' ', ''), fingerprint.slice(0, 32));
});

test('a checkpoint root in base64 is the statement\'s hex root', () => {
  assert.equal(rootHex('vMBRP4ywb/m9H4qxhOqaLNg+mziGTunSDOkJ82sByMU='), example.recordRoot);
  assert.equal(rootHex('AAAA'), null);
});
