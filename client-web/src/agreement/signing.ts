// The co-signer's side of RECORD.md §5: the signing statement's canonical bytes, built in the
// browser from what it shows (the version, the hash it computed itself, the record's size and root
// from a checkpoint it verified), signed with the device's own ECDSA P-256 key. WebCrypto gives the
// signature as raw r || s (64 bytes), which is what the act carries; the server converts it to DER.
import { base64ToBytes, bytesToHex, canonicalJson, sha256 } from '../record/verify';

export const signingStatementType = 'mediation-room/agreement-signature/v1';
export const ecdsaP256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
export const ecdsaSha256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface SigningStatement {
  room: string;
  version: number;
  draftSha256: string;
  signer: string;
  role: 'party' | 'mediator';
  recordSize: number;
  recordRoot: string;
  time: number;
}

const hex64 = /^[0-9a-f]{64}$/;

/** The canonical JSON the signer's key signs; throws on a member out of range (never signs nonsense). */
export function signingStatementText(s: SigningStatement): string {
  if (!Number.isSafeInteger(s.version) || s.version < 1) throw new RangeError('draft version');
  if (!Number.isSafeInteger(s.recordSize) || s.recordSize < 1) throw new RangeError('record size');
  if (!hex64.test(s.draftSha256) || !hex64.test(s.recordRoot)) throw new RangeError('hash');
  if (!Number.isSafeInteger(s.time)) throw new RangeError('time');
  return canonicalJson({
    type: signingStatementType,
    room: s.room,
    draft_version: s.version,
    draft_sha256: s.draftSha256,
    signer: s.signer,
    role: s.role,
    record_size: s.recordSize,
    record_root: s.recordRoot,
    time: s.time,
  });
}

export function bytesToBase64(bytes: Uint8Array): string {
  let text = '';
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

/** WebCrypto's ECDSA P-256 signature is r || s, 32 bytes each; anything else (e.g. DER) is refused. */
export function rawSignature(signature: ArrayBuffer | Uint8Array): string {
  const bytes = signature instanceof Uint8Array ? signature : new Uint8Array(signature);
  if (bytes.length !== 64) throw new RangeError(`an ECDSA P-256 signature is 64 bytes (r || s), not ${bytes.length}`);
  return bytesToBase64(bytes);
}

/** A key's name (PROTOCOL.md §7): hex SHA-256 of its SPKI DER. */
export async function keyFingerprint(spki: Uint8Array): Promise<string> {
  return bytesToHex(await sha256(spki));
}

/** The fingerprint as people compare it: groups of four, the first 32 hex digits. */
export function shortFingerprint(fingerprint: string): string {
  return (fingerprint.slice(0, 32).match(/.{1,4}/g) ?? []).join(' ');
}

/** A checkpoint's root (base64 in the note) as the statement names it (hex). */
export function rootHex(base64Root: string): string | null {
  const bytes = base64ToBytes(base64Root);
  return bytes && bytes.length === 32 ? bytesToHex(bytes) : null;
}

const encoder = new TextEncoder();

/** Signs the statement: the base64 raw signature the `agreement.sign` act carries. */
export async function signStatement(privateKey: CryptoKey, statement: SigningStatement): Promise<string> {
  const bytes = encoder.encode(signingStatementText(statement));
  return rawSignature(await crypto.subtle.sign(ecdsaSha256, privateKey, bytes));
}

/** Checks a raw r || s signature over a statement with an SPKI public key (for showing signatures). */
export async function verifyStatement(spki: Uint8Array, statement: SigningStatement, signatureBase64: string): Promise<boolean> {
  const signature = base64ToBytes(signatureBase64);
  if (!signature || signature.length !== 64) return false;
  try {
    const key = await crypto.subtle.importKey('spki', new Uint8Array(spki), ecdsaP256, false, ['verify']);
    return await crypto.subtle.verify(ecdsaSha256, key, new Uint8Array(signature), encoder.encode(signingStatementText(statement)));
  } catch {
    return false;
  }
}

/** SHA-256 of a draft's canonical JSON: the hash each version is known by (PROTOCOL.md §7). */
export async function draftSha256(draft: unknown): Promise<string> {
  return bytesToHex(await sha256(encoder.encode(canonicalJson(draft))));
}
