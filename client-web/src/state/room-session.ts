// One room page's session: the connection's frames go into the room model; the views call the few
// actions here (send, type, bring an advisor in, look at a channel). Nothing else writes the model.
import { batch, effect } from '@preact/signals';
import { api } from '../protocol/api';
import { asEvent, codePoints, dispatch, hasText, type FrameHandlers } from '../protocol/frames';
import type { ActAction, ActArgs, Channel, ClientHello, Person, ServerWelcome } from '../protocol/types';
import { ActRequests, type ActOutcome } from '../net/acts';
import { RoomConnection, type ConnectionStatus } from '../net/connection';
import { Outbox } from '../net/outbox';
import { checkSession } from '../net/session-check';
import { createDeviceKey, deviceLabel, loadDeviceKey, type DeviceKey } from '../agreement/device-key';
import { signStatement, type SigningStatement } from '../agreement/signing';
import { signApplication, type ApplicationStatement } from '../agreement/application-statement';
import { signConsent, type ConsentStatement } from '../agreement/consent-statement';
import { CheckpointKeeper } from '../record/checkpoint-keeper';
import { ProofRequests } from '../record/proof-requests';
import { RecordChecker } from '../record/record-checker';
import { ServerKeys } from '../record/server-keys';
import { browserStorage } from '../storage';
import { loadInviter } from './inviter';
import { RoomCache } from './room-cache';
import { RoomModel, type LinkProblem } from './room-model';
import type { HeldEvent } from './timeline';

const typingEveryMs = 2000;
const typingShownMs = 4000;
// These refusals are about the message itself: sending it again would fail again.
const finalRefusals = new Set(['bad_json', 'bad_frame', 'unknown_type', 'forbidden_channel', 'unknown_channel', 'text_too_long', 'empty_text']);

/** Who this person is told about, whatever the server's version: welcome.people when it sends it. */
function peopleOf(welcome: ServerWelcome): Person[] {
  const people = (welcome as { people?: unknown }).people;
  return Array.isArray(people) ? (people as Person[]) : [];
}

export type SendResult = 'queued' | 'empty' | 'too_long' | 'readonly';

export class RoomSession {
  readonly model = new RoomModel();
  private readonly connection: RoomConnection;
  private readonly outbox: Outbox;
  private readonly proofs: ProofRequests;
  private readonly acts: ActRequests;
  private readonly keeper: CheckpointKeeper;
  private readonly cache: RoomCache;
  /** When a typing notice last went out, per channel; a message sent clears its channel's. */
  private readonly lastTypingSent = new Map<Channel, number>();
  private firstVisit = true;
  // From the tab's cache, until the first welcome says who and which epoch.
  private cachedEpoch: number | null = null;
  private cachedYou: string | null = null;
  private signingKey: DeviceKey | null = null;
  private keying: Promise<void> | null = null;
  /** Called for each live event (not replayed): the tab title and notifications follow it. */
  onLive: (event: HeldEvent) => void = () => {};

  constructor(readonly roomId: string) {
    const session = browserStorage('session');
    const local = browserStorage('local');
    const m = this.model;
    this.cache = new RoomCache(roomId, session, local);
    this.connection = new RoomConnection(`wss://${location.host}/r/${encodeURIComponent(roomId)}/ws`, {
      hello: () => this.hello(),
      onFrame: (frame) => dispatch(this.handlers, frame),
      onStatus: (status) => this.onStatus(status),
      onRefused: () => void this.explainRefusal(),
    });
    this.proofs = new ProofRequests((frame) => this.connection.send(frame));
    this.acts = new ActRequests((frame) => this.connection.send(frame));
    const keys = new ServerKeys(local, api.keys);
    const checker = new RecordChecker(roomId, keys, this.proofs, (size) => m.timeline.latestBefore(size));
    this.keeper = new CheckpointKeeper(roomId, local, (c, held) => checker.verify(c, held), (status) => (m.record.value = status));
    m.record.value = this.keeper.current;
    this.outbox = new Outbox(roomId, session, (frame) => this.connection.send(frame), () => (m.outbox.value = this.outbox.list()));
    m.outbox.value = this.outbox.list();
    m.inviter.value = loadInviter(local, roomId);

    const cached = this.cache.load();
    if (cached) {
      this.firstVisit = false;
      batch(() => {
        for (const event of cached.events) m.addEvent(event);
      });
      this.cachedEpoch = cached.epoch;
      this.cachedYou = cached.youId;
    }
    this.watchReading();
    addEventListener('pagehide', () => this.saveNow());
    setInterval(() => m.expireTyping(Date.now()), 1000);
  }

  start(): void {
    this.connection.start();
  }

  // --- actions the views call ---

  send(channel: Channel, text: string): SendResult {
    const m = this.model;
    if (!m.writable.value.has(channel) || m.linkProblem.value) return 'readonly';
    if (!hasText(text)) return 'empty';
    if (codePoints(text) > m.maxText.value) return 'too_long';
    this.outbox.add(channel, text);
    // The message's arrival clears the notice on the others' screens: the next keystroke says so again.
    this.lastTypingSent.delete(channel);
    return 'queued';
  }

  discard(id: string): void {
    this.outbox.discard(id);
  }

  typing(channel: Channel): void {
    const now = Date.now();
    if (now - (this.lastTypingSent.get(channel) ?? 0) < typingEveryMs || !this.model.writable.value.has(channel)) return;
    if (this.connection.send({ type: 'typing', channel })) this.lastTypingSent.set(channel, now);
  }

  setAdvisorInMain(participant: string, inMain: boolean): void {
    this.connection.send({ type: 'advisor', id: crypto.randomUUID(), participant, in_main: inMain });
  }

  /** A step of the procedure; resolves once the server recorded it (its event is in) or refused it. */
  act<A extends ActAction>(action: A, args: ActArgs[A]): Promise<ActOutcome> {
    if (this.model.linkProblem.value) return Promise.resolve({ ok: false, code: 'revoked', rule: null });
    return this.acts.request(action, args);
  }

  /**
   * Signs the statement planned from what is shown (agreement/sign-plan.ts) with this device's key
   * and sends it; resolves with the server's answer.
   */
  async signAgreement(statement: SigningStatement, key: string): Promise<ActOutcome> {
    const device = this.signingKey;
    if (!device || device.fingerprint !== key) return { ok: false, code: 'procedure', rule: 'key_unknown' };
    const signature = await signStatement(device.privateKey, statement);
    return this.act('agreement.sign', {
      version: statement.version,
      draft_sha256: statement.draftSha256,
      key,
      record_size: statement.recordSize,
      record_root: statement.recordRoot,
      time: statement.time,
      signature,
    });
  }

  /** Confirms the application for judicial confirmation with this device's key (RECORD.md §5.2). */
  async confirmApplication(statement: ApplicationStatement, key: string): Promise<ActOutcome> {
    const device = this.signingKey;
    if (!device || device.fingerprint !== key) return { ok: false, code: 'procedure', rule: 'key_unknown' };
    const signature = await signApplication(device.privateKey, statement);
    return this.act('application.confirm', {
      version: statement.version,
      application_sha256: statement.applicationSha256,
      key,
      record_size: statement.recordSize,
      record_root: statement.recordRoot,
      time: statement.time,
      signature,
    });
  }

  /** Consents, as the item's debtor, to compulsory enforcement of a payment item (RECORD.md §5.4). */
  async consentToEnforcement(statement: ConsentStatement, key: string): Promise<ActOutcome> {
    const device = this.signingKey;
    if (!device || device.fingerprint !== key) return { ok: false, code: 'procedure', rule: 'key_unknown' };
    const signature = await signConsent(device.privateKey, statement);
    return this.act('enforcement.consent', {
      version: statement.version,
      draft_sha256: statement.draftSha256,
      item: statement.item,
      key,
      record_size: statement.recordSize,
      record_root: statement.recordRoot,
      time: statement.time,
      signature,
    });
  }

  /** Makes this device a new key (its old one was revoked) and registers it. */
  async renewSigningKey(): Promise<void> {
    await this.ensureSigningKey(true);
  }

  select(channel: Channel): void {
    this.model.active.value = channel;
  }

  dismissNotice(): void {
    this.model.notice.value = null;
  }

  // --- from the connection ---

  private hello(): ClientHello {
    const epoch = this.model.welcome.value?.epoch ?? this.cachedEpoch;
    const lastSeq = this.model.timeline.lastSeq;
    return epoch ? { type: 'hello', last_seq: lastSeq, epoch } : { type: 'hello', last_seq: lastSeq };
  }

  private readonly handlers: FrameHandlers = {
    welcome: (frame) => {
      const m = this.model;
      const before = m.welcome.value?.you.id ?? this.cachedYou;
      if (before && before !== frame.you.id) {
        // Another person used this tab before: their history is not ours to show or resume from.
        this.forgetAll();
        this.cachedYou = null;
        this.connection.restart();
        return;
      }
      // Same epoch, yet the server's log ends before what this browser already holds: a rollback,
      // said in red; what was seen stays on the screen instead of being silently dropped.
      const behind = frame.reset && this.hello().epoch === frame.epoch && m.timeline.lastSeq > frame.head;
      if (behind) this.keeper.report('behind');
      batch(() => {
        if (frame.reset && !behind) m.clearTimeline();
        this.outbox.connectionLost();
        m.welcome.value = frame;
        m.caseState.value = frame.case;
        m.caughtUp.value = false;
        m.reach.value = 'ok';
        m.learnPerson(frame.you);
        for (const person of peopleOf(frame)) m.learnPerson(person);
        if (!m.active.value || !frame.read.includes(m.active.value)) m.active.value = m.readable.value[0] ?? null;
      });
      const read = this.cache.loadRead(frame.you.id);
      if (read) {
        this.firstVisit = false;
        m.lastRead.value = { ...read, ...m.lastRead.value };
      }
    },
    event: (frame) => {
      const m = this.model;
      const event = asEvent(frame);
      if (!m.addEvent(event)) return;
      if (event.header.kind === 'message' && event.header.actor === m.youId.value) {
        this.outbox.remove((event.body as { client_id: string }).client_id);
      }
      if (m.caughtUp.value) {
        this.onLive(event);
        this.cache.save(() => this.snapshot(), true);
      }
    },
    caught_up: () => {
      const m = this.model;
      batch(() => {
        m.caughtUp.value = true;
        m.renderNow();
        // On a first visit the history is there to read, not a pile of unread messages.
        if (this.firstVisit) m.markRead(m.readable.value);
        this.firstVisit = false;
        this.markSeen();
      });
      this.saveNow();
      this.outbox.flush();
      void this.ensureSigningKey(false);
    },
    ack: (frame) => {
      if (this.acts.answer(frame)) return;
      const item = this.outbox.remove(frame.id);
      const you = this.model.youId.value;
      if (!item || !you || this.model.timeline.has(frame.seq)) return;
      const provisional = {
        type: 'event',
        seq: frame.seq,
        provisional: true,
        header: { v: 1, room: this.roomId, seq: frame.seq, time: Date.now(), actor: you, kind: 'message', channel: item.channel, salt: '', body_sha256: '' },
        body: { text: item.text, client_id: item.id },
      } as HeldEvent;
      this.model.addEvent(provisional);
    },
    case: (frame) => {
      this.model.caseState.value = frame.case;
    },
    presence: (frame) => {
      batch(() => {
        this.model.online.value = frame.online;
        for (const person of frame.online) this.model.learnPerson(person);
      });
    },
    access: (frame) => {
      const m = this.model;
      const welcome = m.welcome.value;
      if (!welcome) return;
      batch(() => {
        m.welcome.value = { ...welcome, read: frame.read, write: frame.write };
        if (!m.active.value || !frame.read.includes(m.active.value)) m.active.value = m.readable.value[0] ?? null;
      });
    },
    typing: (frame) => {
      if (frame.participant === this.model.youId.value) return;
      this.model.startTyping(frame.channel, frame.participant, Date.now() + typingShownMs);
    },
    checkpoint: (frame) => void this.keeper.accept(frame.note),
    proof: (frame) => void this.proofs.answer(frame),
    consistency: (frame) => void this.proofs.answer(frame),
    error: (frame) => {
      // A refused proof is the record check's business, not a notice for the person.
      if (this.proofs.answer(frame)) return;
      // A refused step is explained where it was taken.
      if (this.acts.answer(frame)) return;
      const item = frame.ref ? this.outbox.get(frame.ref) : undefined;
      if (item && frame.code === 'rate_limited') return this.outbox.retryLater(item.id);
      if (item && finalRefusals.has(frame.code)) this.outbox.fail(item.id, frame.code);
      // The liveness probe asks for a checkpoint; before the first one is signed that is refused.
      if (frame.code === 'out_of_range' && frame.ref === null) return;
      this.model.notice.value = { code: frame.code, at: Date.now() };
    },
  };

  private onStatus(status: ConnectionStatus): void {
    const m = this.model;
    m.connection.value = status;
    if (status !== 'online') {
      this.proofs.abandon();
      this.acts.abandon();
      this.outbox.connectionLost();
    }
    if (status === 'ended') this.endSession({ reason: this.recused() ? 'recused' : 'ended', contact: null });
  }

  /** This mediator's recusal was granted: that, not an expired sign-in, is why the session ended. */
  private recused(): boolean {
    const you = this.model.youId.value;
    return this.model.procedure.value.recusals.some((r) => r.mediator === you && r.decision?.granted);
  }

  /** The socket keeps closing before a welcome: ask over HTTP whether the link is still good. */
  private async explainRefusal(): Promise<void> {
    const verdict = await checkSession(this.roomId);
    if (verdict.kind === 'dead') return this.endSession({ reason: verdict.reason, contact: verdict.contact });
    this.model.reach.value = verdict.kind === 'unreachable' ? 'unreachable' : 'ok';
    if (verdict.kind === 'valid' && verdict.inviter) this.model.inviter.value = verdict.inviter;
  }

  /** The link is dead: nothing of the room stays on screen or in this browser. */
  private endSession(problem: LinkProblem): void {
    const m = this.model;
    const mediator = m.caseInfo.value?.mediator ?? m.inviter.value;
    const contact = problem.contact ?? (mediator ? { mediator: mediator.name, org: mediator.org } : null);
    this.connection.stop();
    batch(() => {
      m.linkProblem.value = { ...problem, contact };
      this.forgetAll();
    });
  }

  private forgetAll(): void {
    const m = this.model;
    this.cache.forget();
    this.outbox.clear();
    batch(() => {
      m.clearTimeline();
      m.online.value = [];
      m.people.value = new Map();
      m.lastRead.value = {};
      this.firstVisit = true;
    });
  }

  // --- the signing key (PROTOCOL.md §7) ---

  /**
   * On joining (each caught_up): this device's key for the room, made on first use and registered
   * unless the record already has it. Advisors and observers do not sign, and have none.
   */
  private ensureSigningKey(renew: boolean): Promise<void> {
    this.keying ??= this.keyUp(renew).finally(() => (this.keying = null));
    return this.keying;
  }

  private async keyUp(renew: boolean): Promise<void> {
    const m = this.model;
    const you = m.welcome.value?.you;
    if (!you || (you.role !== 'party' && you.role !== 'mediator') || m.closed.value) {
      m.deviceKey.value = { state: 'none', fingerprint: null };
      return;
    }
    if (typeof indexedDB === 'undefined' || typeof crypto === 'undefined' || !crypto.subtle) {
      m.deviceKey.value = { state: 'unsupported', fingerprint: null };
      return;
    }
    try {
      let key = renew ? null : this.signingKey?.fingerprint ? this.signingKey : await loadDeviceKey(this.roomId, you.id);
      key ??= await createDeviceKey(this.roomId, you.id);
      this.signingKey = key;
      m.deviceKey.value = { state: 'ready', fingerprint: key.fingerprint };
      if (m.agreement.value.keys[key.fingerprint]) return;
      const outcome = await this.act('key.register', { public_key: key.spki, device: deviceLabel() });
      if (!outcome.ok && outcome.code !== 'unchanged') m.deviceKey.value = { state: 'failed', fingerprint: key.fingerprint };
    } catch (error) {
      console.warn('signing key', error);
      m.deviceKey.value = { state: 'failed', fingerprint: this.signingKey?.fingerprint ?? null };
    }
  }

  // --- reading, attention, saving ---

  private visibleChannels(): Channel[] {
    const m = this.model;
    if (typeof document !== 'undefined' && document.hidden) return [];
    if (m.sideBySide.value) return m.readable.value;
    return m.active.value ? [m.active.value] : [];
  }

  /** What is on screen counts as read. */
  private markSeen(): void {
    if (this.model.caughtUp.value) this.model.markRead(this.visibleChannels());
  }

  private watchReading(): void {
    const m = this.model;
    effect(() => {
      void m.active.value;
      void m.sideBySide.value;
      void m.version.value;
      this.markSeen();
    });
    effect(() => {
      const you = m.youId.value;
      const read = m.lastRead.value;
      if (you && m.caughtUp.value) this.cache.saveRead(you, read);
    });
    document.addEventListener('visibilitychange', () => this.markSeen());
  }

  private snapshot() {
    const m = this.model;
    return { epoch: m.welcome.value?.epoch ?? null, lastSeq: m.timeline.lastSeq, youId: m.youId.value, events: [...m.timeline.all()] };
  }

  private saveNow(): void {
    if (this.model.linkProblem.value || !this.model.welcome.value) return;
    this.cache.save(() => this.snapshot());
  }
}
