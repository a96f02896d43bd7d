// What the browser's own check of the record can find wrong; each is shown as the red warning.
// `behind`: the server's record is shorter than what this browser was shown (a rolled-back store).
export type RecordProblemCode = 'bad_signature' | 'key_changed' | 'rewritten' | 'not_included' | 'unproven' | 'behind';

export class RecordProblem extends Error {
  constructor(readonly code: RecordProblemCode) {
    super(`record check failed: ${code}`);
  }
}
