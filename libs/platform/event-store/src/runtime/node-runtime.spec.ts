import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

// The project runs on the Node.js major named in .nvmrc, brought by the `node` devDependency
// (node_modules/.bin/node first on the PATH of npm scripts). This runs inside a jest worker, where the
// code under test runs: a suite started with the machine's older Node (e.g. node_modules/.bin/jest
// called directly) fails here instead of passing on a runtime the project does not support.
const expectedMajor = Number(readFileSync(join(__dirname, '../../../../../.nvmrc'), 'utf8').trim());

describe('Node.js runtime', () => {
  it(`is Node ${expectedMajor} (from .nvmrc)`, () => {
    expect(Number(process.versions.node.split('.')[0])).toBe(expectedMajor);
  });

  it('loads better-sqlite3 (its N-API prebuild) on this Node', () => {
    const db = new Database(':memory:');
    const row = db.prepare('select sqlite_version() as v').get() as { v: string };
    expect(row.v).toMatch(/^3\./);
    db.close();
  });
});
