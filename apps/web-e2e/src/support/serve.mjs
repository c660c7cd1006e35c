// The fresh embedded instance the browser tests run against (playwright.config.ts, webServer): builds the web
// workspace into dist/web-e2e/web when it is missing or older than apps/web (a folder of its own, so that a
// build elsewhere cannot empty it under a running test), then starts the API on E2E_PORT with a new temporary
// DATA_DIR, serving that build. SIGTERM/SIGINT stop the API and remove the data.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../../../../', import.meta.url).pathname;
const webDir = join(root, 'dist/web-e2e/web');
const index = join(webDir, 'index.html');

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }, 0);

if (!existsSync(index) || statSync(index).mtimeMs < newest(join(root, 'apps/web'))) {
  console.error('[e2e] building the web workspace into dist/web-e2e/web');
  execFileSync(
    process.execPath,
    [
      join(root, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'apps/web/vite.config.mts',
      '--outDir',
      webDir,
      '--emptyOutDir',
      '--manifest',
      '--logLevel',
      'warn',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

const dataDir = mkdtempSync(join(tmpdir(), 'fallverbund-e2e-'));
const port = process.env.E2E_PORT ?? '3115';
const api = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
  cwd: root,
  stdio: ['ignore', 'inherit', 'inherit'],
  env: { ...process.env, PORT: port, HOST: '127.0.0.1', DATA_DIR: dataDir, WEB_DIR: webDir, PROFILE: 'embedded' },
});
console.error(`[e2e] API on 127.0.0.1:${port}, DATA_DIR ${dataDir}`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  api.kill('SIGTERM');
};
api.on('exit', (code, signal) => {
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(stopping ? 0 : (code ?? (signal ? 1 : 0)));
});
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
