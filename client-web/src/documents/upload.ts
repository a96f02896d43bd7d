// A resumable upload (PROTOCOL.md §7): create the upload, then PUT the file in chunks from the
// offset the server holds. A dropped connection (or a 5xx) is not the end: after a pause the upload
// asks the server where it stands (GET) and goes on from there; a 409 says the same in its body. The
// file is read one slice at a time, never whole. HTTP is behind an interface so this is tested
// without a network.
import type { Channel, Document, Upload } from '../protocol/types';

export interface Answer {
  /** 0 when the request never got an answer (network). */
  status: number;
  body: unknown;
}

export interface UploadHttp {
  create(body: { name: string; size: number; channel: Channel }): Promise<Answer>;
  put(id: string, offset: number, bytes: Blob): Promise<Answer>;
  show(id: string): Promise<Answer>;
  cancel(id: string): Promise<Answer>;
}

export interface UploadSource {
  name: string;
  size: number;
  slice(start: number, end: number): Blob;
}

export type UploadFailure =
  | 'too_large' // 413: over the server's limit
  | 'refused_type' // 415: a kind of file the server does not accept
  | 'forbidden' // 403: a channel this person may not write
  | 'closed' // 409 at creation: the case is closed
  | 'network' // no answer after every retry
  | 'unavailable' // the server could not store it
  | 'maybe_done' // the connection dropped on the last bytes and the upload is gone: see the documents list
  | 'cancelled'
  | 'unexpected';

export type UploadOutcome = { ok: true; document: Document } | { ok: false; reason: UploadFailure; type: string | null };

export interface UploadProgress {
  sent: number;
  size: number;
  /** resuming: the connection dropped; waiting, then asking the server where to go on from. */
  state: 'sending' | 'resuming';
}

export interface UploadOptions {
  chunkSize?: number;
  /** How many failures in a row before giving up. */
  retries?: number;
  /** Waits before a retry (attempt 1, 2, …); a timer in the browser, immediate in tests. */
  pause?: (attempt: number) => Promise<void>;
  onProgress?: (progress: UploadProgress) => void;
  signal?: AbortSignal;
}

/** The server takes at most 1 MiB per PUT; smaller chunks also move the progress bar more often. */
export const defaultChunkSize = 512 * 1024;

const backoffMs = (attempt: number) => Math.min(8000, 500 * 2 ** (attempt - 1));
export const timerPause = (attempt: number) => new Promise<void>((resolve) => setTimeout(resolve, backoffMs(attempt)));

const uploadIn = (body: unknown): Upload | null => {
  const u = (body as { upload?: Upload } | null)?.upload;
  return u && typeof u.id === 'string' && Number.isSafeInteger(u.offset) ? u : null;
};
const documentIn = (body: unknown): Document | null => {
  const d = (body as { document?: Document } | null)?.document;
  return d && typeof d.id === 'string' ? d : null;
};
const refusedType = (body: unknown): string | null => {
  const type = (body as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : null;
};
const failed = (reason: UploadFailure, type: string | null = null): UploadOutcome => ({ ok: false, reason, type });
const transient = (status: number) => status === 0 || status === 408 || status === 429 || status >= 500;

export async function uploadFile(http: UploadHttp, file: UploadSource, channel: Channel, options: UploadOptions = {}): Promise<UploadOutcome> {
  const chunkSize = options.chunkSize ?? defaultChunkSize;
  const retries = options.retries ?? 6;
  const pause = options.pause ?? timerPause;
  const progress = options.onProgress ?? (() => {});
  const aborted = () => options.signal?.aborted === true;

  let failures = 0;
  /** After a failure: false when it is time to give up. */
  const again = async (): Promise<boolean> => {
    failures += 1;
    if (failures > retries || aborted()) return false;
    await pause(failures);
    return !aborted();
  };

  let restarts = 0;
  for (;;) {
    // Create (again, when the server lost the upload, e.g. after it restarted).
    const made = await http.create({ name: file.name, size: file.size, channel });
    if (made.status === 413) return failed('too_large');
    if (made.status === 403) return failed('forbidden');
    if (made.status === 409) return failed('closed');
    let upload = made.status === 201 ? uploadIn(made.body) : null;
    if (!upload) {
      if (transient(made.status) && (await again())) continue;
      return failed(aborted() ? 'cancelled' : transient(made.status) ? 'network' : 'unexpected');
    }
    let offset = upload.offset;
    let state: UploadProgress['state'] = 'sending';
    progress({ sent: offset, size: file.size, state });
    let lost = false;
    while (!lost) {
      if (aborted()) {
        await http.cancel(upload.id);
        return failed('cancelled');
      }
      const end = Math.min(file.size, offset + chunkSize);
      const put = await http.put(upload.id, offset, file.slice(offset, end));
      if (put.status === 201) {
        const document = documentIn(put.body);
        if (!document) return failed('unexpected');
        progress({ sent: file.size, size: file.size, state: 'sending' });
        return { ok: true, document };
      }
      if (put.status === 200 || put.status === 409) {
        upload = uploadIn(put.body) ?? upload;
        // A 409 without the upload in it tells nothing new: ask.
        if (put.status === 200 || uploadIn(put.body)) {
          offset = upload.offset;
          if (put.status === 200) failures = 0;
          state = 'sending';
          progress({ sent: offset, size: file.size, state });
          continue;
        }
      }
      if (put.status === 415) return failed('refused_type', refusedType(put.body));
      if (put.status === 413) return failed('too_large');
      if (put.status === 404) {
        lost = true;
        continue;
      }
      if (!transient(put.status) && put.status !== 409) return failed(put.status === 403 ? 'forbidden' : 'unexpected');
      // Dropped: wait, then ask where the upload stands and go on from there.
      progress({ sent: offset, size: file.size, state: (state = 'resuming') });
      if (!(await again())) {
        if (aborted()) return failed('cancelled');
        return failed(transient(put.status) ? 'network' : 'unexpected');
      }
      const shown = await http.show(upload.id);
      if (shown.status === 200 && uploadIn(shown.body)) {
        upload = uploadIn(shown.body)!;
        offset = upload.offset;
        progress({ sent: offset, size: file.size, state });
      } else if (shown.status === 404) {
        // Gone: finished after all (the answer to the last bytes was lost), or the server restarted.
        if (end === file.size) return failed('maybe_done');
        lost = true;
      }
    }
    restarts += 1;
    if (restarts > 1) return failed('unexpected');
  }
}
