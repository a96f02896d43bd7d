// Asks for inclusion and consistency proofs over the room's WebSocket. Answers arrive among the other
// frames and are matched by their fields. A refusal (`error` out_of_range, ref null) names no request;
// the server answers one connection's frames in order, so it answers the oldest still waiting.
import type { ServerConsistency, ServerError, ServerProof, ClientFrame } from '../protocol/types';

const answerTimeoutMs = 15000;

export type ProofAnswer<T> = T | ServerError | null;

interface Waiting {
  matches(frame: ServerProof | ServerConsistency): boolean;
  settle(answer: ServerProof | ServerConsistency | ServerError | null): void;
}

export class ProofRequests {
  private waiting: Waiting[] = [];

  /** send(frame) → false when there is no live connection to send it on. */
  constructor(private readonly send: (frame: ClientFrame) => boolean) {}

  /** Resolves to the answer, the error refusing it, or null when no answer came (offline, timed out). */
  inclusion(seq: number, size: number): Promise<ProofAnswer<ServerProof>> {
    return this.ask({ type: 'proof', seq, size }, (f) => f.type === 'proof' && f.seq === seq && f.size === size) as Promise<
      ProofAnswer<ServerProof>
    >;
  }

  consistency(from: number, to: number): Promise<ProofAnswer<ServerConsistency>> {
    return this.ask({ type: 'consistency', from, to }, (f) => f.type === 'consistency' && f.from === from && f.to === to) as Promise<
      ProofAnswer<ServerConsistency>
    >;
  }

  /** Returns true when the frame answered a request (so it is not shown as a general error). */
  answer(frame: ServerProof | ServerConsistency | ServerError): boolean {
    const request =
      frame.type === 'error'
        ? frame.ref === null && frame.code === 'out_of_range'
          ? this.waiting[0]
          : undefined
        : this.waiting.find((r) => r.matches(frame));
    if (!request) return false;
    request.settle(frame);
    return true;
  }

  /** The connection is gone: nothing asked on it will be answered. */
  abandon(): void {
    for (const request of [...this.waiting]) request.settle(null);
  }

  private ask(frame: ClientFrame, matches: Waiting['matches']): Promise<ServerProof | ServerConsistency | ServerError | null> {
    return new Promise((resolve) => {
      if (!this.send(frame)) return resolve(null);
      const request: Waiting = {
        matches,
        settle: (answer) => {
          clearTimeout(timer);
          this.waiting = this.waiting.filter((r) => r !== request);
          resolve(answer);
        },
      };
      const timer = setTimeout(() => request.settle(null), answerTimeoutMs);
      this.waiting.push(request);
    });
  }
}
