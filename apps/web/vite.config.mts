import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

// V8 compiles every function of a file that starts with this comment eagerly, on a background thread while
// the file loads (Chromium 136+): the case page's code is then ready before the first click on a case,
// instead of being compiled on the main thread on its first use (docs/decisions.md).
const compileHints = (): Plugin => ({
  name: 'fallverbund-compile-hints',
  apply: 'build',
  enforce: 'post',
  // After writing: Vite puts its preload map at the top of the entry chunk after every plugin's
  // generateBundle, and the comment only counts as the file's first line.
  writeBundle(options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || !chunk.isEntry || options.dir === undefined) continue;
      const file = join(options.dir, chunk.fileName);
      writeFileSync(file, `//# allFunctionsCalledOnLoad\n${readFileSync(file, 'utf8')}`);
    }
  },
});

const root = fileURLToPath(new URL('.', import.meta.url));

// Built into dist/apps/web, which the API serves at / next to /api. The dev server proxies /api there.
export default defineConfig({
  root,
  base: '/',
  plugins: [react(), compileHints()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/web', import.meta.url)),
    emptyOutDir: true,
    reportCompressedSize: true,
  },
  server: {
    host: '127.0.0.1',
    port: 4200,
    strictPort: true,
    proxy: { '/api': { target: process.env['API_URL'] ?? 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: { host: '127.0.0.1', port: 4300 },
});
