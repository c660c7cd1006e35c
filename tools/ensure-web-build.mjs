// Called by `npm start`: builds the web workspace (dist/apps/web) when it is missing or older than any
// file under apps/web, so that a fresh clone serves the UI after `npm install && npm start`.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const sources = join(root, 'apps/web');
const built = join(root, 'dist/apps/web/index.html');

const newest = (dir) =>
  readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newest(path) : statSync(path).mtimeMs;
    return Math.max(latest, time);
  }, 0);

if (!existsSync(built) || statSync(built).mtimeMs < newest(sources)) {
  console.log('Building the web workspace (dist/apps/web) …');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'apps/web/vite.config.mts'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
} else {
  console.log('dist/apps/web is up to date');
}
