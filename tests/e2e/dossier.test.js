// The printable dossier of a judicial-confirmation package (issue 10 item 2): the committed sample
// package's application/dossier.html, opened from the zip as a clerk would open it, printed to PDF
// by headless Chromium. Every page is A4, the page count fits its seven parts (cover, application,
// agreement, 调解笔录, evidence list, certificate, how to verify), nothing in the print layout is
// wider than the A4 text block, no block that must not split is taller than a page, and the file
// holds no script.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser } from './helpers/browser.js';
import { pdfPageCount, pdfPageSizes } from './helpers/samples.js';

const here = dirname(fileURLToPath(import.meta.url));
const samplePackage = join(here, '..', 'data', 'sample-confirmation-package.zip');
// A4 less the dossier's @page margins (16 mm left and right, 18 + 20 mm top and bottom), in CSS px.
const mm = 96 / 25.4;
const textWidth = (210 - 32) * mm;
const textHeight = (297 - 38) * mm;

let browser;
let dir;
let html;

before(async () => {
  html = execFileSync('unzip', ['-p', samplePackage, 'application/dossier.html']).toString('utf8');
  dir = await mkdtemp(join(tmpdir(), 'mr-dossier-'));
  await writeFile(join(dir, 'dossier.html'), html);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('the dossier holds no script and numbers its pages', () => {
  assert.doesNotMatch(html, /<script/i);
  assert.doesNotMatch(html, /javascript:/i);
  assert.match(html, /@page\s*\{[^}]*size:\s*A4/);
  assert.match(html, /counter\(page\)/);
});

test('it prints on A4 pages, each part from a new page, nothing wider than the text block', async () => {
  const context = await browser.newContext({ viewport: { width: Math.floor(textWidth), height: Math.floor(textHeight) }, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(dir, 'dossier.html')).href);
  await page.emulateMedia({ media: 'print' });

  // The print layout's boxes: nothing reaches past the right edge of the text block.
  const layout = await page.evaluate(([width, height]) => {
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      const box = el.getBoundingClientRect();
      if (box.width > 0 && box.right > width + 1) wide.push(`${el.tagName.toLowerCase()}.${el.className} ${Math.round(box.right)}px`);
    }
    const tall = [];
    for (const el of document.querySelectorAll('tr, .seal, .signer, .undertaking, .item')) {
      const box = el.getBoundingClientRect();
      if (box.height > height) tall.push(`${el.tagName.toLowerCase()} ${Math.round(box.height)}px`);
    }
    const parts = [...document.querySelectorAll('section')].map((s) => s.dataset.doc || s.id || s.className);
    return { wide, tall, scrollWidth: document.documentElement.scrollWidth, parts };
  }, [textWidth, textHeight]);
  assert.deepEqual(layout.wide, [], 'elements wider than the A4 text block');
  assert.deepEqual(layout.tall, [], 'unsplittable blocks taller than a page');
  assert.ok(layout.scrollWidth <= Math.ceil(textWidth), `the layout is ${layout.scrollWidth}px wide`);
  assert.deepEqual(layout.parts, ['cover', 'application', 'agreement', 'transcript', 'evidence', 'certificate', 'verify']);

  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pages = pdfPageCount(pdf);
  const sizes = pdfPageSizes(pdf);
  assert.ok(pages >= 7 && pages <= 20, `${pages} pages for seven parts`);
  assert.equal(sizes.length, pages);
  for (const { width, height } of sizes) {
    assert.ok(Math.abs(width - 595.28) < 2 && Math.abs(height - 841.89) < 2, `a page of ${width}×${height} pt is not A4`);
  }
  await context.close();
});
