import { randomBytes } from 'node:crypto';
import { openPersistence, type Persistence } from '@fallverbund/cases-application';
import { selectDueRows } from '../apps/api/src/retention/retention-scheduler.service';
import { type Benchmark, progress } from './support/benchmark';
import { createBenchSchema, quoteIdent } from './support/bench-database';
import { median } from './support/measure';
import { atMost, formatNumber } from './support/report';

/** Schedule rows in the table, and how many of them are due, per scenario. */
const SCENARIOS = [
  { rows: 100_000, due: 10 },
  { rows: 100_000, due: 1_000 },
  { rows: 1_000_000, due: 10 },
  { rows: 1_000_000, due: 1_000 },
] as const;
const REPEATS = 15;
const NOW = new Date('2036-06-01T02:00:00Z');
/** Issue 17: the run's selection follows the due rows, not the table: ten times the rows, at most twice the time. */
const MAX_GROWTH = 2;

/**
 * Fills retention_schedule with `rows` rows by generate_series: `due` pending rows due before NOW, the
 * rest pending with due dates after NOW, done, held in the future, or without a due date (open cases).
 */
const fill = async (persistence: Persistence, schema: string, rows: number, due: number): Promise<void> => {
  const table = `${quoteIdent(schema)}."retention_schedule"`;
  await persistence.dataSource.query(`TRUNCATE ${table}`);
  await persistence.dataSource.query(
    `INSERT INTO ${table} ("caseId", "classId", "participantId", "leadAgencyId", "domain", "action", "startsAt",
       "startedOn", "dueAt", "status", "phase", "closedAt", "lastHealthNoteAt", "version")
     SELECT lpad(to_hex(i), 8, '0') || '-0000-4000-8000-000000000000', 'sgb2-file', 'p' || i, 'jobcenter-mitte',
            'sgb_ii', 'offer_to_archive', 'case_closed', '2026-01-01',
            CASE WHEN i <= $2 THEN to_char(TIMESTAMPTZ '2036-05-01' + (i % 28) * INTERVAL '1 day', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"')
                 WHEN i % 4 = 0 THEN NULL
                 ELSE to_char(TIMESTAMPTZ '2036-07-01' + (i % 3650) * INTERVAL '1 day', 'YYYY-MM-DD"T"HH24:MI:SS".000Z"') END,
            CASE WHEN i <= $2 THEN 'pending' WHEN i % 10 = 1 THEN 'done' WHEN i % 50 = 2 THEN 'held' ELSE 'pending' END,
            'due', NULL, NULL, 1
       FROM generate_series(1, $1) AS i`,
    [rows, due],
  );
  // Done rows keep their past due date, as after a run: they must not be read either.
  await persistence.dataSource.query(
    `UPDATE ${table} SET "dueAt" = '2030-01-01T00:00:00.000Z' WHERE "status" = 'done' AND "dueAt" IS NOT NULL`,
  );
  await persistence.dataSource.query(`ANALYZE ${table}`);
};

/** Reads every due row as the daily run does (pages of 500) and returns how many it read. */
const selectAll = async (persistence: Persistence): Promise<number> => {
  let after = null;
  let read = 0;
  for (;;) {
    const rows = await selectDueRows(persistence.dataSource.manager, NOW, after);
    read += rows.length;
    if (rows.length < 500) return read;
    after = rows[rows.length - 1] ?? null;
  }
};

export const retentionBenchmark: Benchmark = {
  name: 'retention',
  description:
    "The retention run's selection of due rows (selectDueRows, apps/api/src/retention) over a retention_schedule " +
    'of 100,000 and 1,000,000 rows with 10 and 1,000 due, filled by generate_series on PostgreSQL: the median ' +
    `of ${REPEATS} selections, which should grow with the due rows, not with the table.`,
  async run({ adminPool, url }) {
    const schema = await createBenchSchema(adminPool, 'retention');
    let persistence: Persistence | undefined;
    try {
      persistence = await openPersistence({
        kind: 'postgres',
        url,
        schema: schema.name,
        poolSize: 4,
        masterKey: randomBytes(32),
      });
      const results: { rows: number; due: number; medianMs: number; read: number; plan: string }[] = [];
      for (const { rows, due } of SCENARIOS) {
        progress('retention', `filling ${formatNumber(rows)} rows, ${formatNumber(due)} due`);
        await fill(persistence, schema.name, rows, due);
        const times: number[] = [];
        let read = 0;
        for (let i = 0; i < REPEATS; i++) {
          const started = performance.now();
          read = await selectAll(persistence);
          times.push(performance.now() - started);
        }
        if (read !== due) throw new Error(`retention: ${formatNumber(due)} rows are due, the selection read ${read}`);
        const explained = await persistence.dataSource.query<{ 'QUERY PLAN': string }[]>(
          `EXPLAIN SELECT * FROM ${quoteIdent(schema.name)}."retention_schedule"
            WHERE "status" IN ('pending', 'held') AND "dueAt" <= $1 ORDER BY "dueAt", "caseId", "classId" LIMIT 500`,
          [NOW.toISOString()],
        );
        const plan = explained.map((r) => r['QUERY PLAN'].trim()).find((line) => /Scan/.test(line)) ?? '';
        results.push({ rows, due, medianMs: median(times), read, plan });
      }
      const at = (rows: number, due: number) => results.find((r) => r.rows === rows && r.due === due)?.medianMs ?? NaN;
      const growth = (due: number) => at(1_000_000, due) / at(100_000, due);
      return {
        config: { scenarios: SCENARIOS, repeats: REPEATS, now: NOW.toISOString(), page: 500 },
        results: { scenarios: results },
        targets: [10, 1_000].map((due) =>
          atMost(
            `retention selection, ${formatNumber(due)} due: 1,000,000 / 100,000 rows`,
            growth(due),
            MAX_GROWTH,
            `retention (${formatNumber(due)} due): ${at(100_000, due).toFixed(2)} ms at 100,000 rows, ` +
              `${at(1_000_000, due).toFixed(2)} ms at 1,000,000`,
          ),
        ),
        tables: [
          {
            title: `retention: the run's selection of due rows, median of ${REPEATS}`,
            headers: ['schedule rows', 'due', 'median ms', 'plan'],
            rows: results.map((r) => [formatNumber(r.rows), formatNumber(r.due), r.medianMs.toFixed(2), r.plan]),
          },
        ],
      };
    } finally {
      await persistence?.close();
      await schema.drop();
    }
  },
};
