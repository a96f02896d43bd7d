// Four pages (PROTOCOL.md §2 "Static pages"), each an entry; the server maps /, /join, /console
// and /r/<room>/ to them and serves /assets/<hashed name> with a long cache.
import { defineConfig } from 'vitest/config';

export default defineConfig({
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
