// The record's cryptography (RECORD.md §1, §3, §4) as pure functions over WebCrypto, no DOM: signed
// checkpoint notes, Ed25519 signatures, RFC 6962 hashes and the RFC 9162 proof checks. Hashes are
// Uint8Arrays; every check answers true or false rather than throwing on malformed input.
const encoder = new TextEncoder();
const emDash = '\u2014';
const ed25519NoteType = 0x01;

export interface NoteKey {
  name: string;
  publicKey: Uint8Array;
}

export interface SignedCheckpoint {
  origin: string;
  size: number;
  root: Uint8Array;
}

export function hexToBytes(hex: unknown): Uint8Array | null {
  if (typeof hex !== 'string' || !/^([0-9a-f]{2})*$/.test(hex)) return null;
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function base64ToBytes(text: unknown): Uint8Array | null {
  if (typeof text !== 'string' || !/^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) return null;
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function concat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

// WebCrypto wants ArrayBuffer-backed views; copying also detaches us from the caller's buffer.
const own = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => concat(bytes);

export async function sha256(bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', own(bytes)));
}

interface NoteSignature {
  name: string;
  keyId: Uint8Array;
  signature: Uint8Array;
}

/** A signed note split at its last blank line: the body (with its final newline) and signature lines. */
export function parseSignedNote(note: unknown): { body: string; signatures: NoteSignature[] } | null {
  if (typeof note !== 'string') return null;
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) return null;
  const body = note.slice(0, split + 1);
  const signatures: NoteSignature[] = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = line.match(new RegExp(`^${emDash} ([^ +\\n]+) ([A-Za-z0-9+/=]+)$`));
    const blob = match ? base64ToBytes(match[2]) : null;
    if (!match || !blob || blob.length < 5) return null;
    signatures.push({ name: match[1]!, keyId: blob.slice(0, 4), signature: blob.slice(4) });
  }
  return signatures.length ? { body, signatures } : null;
}

/** The three lines of a tlog checkpoint body; no extension lines. */
export function parseCheckpointBody(body: string | undefined): SignedCheckpoint | null {
  const match = /^([^\n]+)\n(0|[1-9][0-9]*)\n([A-Za-z0-9+/=]+)\n$/.exec(body ?? '');
  const root = match ? base64ToBytes(match[3]) : null;
  if (!match || !root || root.length !== 32) return null;
  return { origin: match[1]!, size: Number(match[2]), root };
}

export async function keyId(name: string, publicKey: Uint8Array): Promise<Uint8Array> {
  return (await sha256(concat(encoder.encode(name), Uint8Array.of(0x0a, ed25519NoteType), publicKey))).slice(0, 4);
}

/** True when some signature line by a listed key verifies. */
export async function verifyNote(note: string, keys: readonly NoteKey[]): Promise<boolean> {
  const parsed = parseSignedNote(note);
  if (!parsed) return false;
  const body = encoder.encode(parsed.body);
  for (const { name, keyId: id, signature } of parsed.signatures) {
    for (const key of keys.filter((k) => k.name === name)) {
      if (signature.length !== 64 || !equalBytes(id, await keyId(key.name, key.publicKey))) continue;
      const cryptoKey = await crypto.subtle.importKey('raw', own(key.publicKey), { name: 'Ed25519' }, false, ['verify']);
      if (await crypto.subtle.verify({ name: 'Ed25519' }, cryptoKey, own(signature), body)) return true;
    }
  }
  return false;
}

/** A signed checkpoint, or null when it is malformed or no listed key signed it. */
export async function verifyCheckpoint(note: string, keys: readonly NoteKey[]): Promise<SignedCheckpoint | null> {
  const parsed = parseSignedNote(note);
  const checkpoint = parsed && parseCheckpointBody(parsed.body);
  if (!checkpoint || !(await verifyNote(note, keys))) return null;
  return checkpoint;
}

/**
 * Canonical JSON (RECORD.md §1) of a value parsed from canonical JSON: JSON.stringify with every
 * object's keys sorted, which for ASCII keys is byte order.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}

export async function leafHash(headerBytes: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(Uint8Array.of(0x00), headerBytes));
}

export async function headerLeafHash(header: unknown): Promise<Uint8Array> {
  return leafHash(encoder.encode(canonicalJson(header)));
}

export async function nodeHash(left: Uint8Array, right: Uint8Array): Promise<Uint8Array> {
  return sha256(concat(Uint8Array.of(0x01), left, right));
}

// Sizes and indexes stay far below 2^53, so halving by division is exact (bit operators stop at 2^31).
const half = (n: number) => Math.floor(n / 2);
const odd = (n: number) => n % 2 === 1;
const powerOfTwo = (n: number) => {
  while (n > 1 && !odd(n)) n = half(n);
  return n === 1;
};

/** RFC 9162 §2.1.3.2: is `leaf` entry `index` of the tree of `size` whose root is `root`? */
export async function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  path: readonly Uint8Array[],
  root: Uint8Array,
): Promise<boolean> {
  if (!(index >= 0 && index < size)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      r = await nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(r, root);
}

/**
 * RFC 9162 §2.1.4.2: is the tree of size `first` (root `firstRoot`) a prefix of the tree of size
 * `second` (root `secondRoot`)? Equal sizes need an empty path and equal roots.
 */
export async function verifyConsistency(
  first: number,
  second: number,
  firstRoot: Uint8Array,
  secondRoot: Uint8Array,
  path: readonly Uint8Array[],
): Promise<boolean> {
  if (!(first >= 1 && first <= second)) return false;
  if (first === second) return path.length === 0 && equalBytes(firstRoot, secondRoot);
  if (path.length === 0) return false;
  // When `first` is a power of two its root is the first node of the path.
  const nodes = powerOfTwo(first) ? [firstRoot, ...path] : [...path];
  let fn = first - 1;
  let sn = second - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = nodes[0]!;
  let sr = nodes[0]!;
  for (const c of nodes.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = await nodeHash(c, fr);
      sr = await nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = await nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && equalBytes(fr, firstRoot) && equalBytes(sr, secondRoot);
}
