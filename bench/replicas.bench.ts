import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Benchmark, progress } from './support/benchmark';
import { type BenchSchema, createBenchSchema, quoteIdent } from './support/bench-database';
import { cycle, type RunningApi, settle, shareOf, startApi } from './support/http-api';
import { httpLoad, type HttpLoadRun, type HttpRequestSpec } from './support/http-load';
import { median, ratio } from './support/measure';
import { atLeast, formatNumber } from './support/report';

const CASES = 200;
const CLIENTS = 16;
const ROUNDS = 3;
const ROUND_SECONDS = 5;
const WARMUP_SECONDS = 2;
const SEED_WRITERS = 8;
/** The target: commands per second with two replicas against one. */
const TWO_TO_ONE = 1.6;

interface Run {
  readonly perSecond: number;
  readonly answered: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly perInstance: readonly number[];
}

/**
 * CLIENTS keep-alive clients recording contacts, spread evenly over the given instances; client k
 * (over all instances) keeps to its own share of the cases, so no two clients write one stream.
 */
const commands = async (apis: readonly RunningApi[], seconds: number, occurredAt: string): Promise<Run> => {
  const body = JSON.stringify({ kind: 'office', occurredAt, durationMinutes: 30 });
  const each = CLIENTS / apis.length;
  const runs = await Promise.all(
    apis.map((api, i) =>
      httpLoad({
        base: api.base,
        connections: each,
        seconds,
        requestsOf: (client) => {
          const nextCase = cycle(shareOf(api.caseIds, i * each + client, CLIENTS));
          return (): HttpRequestSpec => ({
            method: 'POST',
            path: `/api/cases/${nextCase()}/contacts`,
            headers: api.headers,
            body,
          });
        },
      }),
    ),
  );
  const failed = runs.filter((r: HttpLoadRun) => r.failed > 0);
  if (failed.length > 0)
    throw new Error(`replicas: requests failed (${JSON.stringify(failed.map((r) => r.statuses))})`);
  // The projections' backlog is worked off before the next run (settle), on each instance.
  for (const api of apis) await settle(api, body);
  return {
    perSecond: runs.reduce((n, r) => n + r.perSecond, 0),
    answered: runs.reduce((n, r) => n + r.operations, 0),
    p50Ms: median(runs.map((r) => r.p50Ms)),
    p99Ms: Math.max(...runs.map((r) => r.p99Ms)),
    perInstance: runs.map((r) => r.perSecond),
  };
};

/**
 * Commands over HTTP against one API process and against two on the same PostgreSQL schema
 * (RELAY=external in both: the relay is a process of its own when instances are replicated).
 */
export const replicasBenchmark: Benchmark = {
  name: 'replicas',
  description:
    `POST /api/cases/{id}/contacts at ${CLIENTS} keep-alive clients (autocannon), ${CASES} cases, against ONE API ` +
    `process and against TWO on the same PostgreSQL schema (${CLIENTS / 2} clients each), rounds alternating; ` +
    'the second process is started for each two-instance run (warmed up alone for a moment) and stopped after it.',
  async run({ url, adminPool }) {
    const loadAverageAtStart = loadavg().map((n) => Math.round(n * 100) / 100);
    progress('replicas', `load average at start ${loadAverageAtStart.join(' ')}`);
    const dataDir = mkdtempSync(join(tmpdir(), 'bench-replicas-'));
    let schema: BenchSchema | undefined;
    const running: RunningApi[] = [];
    const stop = async (api: RunningApi): Promise<void> => {
      running.splice(running.indexOf(api), 1);
      await api.close();
    };
    try {
      schema = await createBenchSchema(adminPool, 'rep');
      // One DATA_DIR for both: the keys every instance must share (master, search index, audit signing).
      const env = {
        DATABASE_URL: url,
        DATABASE_SCHEMA: schema.name,
        DATA_DIR: dataDir,
        LOG_LEVEL: 'warn',
        PORT: '0',
        RELAY: 'external',
      };
      const a = await startApi('A', env, { benchmark: 'replicas', cases: CASES, seedWriters: SEED_WRITERS });
      running.push(a);
      const occurredAt = new Date().toISOString();

      let answered = 0;
      const one: Run[] = [];
      const two: Run[] = [];
      for (let round = 0; round <= ROUNDS; round += 1) {
        const seconds = round === 0 ? WARMUP_SECONDS : ROUND_SECONDS;
        const single = await commands([a], seconds, occurredAt);
        const b = await startApi('B', env, { benchmark: 'replicas', cases: 0, seedWriters: 0 });
        running.push(b);
        const second = { ...b, caseIds: a.caseIds };
        // A fresh process compiles its hot paths first: a short run on it alone, not counted as a round.
        const warm = await commands([second], WARMUP_SECONDS, occurredAt);
        const pair = await commands([a, second], seconds, occurredAt);
        await stop(b);
        answered += single.answered + warm.answered + pair.answered;
        if (round === 0) continue;
        one.push(single);
        two.push(pair);
        progress(
          'replicas',
          `round ${round}: one ${formatNumber(single.perSecond)}/s, two ${formatNumber(pair.perSecond)}/s ` +
            `(${pair.perInstance.map(formatNumber).join(' + ')})`,
        );
      }

      // Every 201 is a ContactRecorded in the log; requests in flight when a run ended may add one each,
      // and each run settles with one contact per instance.
      const settled = 4 * (ROUNDS + 1);
      const { rows } = await adminPool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${quoteIdent(schema.name)}.events WHERE type = 'ContactRecorded'`,
      );
      const found = Number(rows[0]?.n);
      const inFlight = CLIENTS * 3 * (ROUNDS + 1);
      if (found < answered + settled || found > answered + settled + inFlight) {
        throw new Error(`replicas: ${answered} contacts answered 201, ${found} ContactRecorded in the log`);
      }

      const ratios = two.map((t, i) => ratio(t.perSecond, one[i]?.perSecond ?? NaN));
      const medianRatio = Math.round(median(ratios) * 100) / 100;
      const oneRate = median(one.map((r) => r.perSecond));
      const twoRate = median(two.map((r) => r.perSecond));
      const row = (label: string, runs: readonly Run[]): string[] => [
        label,
        ...runs.map((r) => formatNumber(r.perSecond)),
        formatNumber(median(runs.map((r) => r.perSecond))),
        median(runs.map((r) => r.p50Ms)).toFixed(2),
        median(runs.map((r) => r.p99Ms)).toFixed(2),
      ];
      return {
        config: {
          cases: CASES,
          clients: CLIENTS,
          rounds: ROUNDS,
          roundSeconds: ROUND_SECONDS,
          warmupSeconds: WARMUP_SECONDS,
          loadGenerator: 'autocannon 9.0.0 in the bench process, keep-alive, one request in flight per client',
          server:
            'apps/api configFromEnv + createApp in child processes (bench/http-server.child.ts), embedded profile, ' +
            'LOG_LEVEL=warn, RELAY=external, no web; PostgreSQL pool DATABASE_POOL_SIZE default (10) per process',
          command: 'POST /api/cases/{id}/contacts {kind: office, occurredAt, durationMinutes: 30}',
        },
        results: {
          loadAverageAtStart,
          medianPerSecond: { one: oneRate, two: twoRate },
          ratio: medianRatio,
          roundRatios: ratios,
          rounds: { one, two },
          contacts: { answered, found },
        },
        targets: [
          atLeast(
            'replicas two/one',
            medianRatio,
            TWO_TO_ONE,
            `replicas (postgres): commands at ${CLIENTS} clients, one API ${formatNumber(oneRate)}/s, ` +
              `two APIs ${formatNumber(twoRate)}/s (load average at start ${loadAverageAtStart.join(' ')})`,
          ),
        ],
        tables: [
          {
            title: `replicas: contacts/s at ${CLIENTS} clients, ${ROUND_SECONDS} s rounds, load average at start ${loadAverageAtStart.join(' ')}`,
            headers: ['', ...one.map((_, i) => `round ${i + 1}`), 'median /s', 'p50 ms', 'p99 ms'],
            rows: [
              row('one API', one),
              row('two APIs', two),
              ['two / one', ...ratios.map((r) => r.toFixed(2)), medianRatio.toFixed(2), '', ''],
            ],
          },
        ],
      };
    } finally {
      for (const api of running.splice(0)) await api.close().catch(() => undefined);
      await schema?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
};
