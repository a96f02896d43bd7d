// Trust on first use of the server's checkpoint keys.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import type { KeysResponse } from '../protocol/types';
import { RecordProblem } from './record-problem';
import { ServerKeys } from './server-keys';
import { memoryStorage } from '../storage';
import { bytesToHex, keyId, sha256 } from './verify';

async function listing(name: string, seed: number): Promise<KeysResponse> {
  const raw = Uint8Array.from({ length: 32 }, (_, i) => (i * 7 + seed) % 256);
  return {
    keys: [
      {
        name,
        key_id: bytesToHex(await keyId(name, raw)),
        public_key: btoa(String.fromCharCode(...raw)),
        fingerprint: bytesToHex(await sha256(raw)),
        valid_from_ms: 0,
        valid_until_ms: null,
      },
    ],
  };
}

const answer = (data: KeysResponse) => async () => ({ ok: true as const, status: 200, data });

test('the first listing is trusted and pinned; the same key later is accepted', async () => {
  const storage = memoryStorage();
  const first = await new ServerKeys(storage, answer(await listing('s/key-1', 1))).get();
  assert.equal(first?.length, 1);
  const again = await new ServerKeys(storage, answer(await listing('s/key-1', 1))).get();
  assert.equal(again?.[0]?.fingerprint, first?.[0]?.fingerprint);
});

test('a remembered name with another key is a changed key', async () => {
  const storage = memoryStorage();
  await new ServerKeys(storage, answer(await listing('s/key-1', 1))).get();
  await assert.rejects(new ServerKeys(storage, answer(await listing('s/key-1', 2))).get(), (e: unknown) => e instanceof RecordProblem && e.code === 'key_changed');
});

test('an entry whose fingerprint does not recompute is left out; a failed request is asked again', async () => {
  const bad = await listing('s/key-1', 1);
  bad.keys[0]!.fingerprint = '0'.repeat(64);
  assert.deepEqual(await new ServerKeys(memoryStorage(), answer(bad)).get(), []);
  let calls = 0;
  const keys = new ServerKeys(memoryStorage(), async () => (calls++ === 0 ? { ok: false as const, status: 0, error: 'network' as const, contact: null } : { ok: true as const, status: 200, data: bad }));
  assert.equal(await keys.get(), null);
  assert.deepEqual(await keys.get(), []);
});
