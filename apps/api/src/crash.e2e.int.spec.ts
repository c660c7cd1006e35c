import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CaseSummary, openPersistence, type PersistenceConfig } from '@fallverbund/cases-application';
import { describeWithPostgres, freePort, sleep, tempDir, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { readLog } from './testing/read-log';

const root = join(__dirname, '../../..');

interface Running {
  process: ChildProcess;
  base: string;
}

const startApi = async (env: Record<string, string>): Promise<Running> => {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
    cwd: root,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited: ${stderr}`);
    if (Date.now() > deadline) throw new Error(`the API did not start: ${stderr}`);
    const up = await fetch(`${base}/api/docs-json`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) return { process: child, base };
    await sleep(200);
  }
};

const tokenFor = async (base: string, userId: string): Promise<string> => {
  const response = await fetch(`${base}/api/dev/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ userId }),
  });
  return ((await response.json()) as { accessToken: string }).accessToken;
};

const headers = (token: string) => ({
  authorization: `Bearer ${token}`,
  'x-purpose': 'integration',
  'content-type': 'application/json',
});

const newerPosition = (current: string | null, answered: string | null): string | null => {
  if (!answered) return current;
  if (!current) return answered;
  const [c1, p1] = current.split('/').map(BigInt) as [bigint, bigint];
  const [c2, p2] = answered.split('/').map(BigInt) as [bigint, bigint];
  return c2 > c1 || (c2 === c1 && p2 > p1) ? answered : current;
};

const killed = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

/**
 * SIGKILL in the middle of a stream of appends: every case the API acknowledged (201) is still there
 * after a restart, and the read models catch up with everything in the log.
 */
const crashScenario = (
  profile: string,
  setup: () => Promise<{ env: Record<string, string>; persistence: PersistenceConfig; cleanup(): Promise<void> }>,
) =>
  it(`keeps every acknowledged append across a SIGKILL (${profile})`, async () => {
    const { env, persistence, cleanup } = await setup();
    try {
      const first = await startApi(env);
      const token = await tokenFor(first.base, 'anna.coach');
      const acknowledged: string[] = [];
      // As a client that retries on another instance does, the reads carry the newest log position
      // answered: the new instance's read models may still be catching up when it starts listening.
      let newest: string | null = null;
      let stop = false;
      const writer = async (): Promise<void> => {
        while (!stop) {
          const response = await fetch(`${first.base}/api/cases`, {
            method: 'POST',
            headers: headers(token),
            body: JSON.stringify({ participant: { givenName: 'Kai', familyName: `Absturz`, birthDate: '1991-01-01' } }),
          }).catch(() => undefined);
          if (response?.status === 201) {
            acknowledged.push(((await response.json()) as { id: string }).id);
            newest = newerPosition(newest, response.headers.get('fallverbund-log-position'));
          } else if (response) throw new Error(`unexpected ${response.status}`);
        }
      };
      const writers = Array.from({ length: 4 }, writer);
      while (acknowledged.length < 60) await sleep(20);
      await killed(first.process);
      stop = true;
      await Promise.all(writers);

      expect(newest).not.toBeNull();
      const second = await startApi(env);
      try {
        const token2 = await tokenFor(second.base, 'anna.coach');
        for (const id of acknowledged) {
          const response = await fetch(`${second.base}/api/cases/${id}`, {
            headers: { ...headers(token2), 'fallverbund-log-position': String(newest) },
          });
          expect(response.status).toBe(200);
        }
      } finally {
        await killed(second.process);
      }

      // The log holds each acknowledged case, and the read model every case in the log.
      const events = await readLog(persistence, acknowledged);
      const state = await openPersistence(persistence);
      try {
        const opened = events.filter((e) => e.type === 'CaseOpened').map((e) => (e.data as { caseId: string }).caseId);
        expect(new Set(opened).size).toBe(opened.length);
        for (const id of acknowledged) expect(opened).toContain(id);
        expect(await state.dataSource.getRepository(CaseSummary).count()).toBe(opened.length);
      } finally {
        await state.close();
      }
    } finally {
      await cleanup();
    }
  });

describe('crash safety', () => {
  crashScenario('embedded SQLite', () => {
    const dir = tempDir('crash');
    const masterKey = randomBytes(32);
    return Promise.resolve({
      env: { DATA_DIR: dir.path, ENCRYPTION_MASTER_KEY: masterKey.toString('base64') },
      persistence: { kind: 'sqlite', file: join(dir.path, 'fallverbund.sqlite'), masterKey },
      cleanup: () => Promise.resolve(dir.remove()),
    });
  });
});

describeWithPostgres('crash safety on PostgreSQL', () => {
  crashScenario('PostgreSQL', async () => {
    const dir = tempDir('crash-pg');
    const schema = await testSchema('crash');
    const masterKey = randomBytes(32);
    return {
      env: {
        DATA_DIR: dir.path,
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_SCHEMA: schema.schema,
        ENCRYPTION_MASTER_KEY: masterKey.toString('base64'),
      },
      persistence: { kind: 'postgres', url: testDatabaseUrl(), schema: schema.schema, poolSize: 4, masterKey },
      cleanup: async () => {
        await schema.drop();
        dir.remove();
      },
    };
  });
});
