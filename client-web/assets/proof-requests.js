// Asks for inclusion and consistency proofs over the room's WebSocket. Answers arrive among the other
// frames and are matched by their fields. A refusal (`error` out_of_range, ref null) names no request;
// the server answers one connection's frames in order, so it answers the oldest still waiting.
const answerTimeoutMs = 15000;

export class ProofRequests {
  // send(frame) → false when there is no live connection to send it on.
  constructor(send) {
    this.send_ = send;
    this.waiting_ = []; // {matches(frame), settle(answer)}, oldest first
  }

  // Each resolves to the answer frame (`proof`/`consistency`, or the `error` refusing it), or null
  // when no answer came (offline, connection lost, timed out).
  inclusion(seq, size) {
    return this.ask_({ type: 'proof', seq, size }, (f) => f.type === 'proof' && f.seq === seq && f.size === size);
  }

  consistency(from, to) {
    return this.ask_({ type: 'consistency', from, to }, (f) => f.type === 'consistency' && f.from === from && f.to === to);
  }

  // Returns true when the frame answered a request (so it is not shown as a general error).
  answer(frame) {
    const refusal = frame.type === 'error' && frame.ref === null && frame.code === 'out_of_range';
    const request = refusal ? this.waiting_[0] : this.waiting_.find((r) => r.matches(frame));
    if (!request) return false;
    request.settle(frame);
    return true;
  }

  // The connection is gone: nothing asked on it will be answered.
  abandon() {
    for (const request of [...this.waiting_]) request.settle(null);
  }

  ask_(frame, matches) {
    return new Promise((resolve) => {
      if (!this.send_(frame)) return resolve(null);
      const request = {
        matches,
        settle: (answer) => {
          clearTimeout(timer);
          this.waiting_ = this.waiting_.filter((r) => r !== request);
          resolve(answer);
        },
      };
      const timer = setTimeout(() => request.settle(null), answerTimeoutMs);
      this.waiting_.push(request);
    });
  }
}
