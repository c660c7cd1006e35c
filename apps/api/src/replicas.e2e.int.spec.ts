import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { derivedId, type PersistenceConfig } from '@fallverbund/cases-application';
import { readLog } from './testing/read-log';
import { TOPICS } from '@fallverbund/contracts';
import { KafkaConsumer, type Subscription } from '@fallverbund/messaging';
import {
  describeWithKafka,
  describeWithPostgres,
  kafkaBrokers,
  tempDir,
  testDatabaseUrl,
  testSchema,
} from '@fallverbund/testing';
import { ServiceProcess } from '@fallverbund/testing';
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

const openedCases = async (persistence: PersistenceConfig, acknowledged: string[]): Promise<string[]> =>
  (await readLog(persistence, acknowledged))
    .filter((e) => e.type === 'CaseOpened')
    .map((e) => (e.data as { caseId: string }).caseId);

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
      let firstAnswer: () => void = () => undefined;
      const answering = new Promise<void>((resolve) => (firstAnswer = resolve));
      const answers = Array.from({ length: IN_FLIGHT }, (_, n) =>
        openCase(api, token, n).then((result) => {
          firstAnswer();
          if (Date.now() > signalledAt && result.status === 201) answeredAfterSignal += 1;
          return result;
        }),
      );
      // The first answer: the API is working through the others now.
      await Promise.race([answering, sleep(5_000)]);
      signalledAt = Date.now();
      const ended = await api.terminate();
      const elapsed = Date.now() - signalledAt;
      const results = await Promise.all(answers);
      expect({ ended, output: ended.code === 0 ? '' : api.output.join('\n') }).toEqual({
        ended: { code: 0, signal: null },
        output: '',
      });
      // The worker, the sequencer and the pools stopped without complaint.
      expect(api.output.filter((line) => /"level":"(error|fatal)"|Error:/.test(line))).toEqual([]);
      const refused = results.filter((r) => r.status !== 201);
      expect(refused.filter((r) => !('error' in r && /ECONNRESET|ECONNREFUSED/.test(r.error)))).toEqual([]);
      // The signal came while requests were being handled, and those were answered.
      expect(answeredAfterSignal).toBeGreaterThan(0);
      expect((await openCase(api, token, 999)).status).toBe('failed');
      const acknowledged = results.flatMap((r) => ('id' in r && r.id ? [r.id] : []));
      expect((await openedCases(persistence, acknowledged)).sort()).toEqual([...acknowledged].sort());
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

interface Pair {
  readonly a: ApiProcess;
  readonly b: ApiProcess;
  readonly persistence: PersistenceConfig;
}

const describeIfServices = process.env['FALLVERBUND_POSTGRES'] === 'missing' ? describe.skip : describeWithKafka;
const leads = (line: Record<string, unknown>): boolean => line['msg'] === 'active relay of the database';

/**
 * Two API processes on one PostgreSQL schema, each on a loopback port of its own, with the keys every
 * instance must share (master key, search index key; the audit signing key in the shared DATA_DIR),
 * RELAY=external, and two apps/relay processes publishing to Kafka (one active, one standby).
 */
describeIfServices('two API replicas and two relays on one PostgreSQL and one Kafka', () => {
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let dir: ReturnType<typeof tempDir>;
  let pair: Pair;
  const relays: ServiceProcess[] = [];
  let consumer: KafkaConsumer;
  let subscription: Subscription | undefined;
  const published = new Set<string>();

  beforeAll(async () => {
    schema = await testSchema('rp', 2);
    dir = tempDir('replicas');
    const masterKey = randomBytes(32);
    const database = { DATABASE_URL: testDatabaseUrl(), DATABASE_SCHEMA: schema.schema };
    const env = {
      ...database,
      DATA_DIR: dir.path,
      DATABASE_POOL_SIZE: '6',
      ENCRYPTION_MASTER_KEY: masterKey.toString('base64'),
      SEARCH_INDEX_KEY: randomBytes(32).toString('base64'),
      RELAY: 'external',
    };
    // One after the other: the first creates the tables and the audit signing key file.
    const a = await ApiProcess.start(env);
    const b = await ApiProcess.start(env);
    pair = {
      a,
      b,
      persistence: { kind: 'postgres', url: testDatabaseUrl(), schema: schema.schema, poolSize: 2, masterKey },
    };
    const prefix = `test.replicas.${randomUUID().slice(0, 8)}.`;
    consumer = new KafkaConsumer({ brokers: kafkaBrokers(), clientId: 'replicas-test' });
    subscription = await consumer.subscribe({
      groupId: `replicas-${prefix}`,
      topics: [`${prefix}${TOPICS.caseEvents}`],
      fromBeginning: true,
      handler: (message) => {
        published.add(message.event.id);
        return Promise.resolve();
      },
    });
    const relayEnv = {
      ...database,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      RELAY_STATUS_MS: '500',
    };
    relays.push(new ServiceProcess('apps/relay/src/main.ts', relayEnv));
    expect(await relays[0]?.waitForLog(leads)).toBe(true);
    relays.push(new ServiceProcess('apps/relay/src/main.ts', relayEnv));
    expect(await relays[1]?.waitForLog((line) => line['msg'] === 'starting')).toBe(true);
  });

  afterAll(async () => {
    await pair.a.kill();
    await pair.b.kill();
    for (const relay of relays) await relay.kill();
    await subscription?.stop();
    await consumer.close();
    await schema.drop();
    dir.remove();
  });

  it('reads its writes on the instance that answered, and the other catches up with the same position', async () => {
    const { a, b } = pair;
    const tokenA = await a.token('anna.coach');
    const tokenB = await b.token('anna.coach');
    for (let n = 0; n < 5; n++) {
      const opened = await openCase(a, tokenA, n);
      expect(opened.status).toBe(201);
      const { id, position } = opened as { id: string; position: string };
      expect(position).toMatch(/^\d+\/\d+$/);
      // B first, right after A answered: B's projections have had no time of their own to catch up.
      for (const [api, token] of [
        [b, tokenB],
        [a, tokenA],
      ] as const) {
        // The case list is a read model: each instance waits for its own projections to reach the position.
        const list = await fetch(`${api.base}/api/cases`, {
          headers: { ...headers(token), 'fallverbund-log-position': position },
        });
        expect(list.status).toBe(200);
        const items = ((await list.json()) as { items: { id: string }[] }).items.map((item) => item.id);
        expect({ on: api === a ? 'A' : 'B', listed: items.includes(id) }).toEqual({
          on: api === a ? 'A' : 'B',
          listed: true,
        });
      }
    }
  });

  it('keeps every acknowledged command exactly once when one instance is killed under load; clients retry on the other', async () => {
    const { a, b } = pair;
    const tokens = new Map([
      [a, await a.token('anna.coach')],
      [b, await b.token('anna.coach')],
    ]);
    const CLIENTS = 8;
    const acknowledged = new Map<string, string>(); // case id → marker
    const uncertain = new Set<string>(); // markers of requests whose answer was lost with A
    const unexpected: string[] = [];
    let aKilled = false;
    let afterKill = 0;
    let stop = false;
    let seq = 0;
    const send = async (api: ApiProcess, marker: string) => {
      try {
        const response = await fetch(`${api.base}/api/cases`, {
          method: 'POST',
          headers: headers(tokens.get(api) ?? ''),
          body: JSON.stringify({ participant: { givenName: 'Kai', familyName: marker, birthDate: '1991-01-01' } }),
        });
        const body = (await response.json()) as { id?: string };
        if (response.status === 201 && body.id) return { ok: true as const, id: body.id };
        return { ok: false as const, error: `${response.status} ${JSON.stringify(body)}` };
      } catch (error) {
        return { ok: false as const, error: String((error as { cause?: unknown }).cause ?? error), lost: true };
      }
    };
    const client = async (c: number): Promise<void> => {
      let turn = c;
      while (!stop) {
        const marker = `R${c}x${seq++}`;
        const target = turn++ % 2 === 0 && !aKilled ? a : b;
        const result = await send(target, marker);
        if (result.ok) {
          acknowledged.set(result.id, marker);
          if (aKilled) afterKill += 1;
        } else if (target === a && 'lost' in result) {
          // The answer was lost with A: the command may or may not be in the log. Retry on B.
          uncertain.add(marker);
          const retry = await send(b, `${marker}r`);
          if (retry.ok) acknowledged.set(retry.id, `${marker}r`);
          else unexpected.push(`retry on B: ${retry.error}`);
        } else unexpected.push(`${target === a ? 'A' : 'B'}: ${result.error}`);
      }
    };
    const clients = Array.from({ length: CLIENTS }, (_, c) => client(c));
    while (acknowledged.size < 150) await sleep(20);
    aKilled = true;
    const [activeRelay, standbyRelay] = relays as [ServiceProcess, ServiceProcess];
    const killedAt = Date.now();
    await Promise.all([a.kill(), activeRelay.kill()]);
    expect(await standbyRelay.waitForLog(leads, 30_000)).toBe(true);
    const takeoverMs = Date.now() - killedAt;
    while (afterKill < 100) await sleep(20);
    stop = true;
    await Promise.all(clients);

    expect(unexpected).toEqual([]);
    {
      const events = await readLog(pair.persistence, acknowledged.keys());
      const openedEvents = events.filter(
        (e) =>
          e.type === 'CaseOpened' &&
          /^R\d+x\d+r?$/.test((e.data as { participant: { familyName: string } }).participant.familyName),
      );
      const opened = openedEvents.map((e) => e.data as { caseId: string; participant: { familyName: string } });
      const byCase = new Map<string, number>();
      for (const d of opened) byCase.set(d.caseId, (byCase.get(d.caseId) ?? 0) + 1);
      // Every acknowledged command once, under the marker it was sent with.
      const missing = [...acknowledged.keys()].filter((id) => byCase.get(id) !== 1);
      expect(missing).toEqual([]);
      const markers = new Map(opened.map((d) => [d.caseId, d.participant.familyName]));
      for (const [id, marker] of acknowledged) expect(markers.get(id)).toBe(marker);
      // Nothing else but what was in flight on A when it died.
      const strays = opened.filter((d) => !acknowledged.has(d.caseId)).map((d) => d.participant.familyName);
      expect(strays.filter((marker) => !uncertain.has(marker))).toEqual([]);
      // Every case in the log reaches Kafka through the standby relay, which took over within seconds.
      const expected = openedEvents.map((e) => derivedId(`${TOPICS.caseEvents}|${e.eventId}`));
      const deadline = Date.now() + 60_000;
      while (expected.some((id) => !published.has(id)) && Date.now() < deadline) await sleep(200);
      expect(expected.filter((id) => !published.has(id))).toEqual([]);
      expect(takeoverMs).toBeLessThan(10_000);
      console.log(
        `replicas: ${acknowledged.size} commands acknowledged (${afterKill} by B after A was killed), ` +
          `${uncertain.size} lost with A and retried on B, of which ${strays.length} had been written before the kill; ` +
          `the standby relay led ${takeoverMs} ms after the active one was killed with A; ${expected.length} cases on Kafka`,
      );
    }

    // The audit log verifies with both instances' entries (and A's in-flight ones) in it.
    const dpo = await b.token('frieda.dpo');
    const verify = await fetch(`${b.base}/api/audit/verify`, {
      headers: { authorization: `Bearer ${dpo}`, 'x-purpose': 'audit' },
    });
    expect(verify.status).toBe(200);
    expect(((await verify.json()) as { valid: boolean }).valid).toBe(true);
  });
});
