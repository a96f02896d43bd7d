// The server's checkpoint keys (GET /api/keys), trusted on first use: this browser remembers their
// fingerprints (localStorage is per origin), and a later listing that drops one of them or gives a
// remembered name another key means the key changed: a server with a new key could sign any history.
import { api } from './api.js';
import { RecordProblem } from './checkpoint.js';
import { base64ToBytes, bytesToHex, keyId, sha256 } from './record-verify.js';

const storageKey = 'mr.serverKeys';

// Entries whose fingerprint or key id does not recompute from the key are left out: they verify nothing.
async function checkedKeys(listing) {
  const keys = [];
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
  constructor({ storage = localStorage, fetchListing = () => api('GET', '/api/keys') } = {}) {
    this.storage_ = storage;
    this.fetchListing_ = fetchListing;
    this.keys_ = null;
  }

  // → [{name, publicKey, fingerprint}], or null while the server cannot be asked; throws
  // RecordProblem('key_changed'). Asked once per page; a failed request is asked again next time.
  get() {
    this.keys_ ??= this.load_().then((keys) => {
      if (keys === null) this.keys_ = null;
      return keys;
    });
    return this.keys_;
  }

  async load_() {
    const result = await this.fetchListing_();
    if (!result.ok) return null;
    const keys = await checkedKeys(result.data);
    const pinned = this.pinned_();
    const listed = new Map(keys.map((k) => [k.name, k.fingerprint]));
    if (pinned.some(({ name, fingerprint }) => listed.get(name) !== fingerprint)) throw new RecordProblem('key_changed');
    const known = new Set(pinned.map((p) => p.name));
    this.pin_([...pinned, ...keys.filter((k) => !known.has(k.name)).map(({ name, fingerprint }) => ({ name, fingerprint }))]);
    return keys;
  }

  pinned_() {
    try {
      const pinned = JSON.parse(this.storage_.getItem(storageKey));
      return Array.isArray(pinned) ? pinned.filter((p) => typeof p?.name === 'string' && typeof p.fingerprint === 'string') : [];
    } catch {
      return [];
    }
  }

  pin_(pinned) {
    try {
      this.storage_.setItem(storageKey, JSON.stringify(pinned));
    } catch {
      // Private mode: trusted for this page only.
    }
  }
}
