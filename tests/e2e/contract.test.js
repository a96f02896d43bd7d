// Issue 12 item 11: protocol/schema gives every client frame of the shared corpus the verdict
// recorded there, which tests/unit/protocol/contract_test.cpp holds the server to. No browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
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

const requests = JSON.parse(
  readFileSync(new URL('../data/contract/http_requests.json', import.meta.url), 'utf8'),
);

// The same corpus tests/unit/api/request_contract_test.cpp holds the server's readers to.
test('the schemas give every HTTP request body of the corpus its recorded verdict', () => {
  const ajv = loadSchemas();
  for (const { name, schema, body, valid } of requests.bodies) {
    const problems = httpProblems(ajv, schema, body);
    assert.equal(problems.length === 0, valid, `${name}: ${problems.join('; ') || 'accepted'}`);
  }
});

// Every request schema of protocol/schema/http is fed by the corpus, so none goes unchecked.
test('every HTTP request schema has bodies in the corpus', () => {
  const named = new Set(requests.bodies.map((b) => b.schema));
  const files = readdirSync(new URL('../../protocol/schema/http/', import.meta.url))
    .filter((f) => f.endsWith('.request.schema.json') || f.endsWith('.query.schema.json'))
    .map((f) => f.replace('.schema.json', ''));
  assert.deepEqual([...named].sort(), files.sort());
});
