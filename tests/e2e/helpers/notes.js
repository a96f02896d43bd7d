// Forged checkpoint notes for the negative record tests: a broken signature, or notes signed by a key
// of the test's own (served to the page as if it were the server's) over roots the server never had.
import { createHash, generateKeyPairSync, sign } from 'node:crypto';

const sha256 = (...parts) => createHash('sha256').update(Buffer.concat(parts)).digest();

// The note's body (up to and including the blank line's first newline) and its signature lines.
export function splitNote(note) {
  const at = note.lastIndexOf('\n\n');
  return { body: note.slice(0, at + 1), signatures: note.slice(at + 2) };
}

// The same note with one signature byte changed (the key id, in the first bytes, stays right).
export function breakSignature(note) {
  const { body, signatures } = splitNote(note);
  const [dash, name, blob] = signatures.trimEnd().split(' ');
  const bytes = Buffer.from(blob, 'base64');
  bytes[bytes.length - 1] ^= 0x01;
  return `${body}\n${dash} ${name} ${bytes.toString('base64')}\n`;
}

// A key the test holds, listed like GET /api/keys lists the server's.
export function forgerKey(name) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x, 'base64url');
  const keyId = sha256(Buffer.from(`${name}\n`), Buffer.from([0x01]), raw).subarray(0, 4);
  return {
    listing: {
      keys: [
        {
          name,
          key_id: keyId.toString('hex'),
          public_key: raw.toString('base64'),
          fingerprint: sha256(raw).toString('hex'),
          valid_from_ms: 0,
          valid_until_ms: null,
        },
      ],
    },
    // Signs a checkpoint body, optionally over another root.
    sign(body, root) {
      const [origin, size] = body.split('\n');
      const text = `${origin}\n${size}\n${root ? root.toString('base64') : body.split('\n')[2]}\n`;
      const signature = sign(null, Buffer.from(text), privateKey);
      return `${text}\n\u2014 ${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
    },
  };
}
