// The procedure as far as the events this person can see tell it (PROTOCOL.md §6): who joined,
// acknowledged the notice, had their identity checked, the disclosures and their answers, recusal
// requests and decisions, the mediation record (调解笔录) and each party's confirmations, the
// outcome. Pure: (state, event) → state, a new object only when the event changed something. The
// phase itself is the server's (welcome.case / case frames); this is what the record says.
import type { EventBodies, EventKind, EventOf, Phase, Side } from '../protocol/types';

/** Who did it, when, as which event. */
export interface Recorded {
  seq: number;
  time: number;
  by: string;
}

export type Acknowledgement = Recorded & Omit<EventBodies['notice.acknowledged'], 'consent_online'>;
export type NoticeOtherwise = Recorded & { reason: string };
export type IdentityCheck = Recorded & Omit<EventBodies['identity.checked'], 'participant'>;
export type DisclosureAnswer = Recorded & { accept: boolean };
export type Disclosure = Recorded & EventBodies['disclosure.made'] & { answers: Readonly<Record<string, DisclosureAnswer>> };
export type RecusalDecision = Recorded & Omit<EventBodies['recusal.decided'], 'request' | 'mediator'>;
export type RecusalRequest = Recorded & EventBodies['recusal.requested'] & { decision: RecusalDecision | null };
export type EntryVersion = Recorded & EventBodies['transcript.entry'];
export type FactConfirmation = Recorded & Omit<EventBodies['facts.confirmed'], 'entry'>;
export interface TranscriptEntry {
  entry: string;
  /** Oldest first; the last is the current text. */
  versions: readonly EntryVersion[];
  /** Each party's latest answer, whichever version it named. */
  confirmations: Readonly<Record<string, FactConfirmation>>;
}
export type PhaseStep = Recorded & { from: Phase; to: Phase; reason: string | null; due: string | null };
export type Withdrawal = Recorded & { reason: string };
export type Failure = Recorded & Omit<EventBodies['mediation.failed'], 'phase'>;
export type Referral = Recorded & Omit<EventBodies['referral.made'], 'phase'>;
export type Followup = Recorded & EventBodies['followup.recorded'];
export type LegalExplanation = Recorded & EventBodies['legal.explained'];
export type AddedMediator = Recorded & { name: string; org: string };

export interface Procedure {
  joined: Readonly<Record<string, Recorded>>;
  acknowledged: Readonly<Record<string, Acknowledgement>>;
  noticeOtherwise: Readonly<Record<string, NoticeOtherwise>>;
  identity: Readonly<Record<string, IdentityCheck>>;
  disclosures: readonly Disclosure[];
  recusals: readonly RecusalRequest[];
  addedMediators: Readonly<Record<string, AddedMediator>>;
  handovers: readonly (Recorded & { from: string; to: string })[];
  transcript: readonly TranscriptEntry[];
  legal: readonly LegalExplanation[];
  phases: readonly PhaseStep[];
  /** Sides whose back-to-back session the events say is open (the case frame says it too). */
  caucus: readonly Side[];
  withdrawal: Withdrawal | null;
  failure: Failure | null;
  referral: Referral | null;
  followups: readonly Followup[];
}

export const emptyProcedure: Procedure = {
  joined: {},
  acknowledged: {},
  noticeOtherwise: {},
  identity: {},
  disclosures: [],
  recusals: [],
  addedMediators: {},
  handovers: [],
  transcript: [],
  legal: [],
  phases: [],
  caucus: [],
  withdrawal: null,
  failure: null,
  referral: null,
  followups: [],
};

type Step<K extends EventKind> = (state: Procedure, event: EventOf<K>, at: Recorded) => Procedure;

function phaseStep(state: Procedure, at: Recorded, phase: { from: Phase; to: Phase }, reason?: string, due?: string): Procedure {
  return { ...state, phases: [...state.phases, { ...at, from: phase.from, to: phase.to, reason: reason ?? null, due: due ?? null }] };
}

function withEntry(state: Procedure, entry: string, change: (e: TranscriptEntry) => TranscriptEntry): Procedure {
  const at = state.transcript.findIndex((e) => e.entry === entry);
  const current = at >= 0 ? state.transcript[at]! : { entry, versions: [], confirmations: {} };
  const next = change(current);
  return { ...state, transcript: at >= 0 ? state.transcript.map((e, i) => (i === at ? next : e)) : [...state.transcript, next] };
}

function bySeq<T extends Recorded>(list: readonly T[], seq: number, change: (item: T) => T): readonly T[] | null {
  const at = list.findIndex((item) => item.seq === seq);
  return at < 0 ? null : list.map((item, i) => (i === at ? change(item) : item));
}

/** What each kind changes; kinds absent here (messages, leaving, the advisor's access) change nothing. */
const steps: { [K in EventKind]?: Step<K> } = {
  'participant.joined': (s, { body }, at) =>
    s.joined[body.participant.id] ? s : { ...s, joined: { ...s.joined, [body.participant.id]: at } },
  'phase.changed': (s, { body }, at) => phaseStep(s, at, body.phase, body.reason, body.due),
  'party.withdrew': (s, { body }, at) => ({ ...phaseStep(s, at, body.phase, body.reason), withdrawal: { ...at, reason: body.reason } }),
  'disclosure.made': (s, { body }, at) => ({ ...s, disclosures: [...s.disclosures, { ...at, ...body, answers: {} }] }),
  'disclosure.answered': (s, { body }, at) => {
    const disclosures = bySeq(s.disclosures, body.disclosure, (d) => ({ ...d, answers: { ...d.answers, [at.by]: { ...at, accept: body.accept } } }));
    return disclosures ? { ...s, disclosures } : s;
  },
  'recusal.requested': (s, { body }, at) => ({ ...s, recusals: [...s.recusals, { ...at, ...body, decision: null }] }),
  'recusal.decided': (s, { body }, at) => {
    const { request, mediator: _concerned, ...decision } = body;
    const recusals = bySeq(s.recusals, request, (r) => ({ ...r, decision: { ...at, ...decision } }));
    return recusals ? { ...s, recusals } : s;
  },
  'mediator.added': (s, { body }, at) => ({
    ...s,
    addedMediators: { ...s.addedMediators, [body.participant.id]: { ...at, name: body.participant.name, org: body.org } },
  }),
  'presiding.handed': (s, { body }, at) => ({ ...s, handovers: [...s.handovers, { ...at, from: body.from, to: body.to }] }),
  'identity.checked': (s, { body }, at) => {
    const { participant, ...check } = body;
    return { ...s, identity: { ...s.identity, [participant]: { ...at, ...check } } };
  },
  'notice.acknowledged': (s, { body }, at) => {
    const { consent_online: _consent, ...ack } = body;
    return { ...s, acknowledged: { ...s.acknowledged, [at.by]: { ...at, ...ack } } };
  },
  'notice.given_otherwise': (s, { body }, at) => ({
    ...s,
    noticeOtherwise: { ...s.noticeOtherwise, [body.participant]: { ...at, reason: body.reason } },
  }),
  'caucus.opened': (s, { body }) => (s.caucus.includes(body.side) ? s : { ...s, caucus: [...s.caucus, body.side] }),
  'caucus.closed': (s, { body }) => (s.caucus.includes(body.side) ? { ...s, caucus: s.caucus.filter((x) => x !== body.side) } : s),
  'legal.explained': (s, { body }, at) => ({ ...s, legal: [...s.legal, { ...at, ...body }] }),
  'transcript.entry': (s, { body }, at) => withEntry(s, body.entry, (e) => ({ ...e, versions: [...e.versions, { ...at, ...body }] })),
  'facts.confirmed': (s, { body }, at) => {
    const { entry, ...answer } = body;
    return withEntry(s, entry, (e) => ({ ...e, confirmations: { ...e.confirmations, [at.by]: { ...at, ...answer } } }));
  },
  'mediation.failed': (s, { body }, at) => {
    const { phase, ...failure } = body;
    return { ...phaseStep(s, at, phase, body.reason), failure: { ...at, ...failure } };
  },
  'referral.made': (s, { body }, at) => {
    const { phase, ...referral } = body;
    return { ...phaseStep(s, at, phase, body.reason), referral: { ...at, ...referral } };
  },
  'followup.recorded': (s, { body }, at) => ({ ...s, followups: [...s.followups, { ...at, ...body }] }),
  // The agreement's seal moves the case to agreed (PROTOCOL.md §7); the agreement itself is its issue's.
  'agreement.sealed': (s, { body }, at) => phaseStep(s, at, body.phase),
};

/** The kinds that change the procedure (for the tests: every procedure kind has a step). */
export const procedureKinds = Object.keys(steps) as EventKind[];

export function reduceProcedure(state: Procedure, event: EventOf<EventKind>): Procedure {
  const step = steps[event.header.kind] as Step<EventKind> | undefined;
  if (!step) return state;
  return step(state, event, { seq: event.seq, time: event.header.time, by: event.header.actor });
}

// --- questions the views ask ---

export function currentVersion(entry: TranscriptEntry): EntryVersion {
  return entry.versions[entry.versions.length - 1]!;
}

export type FactAnswer = 'confirmed' | 'declined' | 'outdated' | 'open';

/** A party's answer to an entry's current text: an answer to an older version no longer counts. */
export function factAnswer(entry: TranscriptEntry, party: string): FactAnswer {
  const answer = entry.confirmations[party];
  if (!answer) return 'open';
  const current = currentVersion(entry);
  if (answer.version !== current.version || answer.sha256 !== current.sha256) return 'outdated';
  return answer.confirm ? 'confirmed' : 'declined';
}

/** The undisputed facts (kind `fact` in their current version), in the order first written. */
export function facts(state: Procedure): TranscriptEntry[] {
  return state.transcript.filter((e) => currentVersion(e).kind === 'fact');
}

/** Disclosed conflicts of the case's mediators this party has not answered. */
export function disclosuresToAnswer(state: Procedure, party: string, mediators: readonly string[]): Disclosure[] {
  return state.disclosures.filter((d) => d.conflict && mediators.includes(d.mediator) && !d.answers[party]);
}

/** A mediator's latest disclosure, if they made one. */
export function disclosureOf(state: Procedure, mediator: string): Disclosure | null {
  for (let i = state.disclosures.length - 1; i >= 0; i -= 1) if (state.disclosures[i]!.mediator === mediator) return state.disclosures[i]!;
  return null;
}

export function noticeDone(state: Procedure, party: string): boolean {
  return Boolean(state.acknowledged[party] ?? state.noticeOtherwise[party]);
}

export type DisclosureStatus = 'none_pending' | 'accepted' | 'declined' | 'open';

/** One party's line of the mediator's checklist. */
export interface PartyChecks {
  joined: boolean;
  identity: boolean;
  notice: 'acknowledged' | 'otherwise' | 'open';
  disclosure: DisclosureStatus;
}

export function partyChecks(state: Procedure, party: string, mediators: readonly string[]): PartyChecks {
  const conflicts = state.disclosures.filter((d) => d.conflict && mediators.includes(d.mediator));
  const answers = conflicts.map((d) => d.answers[party]);
  const disclosure: DisclosureStatus =
    conflicts.length === 0 ? 'none_pending' : answers.some((a) => !a) ? 'open' : answers.every((a) => a!.accept) ? 'accepted' : 'declined';
  return {
    joined: Boolean(state.joined[party]),
    identity: Boolean(state.identity[party]),
    notice: state.acknowledged[party] ? 'acknowledged' : state.noticeOtherwise[party] ? 'otherwise' : 'open',
    disclosure,
  };
}

/** Open recusal requests (no decision yet). */
export function openRecusals(state: Procedure): RecusalRequest[] {
  return state.recusals.filter((r) => !r.decision);
}

