// Loads protocol/schema into one Ajv instance so relative $refs resolve offline.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020 from 'ajv/dist/2020.js';

export const schemaRoot = fileURLToPath(new URL('../../../protocol/schema/', import.meta.url));
const base = 'https://mediation-room.example/schema/';

function schemaFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return schemaFiles(path);
    return name.endsWith('.schema.json') ? [path] : [];
  });
}

export function loadSchemas() {
  // strictTypes off: if/then branches test properties without repeating type, as 2020-12 allows.
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
  for (const path of schemaFiles(schemaRoot)) {
    const schema = JSON.parse(readFileSync(path, 'utf8'));
    const expected = base + relative(schemaRoot, path);
    if (schema.$id !== expected) throw new Error(`${path}: $id should be ${expected}`);
    ajv.addSchema(schema);
  }
  return ajv;
}

// Returns a list of problems (empty when valid) for a frame in one direction.
export function frameProblems(ajv, direction, frame) {
  const type = frame && typeof frame === 'object' ? frame.type : undefined;
  if (typeof type !== 'string') return ['frame has no string type'];
  const validate = ajv.getSchema(`${base}${direction}/${type}.schema.json`);
  if (!validate) return [`no schema for ${direction} frame type ${type}`];
  if (validate(frame)) return [];
  return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

// Validates an HTTP body against http/<name>.schema.json.
export function httpProblems(ajv, name, body) {
  const validate = ajv.getSchema(`${base}http/${name}.schema.json`);
  if (!validate) return [`no schema http/${name}`];
  if (validate(body)) return [];
  return validate.errors.map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}
