// The documents and the agreement as far as the events this person can see tell them (PROTOCOL.md
// §7): documents shared per channel, the draft's versions, comments and proposals, each
// participant's signing keys (registered, revoked), the signatures and the seal. Pure:
// (state, event) → state, a new object only when the event changed something.
import type { Channel, Draft, EventBodies, EventKind, EventOf } from '../protocol/types';
import type { Recorded } from './procedure';

export type SharedDocument = Recorded & EventBodies['document.shared'] & { channel: Channel };
export type DraftVersion = Recorded & EventBodies['draft.saved'];
export type DraftComment = Recorded & EventBodies['draft.commented'];
export type SigningKey = Recorded & EventBodies['key.registered'] & { revoked: Recorded | null };
export type Signature = Recorded & EventBodies['agreement.signed'];
export type Seal = Recorded & EventBodies['agreement.sealed'];
export type EnforcementConsent = Recorded & EventBodies['enforcement.consented'];

export interface Agreement {
  documents: readonly SharedDocument[];
  /** Oldest first; version n is at index n − 1. */
  versions: readonly DraftVersion[];
  comments: readonly DraftComment[];
  /** By fingerprint, in the order registered. */
  keys: Readonly<Record<string, SigningKey>>;
  signatures: readonly Signature[];
  seal: Seal | null;
  /** The debtors' consents to compulsory enforcement of payment items (赋强公证). */
  consents: readonly EnforcementConsent[];
}

export const emptyAgreement: Agreement = { documents: [], versions: [], comments: [], keys: {}, signatures: [], seal: null, consents: [] };

type Step<K extends EventKind> = (state: Agreement, event: EventOf<K>, at: Recorded) => Agreement;

const steps: { [K in EventKind]?: Step<K> } = {
  'document.shared': (s, { body, header }, at) => ({ ...s, documents: [...s.documents, { ...at, ...body, channel: header.channel }] }),
  'draft.saved': (s, { body }, at) => ({ ...s, versions: [...s.versions, { ...at, ...body }] }),
  'draft.commented': (s, { body }, at) => ({ ...s, comments: [...s.comments, { ...at, ...body }] }),
  'key.registered': (s, { body }, at) => ({ ...s, keys: { ...s.keys, [body.key]: { ...at, ...body, revoked: null } } }),
  'key.revoked': (s, { body }, at) => {
    const key = s.keys[body.key];
    return key ? { ...s, keys: { ...s.keys, [body.key]: { ...key, revoked: at } } } : s;
  },
  'agreement.signed': (s, { body }, at) => ({ ...s, signatures: [...s.signatures, { ...at, ...body }] }),
  'agreement.sealed': (s, { body }, at) => ({ ...s, seal: { ...at, ...body } }),
  'enforcement.consented': (s, { body }, at) => ({ ...s, consents: [...s.consents, { ...at, ...body }] }),
};

export const agreementKinds = Object.keys(steps) as EventKind[];

export function reduceAgreement(state: Agreement, event: EventOf<EventKind>): Agreement {
  const step = steps[event.header.kind] as Step<EventKind> | undefined;
  if (!step) return state;
  return step(state, event, { seq: event.seq, time: event.header.time, by: event.header.actor });
}

// --- questions the views ask ---

export function latestVersion(state: Agreement): DraftVersion | null {
  return state.versions[state.versions.length - 1] ?? null;
}

/** An item's number as the version shows it (第 1 项 for i1, …), or its id if the version does not hold it. */
export function itemNumber(version: DraftVersion | null, item: string): string {
  const i = version?.draft.items.findIndex((it) => it.id === item) ?? -1;
  return i < 0 ? item : String(i + 1);
}

export function versionOf(state: Agreement, version: number): DraftVersion | null {
  return state.versions.find((v) => v.version === version) ?? null;
}

export function documentsIn(state: Agreement, channel: Channel): SharedDocument[] {
  return state.documents.filter((d) => d.channel === channel);
}

/** Who must sign a version: each party the draft names (its participants), then the presiding mediator. */
export function requiredSigners(draft: Draft, presiding: string | null): string[] {
  const out: string[] = [];
  for (const p of draft.parties) if (p.participant && !out.includes(p.participant)) out.push(p.participant);
  if (presiding && !out.includes(presiding)) out.push(presiding);
  return out;
}

/** Signatures on one version, by signer (signatures never carry over to another version). */
export function signaturesOn(state: Agreement, version: DraftVersion): Record<string, Signature> {
  const out: Record<string, Signature> = {};
  for (const s of state.signatures) if (s.version === version.version && s.draft_sha256 === version.sha256) out[s.signer] = s;
  return out;
}

export function keysOf(state: Agreement, participant: string): SigningKey[] {
  return Object.values(state.keys).filter((k) => k.participant === participant);
}

export function commentsOn(state: Agreement, version: number): DraftComment[] {
  return state.comments.filter((c) => c.version === version);
}

/** The consent to enforcement given for an item of a version, if any. */
export function consentTo(state: Agreement, version: DraftVersion, item: string): EnforcementConsent | null {
  return state.consents.find((c) => c.version === version.version && c.draft_sha256 === version.sha256 && c.item === item) ?? null;
}
