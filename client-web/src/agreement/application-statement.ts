// What a party's browser signs to confirm the joint application for judicial confirmation
// (RECORD.md §5.2): like an agreement signature, over the application's version and hash, which the
// browser computes itself from the application it shows.
import { bytesToHex, canonicalJson, sha256 } from '../record/verify';
import { ecdsaSha256, rawSignature } from './signing';

export const applicationStatementType = 'mediation-room/application-confirmation/v1';

export interface ApplicationStatement {
  room: string;
  version: number;
  applicationSha256: string;
  signer: string;
  recordSize: number;
  recordRoot: string;
  time: number;
}

const hex64 = /^[0-9a-f]{64}$/;

export function applicationStatementText(s: ApplicationStatement): string {
  if (!Number.isSafeInteger(s.version) || s.version < 1) throw new RangeError('application version');
  if (!Number.isSafeInteger(s.recordSize) || s.recordSize < 1) throw new RangeError('record size');
  if (!hex64.test(s.applicationSha256) || !hex64.test(s.recordRoot)) throw new RangeError('hash');
  return canonicalJson({
    type: applicationStatementType,
    room: s.room,
    application_version: s.version,
    application_sha256: s.applicationSha256,
    signer: s.signer,
    role: 'party',
    record_size: s.recordSize,
    record_root: s.recordRoot,
    time: s.time,
  });
}

export async function signApplication(privateKey: CryptoKey, statement: ApplicationStatement): Promise<string> {
  const bytes = new TextEncoder().encode(applicationStatementText(statement));
  return rawSignature(await crypto.subtle.sign(ecdsaSha256, privateKey, bytes));
}

/** SHA-256 of the application's canonical JSON: what the party confirms. */
export async function applicationSha256(application: unknown): Promise<string> {
  return bytesToHex(await sha256(new TextEncoder().encode(canonicalJson(application))));
}

/** Days from `today` to `lastDay` (YYYY-MM-DD, Shanghai calendar days); negative once passed. */
export function daysLeft(lastDay: string, now: number): number {
  const shanghai = new Date(now + 8 * 3600 * 1000).toISOString().slice(0, 10);
  return Math.round((Date.parse(`${lastDay}T00:00:00Z`) - Date.parse(`${shanghai}T00:00:00Z`)) / 86400000);
}
