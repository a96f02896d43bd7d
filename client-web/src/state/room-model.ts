// The room as this browser knows it: what the server said (welcome, events, presence, typing,
// access) and what the person did (outbox, what they have read). Signals, so views re-render only
// where something they read changed. Only the room session writes here; views read.
import { batch, computed, signal } from '@preact/signals';
import type { ConnectionStatus } from '../net/connection';
import type { OutboxItem } from '../net/outbox';
import type { RecordStatus } from '../record/checkpoint-keeper';
import type { Case, Channel, Contact, Inviter, Person, RoomCreatedBody, ServerWelcome } from '../protocol/types';
import { sortChannels } from '../protocol/frames';
import { Timeline, type HeldEvent } from './timeline';
import { reduce } from './event-reducers';
import { actionOpen } from './phases';
import { emptyProcedure, noticeDone, type Procedure } from './procedure';
import { emptyAgreement, type Agreement } from './agreement';
import { emptyApplication, type ApplicationState } from './application';

export interface Typing {
  channel: Channel;
  participant: string;
  until: number;
}

/** Why the room cannot be entered any more: the link is dead, and whom to ask for a new one. */
export interface LinkProblem {
  /** recused: a mediator whose recusal was granted; the room is no longer theirs (PROTOCOL.md §6). */
  reason: 'unauthorized' | 'expired' | 'revoked' | 'ended' | 'recused';
  contact: Contact | null;
}

/** A refusal or failure worth telling the person, by code (see i18n error.*). */
export interface Notice {
  code: string;
  at: number;
}

export type ServerReach = 'ok' | 'unreachable';

/**
 * This device's signing key: unknown until looked up; none for those who do not sign (advisors,
 * observers) or in a closed case; unsupported without WebCrypto/IndexedDB; failed if making or
 * registering it failed; otherwise the fingerprint (whether it is registered or revoked, the
 * events say).
 */
export interface DeviceKeyState {
  state: 'unknown' | 'none' | 'unsupported' | 'failed' | 'ready';
  fingerprint: string | null;
}

export class RoomModel {
  readonly timeline = new Timeline();
  /** Bumped (once per frame at most) when the timeline changed. */
  readonly version = signal(0);
  readonly welcome = signal<ServerWelcome | null>(null);
  readonly caughtUp = signal(false);
  readonly connection = signal<ConnectionStatus>('connecting');
  readonly reach = signal<ServerReach>('ok');
  readonly linkProblem = signal<LinkProblem | null>(null);
  readonly people = signal<ReadonlyMap<string, Person>>(new Map());
  readonly online = signal<readonly Person[]>([]);
  readonly typing = signal<readonly Typing[]>([]);
  readonly advisorsInMain = signal<ReadonlySet<string>>(new Set());
  readonly caseInfo = signal<RoomCreatedBody | null>(null);
  /** The procedure's state as the server holds it (welcome.case, then each case frame). */
  readonly caseState = signal<Case | null>(null);
  /** What the visible events say of the procedure (state/procedure.ts). */
  readonly procedure = signal<Procedure>(emptyProcedure);
  /** Documents, the agreement's versions, keys, signatures and seal (state/agreement.ts). */
  readonly agreement = signal<Agreement>(emptyAgreement);
  /** The application for judicial confirmation and its confirmations (state/application.ts). */
  readonly application = signal<ApplicationState>(emptyApplication);
  /** This device's signing key for the room (agreement/device-key.ts), once looked up. */
  readonly deviceKey = signal<DeviceKeyState>({ state: 'unknown', fingerprint: null });
  readonly inviter = signal<Inviter | null>(null);
  readonly outbox = signal<readonly OutboxItem[]>([]);
  readonly record = signal<RecordStatus>({ latest: null, verifiedUpTo: null, problem: null });
  readonly lastRead = signal<Partial<Record<Channel, number>>>({});
  readonly notice = signal<Notice | null>(null);
  /** What the person looks at (tabs) or all readable channels at once (side by side). */
  readonly active = signal<Channel | null>(null);
  readonly sideBySide = signal(false);

  readonly youId = computed(() => this.welcome.value?.you.id ?? null);
  readonly readable = computed(() => sortChannels(this.welcome.value?.read ?? []));
  readonly writable = computed(() => new Set(this.welcome.value?.write ?? []));
  readonly maxText = computed(() => this.welcome.value?.limits.max_text ?? 4000);
  /** A closed case is read-only for everyone (PROTOCOL.md §6). */
  readonly closed = computed(() => this.caseState.value?.phase === 'closed');
  /**
   * Whether this person still has the notice of rights and duties to acknowledge: a party, in a
   * phase before agreement, once the replay has said whether they did already (null until then).
   */
  readonly noticeDue = computed(() => {
    const you = this.welcome.value?.you;
    const kase = this.caseState.value;
    if (!you || !kase || !this.caughtUp.value) return null;
    return you.role === 'party' && actionOpen('notice.acknowledge', kase.phase) && !noticeDone(this.procedure.value, you.id);
  });

  private versionQueued = false;


  /** Adds an event and applies what its kind changes. False when it was held already. */
  addEvent(event: HeldEvent): boolean {
    if (!this.timeline.add(event)) return false;
    if (!event.provisional) reduce(this, event);
    this.timelineChanged();
    return true;
  }

  clearTimeline(): void {
    batch(() => {
      this.timeline.clear();
      this.caseInfo.value = null;
      this.procedure.value = emptyProcedure;
      this.agreement.value = emptyAgreement;
      this.advisorsInMain.value = new Set();
      this.typing.value = [];
      this.timelineChanged();
    });
  }

  learnPerson(person: Person): void {
    const known = this.people.value.get(person.id);
    if (known && known.name === person.name && known.role === person.role && known.side === person.side) return;
    const next = new Map(this.people.value);
    next.set(person.id, { ...known, ...person });
    this.people.value = next;
  }

  setAdvisorInMain(id: string, inMain: boolean): void {
    const next = new Set(this.advisorsInMain.value);
    if (inMain) next.add(id);
    else next.delete(id);
    this.advisorsInMain.value = next;
  }

  startTyping(channel: Channel, participant: string, until: number): void {
    this.typing.value = [...this.typing.value.filter((t) => t.channel !== channel || t.participant !== participant), { channel, participant, until }];
  }

  stopTyping(channel: Channel, participant: string): void {
    if (this.typing.value.some((t) => t.channel === channel && t.participant === participant)) {
      this.typing.value = this.typing.value.filter((t) => t.channel !== channel || t.participant !== participant);
    }
  }

  expireTyping(now: number): void {
    if (this.typing.value.some((t) => t.until <= now)) this.typing.value = this.typing.value.filter((t) => t.until > now);
  }

  /** Messages by others in a channel after what the person has read. */
  unread(channel: Channel): number {
    const read = this.lastRead.value[channel] ?? -1;
    const you = this.youId.value;
    let count = 0;
    const list = this.timeline.channel(channel);
    for (let i = list.length - 1; i >= 0 && list[i]!.seq > read; i -= 1) {
      const e = list[i]!;
      if (e.header.kind === 'message' && e.header.actor !== you) count += 1;
    }
    return count;
  }

  /** The person has seen everything in these channels so far. */
  markRead(channels: readonly Channel[]): void {
    const next = { ...this.lastRead.value };
    let changed = false;
    for (const channel of channels) {
      const list = this.timeline.channel(channel);
      const last = list.length ? list[list.length - 1]!.seq : -1;
      const current = next[channel];
      if (current === undefined || current < last) {
        next[channel] = last;
        changed = true;
      }
    }
    if (changed) this.lastRead.value = next;
  }

  /** The replay is complete: show it now rather than at the next throttled render. */
  renderNow(): void {
    this.version.value += 1;
  }

  /**
   * Re-renders the timeline once per frame however many events arrive; during a replay at most
   * every 250 ms, since each render walks the channel (a 10,000-event replay would re-walk it for
   * every frame it takes).
   */
  private timelineChanged(): void {
    if (this.versionQueued) return;
    this.versionQueued = true;
    const bump = () => {
      this.versionQueued = false;
      this.version.value += 1;
    };
    const visible = typeof requestAnimationFrame === 'function' && typeof document !== 'undefined' && !document.hidden;
    if (visible && this.caughtUp.peek()) requestAnimationFrame(bump);
    else setTimeout(bump, visible ? 250 : 0);
  }
}
