// Issue 12 item 11: protocol/schema gives every client frame of the shared corpus the verdict
// recorded there, which tests/unit/protocol/contract_test.cpp holds the server to. No browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadSchemas, frameProblems, httpProblems } from './helpers/schemas.js';

const corpus = JSON.parse(
  readFileSync(new URL('../data/contract/client_frames.json', import.meta.url), 'utf8'),
);

test('the schemas give every frame of the corpus its recorded verdict', () => {
  const ajv = loadSchemas();
  for (const { name, frame, valid } of corpus.frames) {
    const problems = frameProblems(ajv, 'client', frame);
    assert.equal(problems.length === 0, valid, `${name}: ${problems.join('; ') || 'accepted'}`);
  }
});

test('a room may be created without parties, as the server and PROTOCOL.md allow', () => {
  const ajv = loadSchemas();
  assert.deepEqual(httpProblems(ajv, 'room-create.request', { title: '案件', field: '其他' }), []);
  assert.deepEqual(
    httpProblems(ajv, 'room-create.request', { title: '案件', field: '其他', parties: [] }),
    [],
  );
});
