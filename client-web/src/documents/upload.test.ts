// The upload's resume logic against a scripted server: chunks from the server's offset, a dropped
// connection resumed from where the server says (GET), a 409 that names the offset, the refusals.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { Answer, UploadHttp, UploadProgress } from './upload';
import { uploadFile } from './upload';

const size = 2500;
const file = { name: '收据.pdf', size, slice: (a: number, b: number) => new Blob([new Uint8Array(b - a)]) };
const upload = (offset: number) => ({ upload: { id: 'u0123456789abcdef', name: file.name, size, offset, channel: 'main' } });
const document = { document: { id: 'd0123456789ab', name: file.name, size, type: 'application/pdf', sha256: 'a'.repeat(64), channel: 'main', uploader: 'b00000000001', seq: 9 } };

/** A server holding the upload's offset; `drop(n)` makes the n-th PUT fail without an answer (after storing or not). */
function server(options: { dropPut?: number[]; stored?: boolean; createStatus?: number; refuseAt?: number } = {}) {
  let offset = 0;
  let puts = 0;
  const log: string[] = [];
  const http: UploadHttp = {
    async create() {
      log.push('POST');
      if (options.createStatus) return { status: options.createStatus, body: { error: 'x' } };
      return { status: 201, body: upload(0) };
    },
    async put(_id, at, bytes): Promise<Answer> {
      puts += 1;
      log.push(`PUT ${at}+${bytes.size}`);
      if (at !== offset) return { status: 409, body: { error: 'conflict', upload: upload(offset).upload } };
      if (options.refuseAt === puts) return { status: 415, body: { error: 'refused_type', type: 'application/x-dosexec' } };
      const dropped = options.dropPut?.includes(puts);
      if (!dropped || options.stored) offset += bytes.size;
      if (dropped) return { status: 0, body: null };
      return offset === size ? { status: 201, body: document } : { status: 200, body: upload(offset) };
    },
    async show() {
      log.push(`GET ${offset}`);
      return { status: 200, body: upload(offset) };
    },
    async cancel() {
      log.push('DELETE');
      return { status: 204, body: null };
    },
  };
  return { http, log };
}

const noPause = async () => {};

test('the file goes in chunks, the progress follows the server\'s offset', async () => {
  const { http, log } = server();
  const seen: UploadProgress[] = [];
  const outcome = await uploadFile(http, file, 'main', { chunkSize: 1000, pause: noPause, onProgress: (p) => seen.push(p) });
  assert.deepEqual(outcome, { ok: true, document: document.document });
  assert.deepEqual(log, ['POST', 'PUT 0+1000', 'PUT 1000+1000', 'PUT 2000+500']);
  assert.deepEqual(seen.map((p) => p.sent), [0, 1000, 2000, 2500]);
});

test('a dropped connection is resumed from the offset the server holds (bytes stored)', async () => {
  const { http, log } = server({ dropPut: [2], stored: true });
  const seen: UploadProgress[] = [];
  const outcome = await uploadFile(http, file, 'main', { chunkSize: 1000, pause: noPause, onProgress: (p) => seen.push(p) });
  assert.equal(outcome.ok, true);
  assert.deepEqual(log, ['POST', 'PUT 0+1000', 'PUT 1000+1000', 'GET 2000', 'PUT 2000+500']);
  assert.ok(seen.some((p) => p.state === 'resuming' && p.sent === 1000));
});

test('a dropped connection is resumed from the offset the server holds (bytes lost)', async () => {
  const { http, log } = server({ dropPut: [2, 3] });
  const outcome = await uploadFile(http, file, 'main', { chunkSize: 1000, pause: noPause });
  assert.equal(outcome.ok, true);
  assert.deepEqual(log, ['POST', 'PUT 0+1000', 'PUT 1000+1000', 'GET 1000', 'PUT 1000+1000', 'GET 1000', 'PUT 1000+1000', 'PUT 2000+500']);
});

test('a 409 names the offset to go on from', async () => {
  const { http, log } = server();
  let first = true;
  const skewed: UploadHttp = { ...http, put: (id, at, bytes) => (first ? ((first = false), http.put(id, 500, bytes)) : http.put(id, at, bytes)) };
  const outcome = await uploadFile(skewed, file, 'main', { chunkSize: 1000, pause: noPause });
  assert.equal(outcome.ok, true);
  assert.deepEqual(log, ['POST', 'PUT 500+1000', 'PUT 0+1000', 'PUT 1000+1000', 'PUT 2000+500']);
});

test('it gives up after the retries, and says so', async () => {
  const { http } = server({ dropPut: [1, 2, 3, 4] });
  const outcome = await uploadFile(http, file, 'main', { chunkSize: 1000, pause: noPause, retries: 3 });
  assert.deepEqual(outcome, { ok: false, reason: 'network', type: null });
});

test('the refusals are told apart: too large, refused type, forbidden', async () => {
  assert.deepEqual(await uploadFile(server({ createStatus: 413 }).http, file, 'main', { pause: noPause }), { ok: false, reason: 'too_large', type: null });
  assert.deepEqual(await uploadFile(server({ createStatus: 403 }).http, file, 'main', { pause: noPause }), { ok: false, reason: 'forbidden', type: null });
  assert.deepEqual(await uploadFile(server({ refuseAt: 3 }).http, file, 'main', { chunkSize: 1000, pause: noPause }), { ok: false, reason: 'refused_type', type: 'application/x-dosexec' });
});

test('a cancelled upload is deleted on the server', async () => {
  const { http, log } = server();
  const abort = new AbortController();
  const outcome = await uploadFile(http, file, 'main', { chunkSize: 1000, pause: noPause, signal: abort.signal, onProgress: (p) => p.sent >= 1000 && abort.abort() });
  assert.deepEqual(outcome, { ok: false, reason: 'cancelled', type: null });
  assert.equal(log.at(-1), 'DELETE');
});
