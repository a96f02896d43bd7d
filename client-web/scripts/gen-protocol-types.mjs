// Generates src/protocol/generated.ts from protocol/schema/** (json-schema-to-typescript), so that a
// schema change the client does not handle fails `tsc --noEmit`. Runs before every type check,
// test and build; the output is git-ignored.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from 'json-schema-to-typescript';

const schemaRoot = fileURLToPath(new URL('../../protocol/schema/', import.meta.url));
const output = fileURLToPath(new URL('../src/protocol/generated.ts', import.meta.url));
const base = 'https://mediation-room.example/schema/';

const pascal = (text) =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join('');

function schemaFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return schemaFiles(path);
    return name.endsWith('.schema.json') ? [path] : [];
  });
}

// The TypeScript name of a file's root type: server/welcome → ServerWelcome, client/send →
// ClientSend, http/join.response → JoinResponse (http/error → HttpError).
function rootName(path) {
  const [dir, file] = path.includes('/') ? path.split('/') : ['', path];
  const stem = file.replace('.schema.json', '');
  if (!dir) return pascal(stem);
  if (dir === 'http') return stem === 'error' ? 'HttpError' : pascal(stem);
  return pascal(`${dir} ${stem}`);
}

// if/then/else only narrow what the members already allow (a party's side, an event's body by
// kind); the generator cannot express them, so they go and the event bodies are typed below.
function dropConditions(node) {
  if (Array.isArray(node)) return node.forEach(dropConditions);
  if (!node || typeof node !== 'object') return;
  for (const key of ['if', 'then', 'else']) delete node[key];
  if (Array.isArray(node.allOf) && node.allOf.length === 0) delete node.allOf;
  for (const value of Object.values(node)) dropConditions(value);
}

const schemas = new Map(); // relative path → schema, titled for the generator
const eventBodies = []; // [kind, TypeScript name of its body]
const actArgs = []; // [action, TypeScript name of its args, $defs name]
for (const file of schemaFiles(schemaRoot).sort()) {
  const path = relative(schemaRoot, file);
  const schema = JSON.parse(readFileSync(file, 'utf8'));
  if (schema.$id !== base + path) throw new Error(`${path}: $id should be ${base + path}`);
  schema.title = rootName(path);
  delete schema.description;
  if (path === 'server/event.schema.json') {
    for (const branch of schema.allOf ?? []) {
      const kind = branch.if.$ref.split('/').pop();
      const def = branch.then.properties.body.$ref.split('/').pop();
      eventBodies.push([kind, `${pascal(def)}Body`, def]);
    }
    delete schema.allOf;
    delete schema.$defs.kind_is;
    for (const [name, def] of Object.entries(schema.$defs)) {
      def.title = eventBodies.some(([, t]) => t === `${pascal(name)}Body`) ? `${pascal(name)}Body` : `Event${pascal(name)}`;
    }
    schema.$defs.person.title = 'Person';
  }
  // Each action's args (client/act.schema.json, its oneOf), typed by action name like the bodies.
  if (path === 'client/act.schema.json') {
    for (const [action, def] of Object.entries(schema.$defs)) {
      def.title = `${pascal(action)}Args`;
      actArgs.push([action, def.title, action]);
    }
    delete schema.oneOf;
  }
  if (path === 'common.schema.json') {
    for (const [name, def] of Object.entries(schema.$defs)) def.title = pascal(name);
  }
  dropConditions(schema);
  schemas.set(path, schema);
}

const root = {
  $id: `${base}protocol`,
  title: 'Protocol',
  type: 'object',
  additionalProperties: false,
  properties: Object.fromEntries([
    ...[...schemas.keys()].filter((p) => p.includes('/')).map((path) => [rootName(path), { $ref: path }]),
    // The bodies are referenced only from the conditions dropped above.
    ...eventBodies.map(([, type, def]) => [type, { $ref: `server/event.schema.json#/$defs/${def}` }]),
    ...actArgs.map(([, type, def]) => [type, { $ref: `client/act.schema.json#/$defs/${def}` }]),
  ]),
};

const inMemory = {
  order: 1,
  canRead: (file) => file.url.startsWith(base),
  read: (file) => JSON.stringify(schemas.get(file.url.slice(base.length).replace(/#.*$/, ''))),
};

let ts = await compile(root, 'Protocol', {
  bannerComment: '',
  cwd: base,
  additionalProperties: false,
  strictIndexSignatures: true,
  unknownAny: true,
  format: false,
  // Bounds on an array's length are checked by the server and the schema; as types they would
  // become unions of tuples (a list of at most 20 parties, 20 tuple types).
  maxItems: -1,
  $refOptions: { resolve: { file: false, http: false, memory: inMemory } },
});
// The container type exists only to make every schema reachable.
ts = ts.replace(/export interface Protocol \{[\s\S]*?\n\}\n/, '');

const serverFrames = [...schemas.keys()].filter((p) => p.startsWith('server/')).map(rootName);
const clientFrames = [...schemas.keys()].filter((p) => p.startsWith('client/')).map(rootName);

const extra = `
/** Every frame the server may send (PROTOCOL.md §4), discriminated by \`type\`. */
export type ServerFrame = ${serverFrames.join(' | ')};
/** Every frame a client may send. */
export type ClientFrame = ${clientFrames.join(' | ')};
/** The body of each event kind (server/event.schema.json, its allOf). */
export interface EventBodies {
${eventBodies.map(([kind, type]) => `  ${JSON.stringify(kind)}: ${type};`).join('\n')}
}
export type EventKind = keyof EventBodies;
/** An event frame whose header and body are those of one kind. */
export type EventOf<K extends EventKind> = Omit<ServerEvent, 'header' | 'body'> & {
  header: EventHeader & { kind: K };
  body: EventBodies[K];
};
export type AnyEvent = { [K in EventKind]: EventOf<K> }[EventKind];
/** The args of each action of the procedure (client/act.schema.json, its oneOf). */
export interface ActArgs {
${actArgs.map(([action, type]) => `  ${JSON.stringify(action)}: ${type};`).join('\n')}
}
export type ActAction = keyof ActArgs;
`;

mkdirSync(fileURLToPath(new URL('../src/protocol/', import.meta.url)), { recursive: true });
writeFileSync(output, `// Generated by scripts/gen-protocol-types.mjs from protocol/schema/**. Do not edit.\n/* eslint-disable */\n${ts}${extra}`);
