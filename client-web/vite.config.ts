// Four pages (PROTOCOL.md §2 "Static pages"), each an entry; the server maps /, /join, /console
// and /r/<room>/ to them and serves /assets/<hashed name> with a long cache.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

// pdf.js fetches its character maps (Chinese PDFs whose fonts are not embedded) and standard fonts
// by name from one base URL. The server serves only flat /assets/<name>, so they go there as they
// are named in pdfjs-dist (no hash: pdf.js asks for the plain names).
function pdfjsData(): Plugin {
  const dirs = ['cmaps', 'standard_fonts'].map((d) => fileURLToPath(new URL(`./node_modules/pdfjs-dist/${d}/`, import.meta.url)));
  return {
    name: 'pdfjs-data',
    apply: 'build',
    generateBundle() {
      for (const dir of dirs)
        for (const name of readdirSync(dir))
          if (/^[A-Za-z0-9][A-Za-z0-9._-]*\.(bcmap|pfb|ttf)$/.test(name)) this.emitFile({ type: 'asset', fileName: `assets/${name}`, source: readFileSync(dir + name) });
    },
  };
}

export default defineConfig({
  plugins: [pdfjsData()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    // The CSP allows no inline script; the polyfill is not needed by the browsers we serve.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: { index: 'index.html', join: 'join.html', console: 'console.html', room: 'room.html' },
    },
  },
  test: { include: ['src/**/*.test.ts'], environment: 'node' },
});
