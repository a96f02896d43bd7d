// Every rule PROTOCOL.md §6 names and every error code of the schemas has words of its own, so a rule
// or code added to the contract fails here until the catalogue says it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'vitest';
import { errorKeys } from './errors';
import { refusalMessage, ruleKeys } from './refusals';
import { setLang } from './i18n';

const read = (path: string) => readFileSync(new URL(`../../../protocol/${path}`, import.meta.url), 'utf8');

/**
 * The rules of §6 on: the last column of each act table's rows (a row whose first cell is an action
 * name such as `draft.save`), and any "rule `x`" in the text; "(code)" marks a code.
 */
function protocolRules(): { rules: Set<string>; codes: Set<string> } {
  const section = read('PROTOCOL.md').split('## 6. The procedure')[1]!;
  const rules = new Set<string>();
  const codes = new Set<string>();
  for (const line of section.split('\n')) {
    if (!/^\| `[a-z]+\.[a-z_]+`/.test(line)) continue;
    const cells = line.split('|');
    // What is said in brackets explains a rule, except "(code)", which marks one as a code.
    const last = cells[cells.length - 2]!.replace(/\((?!code\))[^)]*\)/g, '');
    for (const m of last.matchAll(/`([a-z_]+)`( \(code\))?/g)) (m[2] ? codes : rules).add(m[1]!);
  }
  for (const m of section.matchAll(/rule `([a-z_]+)`/g)) rules.add(m[1]!);
  return { rules, codes };
}

function schemaCodes(path: string, pointer: (schema: any) => string[]): string[] {
  return pointer(JSON.parse(read(`schema/${path}`)));
}

test('PROTOCOL.md §6 on names rules, and each has a message of its own', () => {
  const { rules } = protocolRules();
  assert.ok(rules.size >= 10, `found only ${[...rules]}`);
  const missing = [...rules].filter((rule) => !(rule in ruleKeys));
  assert.deepEqual(missing, [], 'rules without a message');
});

/** The rules the server's act planner names (server/src/room/acts.cpp), when the source is there. */
function serverRules(): string[] {
  let source: string;
  try {
    source = readFileSync(new URL('../../../server/src/room/acts.cpp', import.meta.url), 'utf8');
  } catch {
    return [];
  }
  const named = [...source.matchAll(/procedure\("([a-z_]+)"/g), ...source.matchAll(/ActRefusal\{k\w+, "([a-z_]+)"/g)];
  return [...new Set(named.map((m) => m[1]!))];
}

test('every rule the server names has a message too', () => {
  assert.deepEqual(serverRules().filter((rule) => !(rule in ruleKeys)), []);
});

test('every error code of the schemas (and those §6 marks as codes) is said', () => {
  const codes = [
    ...schemaCodes('server/error.schema.json', (s) => s.properties.code.enum),
    ...schemaCodes('http/error.schema.json', (s) => s.properties.error.enum),
    ...protocolRules().codes,
  ];
  assert.deepEqual(codes.filter((code) => !(code in errorKeys)), []);
});

test('a rule explains a refusal and cites the article; an unknown rule falls back to its code', () => {
  setLang('zh-CN');
  assert.match(refusalMessage('procedure', 'notice_unacknowledged'), /告知书.*第十七条/);
  assert.match(refusalMessage('procedure', 'disclosure_missing'), /披露.*第十三条/);
  assert.equal(refusalMessage('wrong_phase', 'no_such_rule'), refusalMessage('wrong_phase', null));
  assert.match(refusalMessage('identity_unchecked', null), /核验您的身份后才能/);
  setLang('en');
  assert.match(refusalMessage('procedure', 'followup_missing'), /art\. 31/);
  setLang('zh-CN');
});
