import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ApiProcess } from './testing/api-process';

const run = promisify(execFile);

/**
 * tools/api-walkthrough.sh, the README's everyday flow in curl, against the API as `npm start` runs it (the
 * embedded default): every call it makes must answer as the script expects, so the bodies it shows stay true.
 */
describe('the API walkthrough (tools/api-walkthrough.sh)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'walkthrough-'));
  let api: ApiProcess;

  beforeAll(async () => {
    api = await ApiProcess.start({ DATA_DIR: dataDir, DATABASE_URL: '' });
  }, 90_000);
  afterAll(async () => {
    await api.terminate();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('runs from the case opened to the referral completed and the log verified', async () => {
    const { stdout } = await run('bash', ['tools/api-walkthrough.sh'], {
      env: { ...process.env, BASE: api.base },
      timeout: 60_000,
    });

    expect(stdout).toMatch(/^case [0-9a-f-]{36}$/m);
    expect(stdout).toMatch(/^referral [0-9a-f-]{36}$/m);
    // The counsellor's inbox names the person (he may read identity under the consent) ...
    expect(stdout).toContain('"participant":{"givenName":"Mara","familyName":"Beispiel"}');
    // ... but he cannot open the case, and the coach sees the loop closed.
    expect(stdout).toContain('GET /api/cases/{id} as emil.counsel: 404');
    expect(stdout).toMatch(/^completed$/m);
    expect(stdout).toMatch(/^[1-9][0-9]* entries for this case$/m);
    expect(stdout).toContain('true (the log verifies)');
  }, 90_000);
});
