// This browser's signing key for one room and participant (PROTOCOL.md §7): an ECDSA P-256 pair made
// by WebCrypto as non-extractable, so the private half can sign here but can never be read out, not
// even by this page; kept in IndexedDB (which stores CryptoKey objects as they are). Only the public
// half (SPKI DER) is ever sent, to be registered.
import { bytesToBase64, ecdsaP256, keyFingerprint } from './signing';

export interface DeviceKey {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** base64 SPKI DER, as key.register sends it. */
  spki: string;
  fingerprint: string;
  created: number;
}

const dbName = 'mr-signing-keys';
const storeName = 'keys';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(dbName, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(storeName);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const request = work(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

const slot = (room: string, participant: string) => `${room}/${participant}`;

export async function loadDeviceKey(room: string, participant: string): Promise<DeviceKey | null> {
  const found = await run('readonly', (s) => s.get(slot(room, participant)) as IDBRequest<DeviceKey | undefined>);
  return found && found.privateKey instanceof CryptoKey ? found : null;
}

/** Makes a new pair for this room and participant, replacing any kept before (e.g. a revoked one). */
export async function createDeviceKey(room: string, participant: string): Promise<DeviceKey> {
  const pair = await crypto.subtle.generateKey(ecdsaP256, false, ['sign', 'verify']);
  // The public half of a pair is always exportable; the private half, made non-extractable, is not.
  const spki = new Uint8Array(await crypto.subtle.exportKey('spki', pair.publicKey));
  const key: DeviceKey = {
    privateKey: pair.privateKey,
    publicKey: pair.publicKey,
    spki: bytesToBase64(spki),
    fingerprint: await keyFingerprint(spki),
    created: Date.now(),
  };
  await run('readwrite', (s) => s.put(key, slot(room, participant)));
  return key;
}

/** A short name for this device, so a participant tells their keys apart (browser · system). */
export function deviceLabel(userAgent = typeof navigator === 'undefined' ? '' : navigator.userAgent): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /MicroMessenger/.test(userAgent)
      ? 'WeChat'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrom(e|ium)\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : 'Browser';
  const system = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X/.test(userAgent)
          ? 'macOS'
          : /Linux/.test(userAgent)
            ? 'Linux'
            : '';
  return system ? `${browser} · ${system}` : browser;
}
