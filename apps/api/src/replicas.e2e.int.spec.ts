import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openPersistence, type PersistenceConfig } from '@fallverbund/cases-application';
import { describeWithPostgres, tempDir, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { ApiProcess, sleep } from './testing/api-process';

const headers = (token: string): Record<string, string> => ({
  authorization: `Bearer ${token}`,
  'x-purpose': 'integration',
  'content-type': 'application/json',
});

const participant = (n: number) => ({ givenName: 'Kai', familyName: `Replik${n}`, birthDate: '1991-01-01' });

/** Opens a case; resolves with the answer's status, id and log position, or `failed` when no answer came. */
const openCase = async (
  api: ApiProcess,
  token: string,
  n: number,
): Promise<{ status: number; id?: string; position?: string } | { status: 'failed'; error: string }> => {
  try {
    const response = await fetch(`${api.base}/api/cases`, {
      method: 'POST',
      headers: headers(token),
      body: JSON.stringify({ participant: participant(n) }),
    });
    const body = (await response.json()) as { id?: string };
    return {
      status: response.status,
      ...(body.id ? { id: body.id } : {}),
      ...(response.headers.get('fallverbund-log-position')
        ? { position: String(response.headers.get('fallverbund-log-position')) }
        : {}),
    };
  } catch (error) {
    return { status: 'failed', error: `${String(error)}: ${String((error as { cause?: unknown }).cause)}` };
  }
};

const openedCases = async (persistence: PersistenceConfig): Promise<string[]> => {
  const state = await openPersistence(persistence);
  try {
    const events = await state.events.readAll({ limit: 1_000_000 });
    return events.filter((e) => e.type === 'CaseOpened').map((e) => (e.data as { caseId: string }).caseId);
  } finally {
    await state.close();
  }
};

/**
 * SIGTERM while commands are in flight: each request the API had begun gets its answer (201, nothing
 * cut off, no 5xx), the process exits 0, and the log holds exactly the acknowledged cases. Requests
 * still in the listen backlog when the socket closes are refused (ECONNRESET) and were never
 * executed: a client retries them on another instance.
 */
const gracefulShutdown = (
  profile: string,
  setup: () => Promise<{ env: Record<string, string>; persistence: PersistenceConfig; cleanup(): Promise<void> }>,
) =>
  it(`answers the requests in flight on SIGTERM and exits 0 (${profile})`, async () => {
    const { env, persistence, cleanup } = await setup();
    try {
      const api = await ApiProcess.start(env);
      const token = await api.token('anna.coach');
      const IN_FLIGHT = 48;
      let signalledAt = Number.POSITIVE_INFINITY;
      let answeredAfterSignal = 0;
      const answers = Array.from({ length: IN_FLIGHT }, (_, n) =>
        openCase(api, token, n).then((result) => {
          if (Date.now() > signalledAt && result.status === 201) answeredAfterSignal += 1;
          return result;
        }),
      );
      await sleep(30);
      signalledAt = Date.now();
      const ended = await api.terminate();
      const elapsed = Date.now() - signalledAt;
      const results = await Promise.all(answers);
      expect({ ended, output: ended.code === 0 ? '' : api.output.join('\n') }).toEqual({
        ended: { code: 0, signal: null },
        output: '',
      });
      const refused = results.filter((r) => r.status !== 201);
      expect(refused.filter((r) => !('error' in r && /ECONNRESET|ECONNREFUSED/.test(r.error)))).toEqual([]);
      // The signal came while requests were being handled, and those were answered.
      expect(answeredAfterSignal).toBeGreaterThan(0);
      expect((await openCase(api, token, 999)).status).toBe('failed');
      const acknowledged = results.flatMap((r) => ('id' in r && r.id ? [r.id] : []));
      expect((await openedCases(persistence)).sort()).toEqual([...acknowledged].sort());
      expect(elapsed).toBeLessThan(15_000);
      console.log(
        `graceful shutdown (${profile}): ${acknowledged.length} of ${IN_FLIGHT} answered 201 ` +
          `(${answeredAfterSignal} after SIGTERM), ${refused.length} refused before they were read; exit after ${elapsed} ms`,
      );
    } finally {
      await cleanup();
    }
  });

describe('graceful shutdown', () => {
  gracefulShutdown('embedded SQLite', () => {
    const dir = tempDir('replicas-shutdown');
    const masterKey = randomBytes(32);
    return Promise.resolve({
      env: { DATA_DIR: dir.path, ENCRYPTION_MASTER_KEY: masterKey.toString('base64'), DATABASE_URL: '' },
      persistence: { kind: 'sqlite', file: join(dir.path, 'fallverbund.sqlite'), masterKey },
      cleanup: () => Promise.resolve(dir.remove()),
    });
  });
});

describeWithPostgres('graceful shutdown on PostgreSQL', () => {
  gracefulShutdown('PostgreSQL', async () => {
    const dir = tempDir('replicas-shutdown-pg');
    const schema = await testSchema('rs', 2);
    const masterKey = randomBytes(32);
    return {
      env: {
        DATA_DIR: dir.path,
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_SCHEMA: schema.schema,
        ENCRYPTION_MASTER_KEY: masterKey.toString('base64'),
      },
      persistence: { kind: 'postgres', url: testDatabaseUrl(), schema: schema.schema, poolSize: 2, masterKey },
      cleanup: async () => {
        await schema.drop();
        dir.remove();
      },
    };
  });
});
