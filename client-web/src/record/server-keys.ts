// The server's checkpoint keys (GET /api/keys), trusted on first use: this browser remembers their
// fingerprints (localStorage is per origin), and a later listing that drops one of them or gives a
// remembered name another key means the key changed: a server with a new key could sign any history.
import type { ApiResult } from '../protocol/api';
import type { KeysResponse } from '../protocol/types';
import { RecordProblem } from './record-problem';
import type { KeyValueStorage } from '../storage';
import { base64ToBytes, bytesToHex, keyId, sha256, type NoteKey } from './verify';

const storageKey = 'mr.serverKeys';

export interface ServerKey extends NoteKey {
  fingerprint: string;
}

interface Pinned {
  name: string;
  fingerprint: string;
}

// Entries whose fingerprint or key id does not recompute from the key are left out: they verify nothing.
async function checkedKeys(listing: KeysResponse | null): Promise<ServerKey[]> {
  const keys: ServerKey[] = [];
  for (const entry of Array.isArray(listing?.keys) ? listing.keys : []) {
    const publicKey = base64ToBytes(entry?.public_key);
    if (typeof entry.name !== 'string' || !publicKey || publicKey.length !== 32) continue;
    if (bytesToHex(await sha256(publicKey)) !== entry.fingerprint) continue;
    if (bytesToHex(await keyId(entry.name, publicKey)) !== entry.key_id) continue;
    keys.push({ name: entry.name, publicKey, fingerprint: entry.fingerprint });
  }
  return keys;
}

export class ServerKeys {
  private keys: Promise<ServerKey[] | null> | null = null;

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly fetchListing: () => Promise<ApiResult<KeysResponse>>,
  ) {}

  /**
   * The keys, or null while the server cannot be asked; rejects with RecordProblem('key_changed').
   * Asked once per page; a failed request is asked again next time.
   */
  get(): Promise<ServerKey[] | null> {
    this.keys ??= this.load().then((keys) => {
      if (keys === null) this.keys = null;
      return keys;
    });
    return this.keys;
  }

  private async load(): Promise<ServerKey[] | null> {
    const result = await this.fetchListing();
    if (!result.ok) return null;
    const keys = await checkedKeys(result.data);
    const pinned = this.pinned();
    const listed = new Map(keys.map((k) => [k.name, k.fingerprint]));
    if (pinned.some(({ name, fingerprint }) => listed.get(name) !== fingerprint)) throw new RecordProblem('key_changed');
    const known = new Set(pinned.map((p) => p.name));
    this.pin([...pinned, ...keys.filter((k) => !known.has(k.name)).map(({ name, fingerprint }) => ({ name, fingerprint }))]);
    return keys;
  }

  private pinned(): Pinned[] {
    try {
      const pinned: unknown = JSON.parse(this.storage.getItem(storageKey) ?? '[]');
      return Array.isArray(pinned)
        ? pinned.filter((p): p is Pinned => typeof p?.name === 'string' && typeof p.fingerprint === 'string')
        : [];
    } catch {
      return [];
    }
  }

  private pin(pinned: Pinned[]): void {
    try {
      this.storage.setItem(storageKey, JSON.stringify(pinned));
    } catch {
      // Private mode: trusted for this page only.
    }
  }
}
