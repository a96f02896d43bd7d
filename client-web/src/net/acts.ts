// Steps of the procedure (`act` frames, PROTOCOL.md §6) waiting for their answer: `ack` with the
// event's seq (the event itself arrives just before), or `error` whose ref is the act's id, with a
// `rule` for wrong_phase and procedure. A step is not queued across a lost connection: the person
// sees it failed and decides again, since the case may have moved meanwhile.
import type { ActAction, ActArgs, ClientFrame, ServerAck, ServerError } from '../protocol/types';

const answerTimeoutMs = 20000;

export type ActOutcome = { ok: true; seq: number } | { ok: false; code: string; rule: string | null };

export class ActRequests {
  private waiting = new Map<string, (outcome: ActOutcome) => void>();

  /** send(frame) → false when there is no live connection to send it on. */
  constructor(
    private readonly send: (frame: ClientFrame) => boolean,
    private readonly newId: () => string = () => crypto.randomUUID(),
  ) {}

  request<A extends ActAction>(action: A, args: ActArgs[A]): Promise<ActOutcome> {
    const id = this.newId();
    return new Promise((resolve) => {
      if (!this.send({ type: 'act', id, action, args })) return resolve({ ok: false, code: 'network', rule: null });
      const timer = setTimeout(() => settle({ ok: false, code: 'network', rule: null }), answerTimeoutMs);
      const settle = (outcome: ActOutcome) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        resolve(outcome);
      };
      this.waiting.set(id, settle);
    });
  }

  /** True when the frame answered an act (so it is neither an outbox ack nor a general notice). */
  answer(frame: ServerAck | ServerError): boolean {
    const id = frame.type === 'ack' ? frame.id : frame.ref;
    const settle = id === null ? undefined : this.waiting.get(id);
    if (!settle) return false;
    settle(frame.type === 'ack' ? { ok: true, seq: frame.seq } : { ok: false, code: frame.code, rule: frame.rule ?? null });
    return true;
  }

  /** The connection is gone: no answer will come on it. */
  abandon(): void {
    for (const settle of [...this.waiting.values()]) settle({ ok: false, code: 'network', rule: null });
  }
}
