// What the debtor's browser signs to consent to compulsory enforcement of one payment item of the
// agreement (赋强公证, 公证法 art. 37; RECORD.md §5.4): the version and its hash, the item and its
// terms exactly as the draft gives them, the fixed words of consent, the record's size and root.
import type { Draft } from '../protocol/types';
import { canonicalJson } from '../record/verify';
import { ecdsaSha256, rawSignature } from './signing';

export const consentStatementType = 'mediation-room/enforcement-consent/v1';
/** The words of consent; the server and every verifier rebuild the statement with exactly these. */
export const consentWords = '债务人承诺：不履行或者不完全履行本项给付义务时，自愿接受依法强制执行。';

export type Payment = NonNullable<Draft['items'][number]['payment']>;

export interface ConsentStatement {
  room: string;
  version: number;
  draftSha256: string;
  item: string;
  payment: Payment;
  signer: string;
  recordSize: number;
  recordRoot: string;
  time: number;
}

const hex64 = /^[0-9a-f]{64}$/;

export function consentStatementText(s: ConsentStatement): string {
  if (!Number.isSafeInteger(s.version) || s.version < 1) throw new RangeError('draft version');
  if (!Number.isSafeInteger(s.recordSize) || s.recordSize < 1) throw new RangeError('record size');
  if (!hex64.test(s.draftSha256) || !hex64.test(s.recordRoot)) throw new RangeError('hash');
  return canonicalJson({
    type: consentStatementType,
    room: s.room,
    draft_version: s.version,
    draft_sha256: s.draftSha256,
    item: s.item,
    payment: s.payment,
    consent: consentWords,
    signer: s.signer,
    role: 'party',
    record_size: s.recordSize,
    record_root: s.recordRoot,
    time: s.time,
  });
}

export async function signConsent(privateKey: CryptoKey, statement: ConsentStatement): Promise<string> {
  const bytes = new TextEncoder().encode(consentStatementText(statement));
  return rawSignature(await crypto.subtle.sign(ecdsaSha256, privateKey, bytes));
}

/** Why a payment item's terms are not yet clear enough to consent to (a catalogue key's tail), or null. */
export function missingTerm(draft: Draft, payment: Payment): 'amount' | 'due' | 'debtor' | 'creditor' | null {
  const named = new Set(draft.parties.map((p) => p.participant).filter((p): p is string => Boolean(p)));
  if (!payment.amount.trim()) return 'amount';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(payment.due)) return 'due';
  if (!payment.debtor || !named.has(payment.debtor)) return 'debtor';
  if (!payment.creditor || !named.has(payment.creditor) || payment.creditor === payment.debtor) return 'creditor';
  return null;
}
