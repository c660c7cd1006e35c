import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { caseStreamId } from '@fallverbund/cases-domain';
import { PostgresEventStore } from '@fallverbund/event-store';
import type { EmmettAppendRequest } from './append-emmett.child';
import { type Benchmark, progress } from './support/benchmark';
import { createBenchSchema, openBenchPool, quoteIdent, urlWithSearchPath } from './support/bench-database';
import { teamMemberAdded } from './support/case-events';
import { Child } from './support/child';
import { alternate, median, medianRatio, roundRatios, runConcurrently, type Throughput } from './support/measure';
import { atLeast, formatNumber } from './support/report';

const WRITERS = 8;
const ROUNDS = 8;
const ROUND_MS = 2_500;
const WARMUP_MS = 1_500;

/**
 * Single-event appends to new streams (expected version 0) by 8 concurrent writers on one pool of 8:
 * our PostgresEventStore against plain single-row INSERTs on the same pool, and against Emmett's
 * PostgreSQL event store in a child process with a pool of its own of the same size.
 */
export const appendBenchmark: Benchmark = {
  name: 'append',
  description:
    'Appends/s of one ~170-byte event to a new stream (expected version 0), 8 concurrent writers on one pg Pool of 8; ' +
    'baseline: autocommit single-row INSERT (uuid, jsonb) on the same pool; Emmett appendToStream in its own process.',
  async run({ url, adminPool }) {
    const schema = await createBenchSchema(adminPool, 'append');
    const pool = openBenchPool(url, WRITERS);
    const emmett = new Child<EmmettAppendRequest, Throughput>(join(__dirname, 'append-emmett.child.ts'), {
      env: { BENCH_EMMETT_URL: urlWithSearchPath(url, schema.name), BENCH_POOL_SIZE: String(WRITERS) },
    });
    try {
      const s = quoteIdent(schema.name);
      const store = await PostgresEventStore.create({ pool, schema: schema.name });
      await pool.query(`CREATE TABLE ${s}.bench_plain (id uuid PRIMARY KEY, data jsonb NOT NULL)`);
      const insertPlain = `INSERT INTO ${s}.bench_plain (id, data) VALUES ($1, $2)`;

      const contenders = {
        plain: () =>
          runConcurrently(WRITERS, ROUND_MS, () =>
            pool.query(insertPlain, [randomUUID(), JSON.stringify(teamMemberAdded().data)]),
          ),
        ours: () =>
          runConcurrently(WRITERS, ROUND_MS, () => {
            const event = teamMemberAdded();
            return store.appendToStream(caseStreamId(event.data.caseId), [event], 0);
          }),
        emmett: () => emmett.request({ writers: WRITERS, durationMs: ROUND_MS }),
      };

      progress('append', `warming up each contender for ${WARMUP_MS} ms`);
      const warmup = {
        plain: await runConcurrently(WRITERS, WARMUP_MS, () =>
          pool.query(insertPlain, [randomUUID(), JSON.stringify(teamMemberAdded().data)]),
        ),
        ours: await runConcurrently(WRITERS, WARMUP_MS, () => {
          const event = teamMemberAdded();
          return store.appendToStream(caseStreamId(event.data.caseId), [event], 0);
        }),
        emmett: await emmett.request({ writers: WRITERS, durationMs: WARMUP_MS }),
      };

      const rounds = await alternate(ROUNDS, contenders, (round, name, result) =>
        progress('append', `round ${round} ${name}: ${formatNumber(result.perSecond)}/s`),
      );

      // Every counted append must be in the table, or the figures count something else.
      const counted = async (table: string): Promise<number> =>
        Number((await adminPool.query<{ n: string }>(`SELECT count(*) AS n FROM ${s}.${table}`)).rows[0]?.n);
      const sum = (results: readonly Throughput[]): number => results.reduce((n, r) => n + r.operations, 0);
      const rows = {
        plain: await counted('bench_plain'),
        ours: await counted('events'),
        emmett: await counted('emt_messages'),
      };
      for (const name of ['plain', 'ours', 'emmett'] as const) {
        const expected = warmup[name].operations + sum(rounds[name]);
        if (rows[name] !== expected) throw new Error(`${name}: counted ${expected} appends, found ${rows[name]} rows`);
      }

      const medians = {
        plain: median(rounds.plain.map((r) => r.perSecond)),
        ours: median(rounds.ours.map((r) => r.perSecond)),
        emmett: median(rounds.emmett.map((r) => r.perSecond)),
      };
      const oursToPlain = medianRatio(rounds.ours, rounds.plain);
      const oursToEmmett = medianRatio(rounds.ours, rounds.emmett);
      const ratioRow = (label: string, candidate: Throughput[], baseline: Throughput[]) => [
        label,
        ...roundRatios(candidate, baseline).map((r) => r.toFixed(2)),
        medianRatio(candidate, baseline).toFixed(2),
      ];
      const perRound = (name: keyof typeof rounds) => rounds[name].map((r) => formatNumber(r.perSecond));
      return {
        config: {
          writers: WRITERS,
          poolMax: WRITERS,
          rounds: ROUNDS,
          roundMs: ROUND_MS,
          warmupMs: WARMUP_MS,
          eventDataBytes: JSON.stringify(teamMemberAdded().data).length,
          plainStatement:
            'INSERT INTO bench_plain (id, data) VALUES ($1, $2), unnamed, autocommit; id uuid PRIMARY KEY',
          emmett: '@event-driven-io/emmett-postgresql 0.42, child process, connectionOptions.pool = pg.Pool max 8',
        },
        results: {
          medianPerSecond: medians,
          ratios: { oursToPlain, oursToEmmett },
          roundRatios: {
            oursToPlain: roundRatios(rounds.ours, rounds.plain),
            oursToEmmett: roundRatios(rounds.ours, rounds.emmett),
          },
          rounds,
          warmup,
          rowsWritten: rows,
        },
        targets: [
          atLeast(
            'append ours/plain',
            oursToPlain,
            0.85, // issue 15 (was 0.7)
            `append: ours ${formatNumber(medians.ours)}/s, plain ${formatNumber(medians.plain)}/s`,
          ),
          atLeast(
            'append ours/emmett',
            oursToEmmett,
            2.0,
            `append: ours ${formatNumber(medians.ours)}/s, emmett ${formatNumber(medians.emmett)}/s`,
          ),
        ],
        tables: [
          {
            title: `append: appends/s, ${WRITERS} writers, ${ROUND_MS / 1000} s rounds`,
            headers: ['', ...rounds.plain.map((_, i) => `round ${i + 1}`), 'median'],
            rows: [
              ['plain INSERT /s', ...perRound('plain'), formatNumber(medians.plain)],
              ['PostgresEventStore /s', ...perRound('ours'), formatNumber(medians.ours)],
              ['Emmett /s', ...perRound('emmett'), formatNumber(medians.emmett)],
              ratioRow('ours / plain', rounds.ours, rounds.plain),
              ratioRow('ours / Emmett', rounds.ours, rounds.emmett),
            ],
          },
        ],
      };
    } finally {
      await emmett.close();
      await pool.end();
      await schema.drop();
    }
  },
};
