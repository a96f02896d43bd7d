// Every key in both languages, none empty, and the same placeholders in each.
import assert from 'node:assert/strict';
import { test } from 'vitest';
import { catalogues, languages, zhCN } from './catalogue';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every language has every key, with the same placeholders', () => {
  const keys = Object.keys(zhCN).sort();
  for (const lang of languages) {
    const catalogue = catalogues[lang] as Record<string, string>;
    assert.deepEqual(Object.keys(catalogue).sort(), keys, lang);
    for (const key of keys) {
      assert.ok(catalogue[key]!.trim().length > 0, `${lang} ${key} is empty`);
      assert.deepEqual(placeholders(catalogue[key]!), placeholders((zhCN as Record<string, string>)[key]!), `${lang} ${key}`);
    }
  }
});
