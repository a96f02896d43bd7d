// axe-core from npm, run in the page. page.evaluate goes through the DevTools protocol, so the page's
// CSP (no inline script) stays as it is for the test.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

const source = readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The serious and critical violations on the page, as readable lines (empty when there are none).
export async function accessibilityProblems(page) {
  await page.evaluate(await source);
  const results = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
