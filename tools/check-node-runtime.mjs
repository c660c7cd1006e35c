// Run by `postinstall` (npm install and npm ci). The project runs on the Node.js that the `node`
// devDependency brings: its `node` is node_modules/.bin/node, first on the PATH of every npm script,
// although npm itself may run under the machine's older Node. This checks, once per install, that the
// packaged Node is the major named in .nvmrc and that the native modules load under it. better-sqlite3
// (13, node-addon-api) ships N-API prebuilds, so nothing is compiled and nothing depends on which Node
// ran npm; see docs/decisions.md, "Node.js 24 from the npm registry (issue 16)".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../', import.meta.url).pathname;
const packagedNode = join(root, 'node_modules/.bin/node');
const expectedMajor = readFileSync(join(root, '.nvmrc'), 'utf8').trim();
const probe = [
  "const Database = require('better-sqlite3');",
  "const db = new Database(':memory:'); db.prepare('select 1').get(); db.close();",
  'process.stdout.write(process.version);',
].join(' ');

const fail = (message) => {
  console.error(`check-node-runtime: ${message}`);
  process.exit(1);
};

if (!existsSync(packagedNode)) fail('node_modules/.bin/node is missing (the `node` devDependency did not install)');
const result = spawnSync(packagedNode, ['-e', probe], { cwd: root, encoding: 'utf8' });
if (result.status !== 0) fail(`better-sqlite3 does not load under ${packagedNode}:\n${result.stderr}`);
const version = result.stdout.trim();
if (version.split('.')[0] !== `v${expectedMajor}`)
  fail(`node_modules/.bin/node is ${version}, .nvmrc says ${expectedMajor}`);
const npmNode = /node\/(v[\d.]+)/.exec(process.env.npm_config_user_agent ?? '')?.[1];
console.log(
  `check-node-runtime: npm scripts run on Node ${version} (node_modules/.bin/node); better-sqlite3 loads` +
    (npmNode ? `; npm itself runs on Node ${npmNode}` : ''),
);
