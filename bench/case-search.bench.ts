import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  type CaseListFilter,
  ListMyCasesHandler,
  ListMyCasesQuery,
  openPersistence,
  type Persistence,
  READ_MODEL_ENTITIES,
  type RequestContext,
} from '@fallverbund/cases-application';
import { CaseSearchToken, identityTerms } from '@fallverbund/cases-search';
import { type Pool } from 'pg';
import { DataSource } from 'typeorm';
import { type ParticipantIdentity } from '@fallverbund/cases-domain';
import { caller, fill, LIMIT, NOW, PURPOSE, type PlannedCase } from './policy-list.bench';
import { noAudit } from './support/no-audit';
import { type Benchmark, progress } from './support/benchmark';
import { type BenchSchema, createBenchSchema, quoteIdent } from './support/bench-database';
import { median, percentile, ratio, throughput } from './support/measure';
import { describePlan, explainAnalyze, type PlanSummary, StatementCapture } from './support/query-plan';
import { atMost, formatNumber } from './support/report';

const CASES = Number(process.env['CASES'] ?? 100_000);
const CALLS = 300;
const WARMUP_CALLS = 30;
const ROUNDS = 6;
const POOL_SIZE = 10;
const TARGET = 1.5;

interface Variant {
  readonly key: string;
  readonly label: string;
  readonly filter: CaseListFilter;
}

const contextNow = (): RequestContext => ({
  actor: caller,
  purpose: PURPOSE,
  requestId: randomUUID(),
  correlationId: null,
  now: NOW,
});

const insertTokens = async (pool: Pool, schema: string, rows: readonly (readonly string[])[]): Promise<void> => {
  if (rows.length === 0) return;
  await pool.query(
    `INSERT INTO ${quoteIdent(schema)}.case_search_tokens ("token", "caseId", "participantId")
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[])`,
    [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])],
  );
};

/** The variants measured, from the caller's newest case: its family name is one of 8, so shared by 1 in 8 cases. */
const variantsFor = (newest: ParticipantIdentity): Variant[] => {
  const { givenName, familyName, birthDate } = newest;
  return [
    { key: 'list', label: 'plain list page (no filter)', filter: {} },
    { key: 'family', label: `q=${familyName} (family name, 1 in 8 cases)`, filter: { q: familyName } },
    {
      key: 'full',
      label: `q=${givenName} ${familyName} (1 in 80 cases)`,
      filter: { q: `${givenName} ${familyName}` },
    },
    {
      key: 'prefix',
      label: `q=${familyName.slice(0, 3)} (prefix) + birthDate`,
      filter: { q: familyName.slice(0, 3), birthDate },
    },
  ];
};

/**
 * What a search must answer: of every case the plain list holds (in its order, newest first), those
 * whose participant matches, the first page of them.
 */
const expectedFor = (
  listed: readonly string[],
  participants: ReadonlyMap<string, ParticipantIdentity>,
  variant: Variant,
): string[] => {
  const words = (variant.filter.q ?? '').toLowerCase().split(' ').filter(Boolean);
  return listed
    .filter((caseId) => {
      const participant = participants.get(caseId);
      if (!participant) return false;
      const terms = new Set(identityTerms(participant));
      return (
        words.every((w) => terms.has(`name:${w}`)) &&
        (variant.filter.birthDate === undefined || participant.birthDate === variant.filter.birthDate)
      );
    })
    .slice(0, LIMIT);
};

const explain = async (
  url: string,
  adminPool: Pool,
  schema: string,
  persistence: Persistence,
  filter: CaseListFilter,
): Promise<PlanSummary & { sql: string }> => {
  const capture = new StatementCapture();
  const dataSource = await new DataSource({
    type: 'postgres',
    url,
    schema,
    entities: [...READ_MODEL_ENTITIES, CaseSearchToken],
    synchronize: false,
    poolSize: 1,
    logging: ['query'],
    logger: capture,
  }).initialize();
  try {
    await new ListMyCasesHandler(dataSource, persistence.vault, noAudit(), persistence.searchIndex).execute(
      new ListMyCasesQuery(contextNow(), LIMIT, 0, filter),
    );
  } finally {
    await dataSource.destroy();
  }
  const statement = capture.statements.find((st) => /^SELECT\b/.test(st.sql) && st.sql.includes('case_summaries'));
  if (!statement) throw new Error(`no list query among ${capture.statements.length} statements`);
  return { sql: statement.sql, ...(await explainAnalyze(adminPool, statement)) };
};

const ms = (value: number): string => `${value.toFixed(2)} ms`;

/**
 * GET /api/cases?q=… against the plain list page, at 100,000 cases: the handler (ListMyCasesHandler)
 * with the search filter and without, calls alternating, on the read models of the policy-list
 * benchmark plus the blind index rows of every case.
 */
export const caseSearchBenchmark: Benchmark = {
  name: 'case-search',
  description:
    'Latency of ListMyCasesHandler.execute (limit 50, offset 0, sequential) with a name search (q, the blind ' +
    'index case_search_tokens) against the same call without a filter, for the policy-list caller (on the team of ' +
    '1 % of the cases, half by team, half by consent) at 100,000 cases written directly into the read models; ' +
    'the variants alternate call by call.',
  async run({ url, adminPool }) {
    let schema: BenchSchema | undefined;
    let persistence: Persistence | undefined;
    try {
      schema = await createBenchSchema(adminPool, 'case_search_100k');
      const masterKey = randomBytes(32);
      persistence = await openPersistence({
        kind: 'postgres',
        url,
        schema: schema.name,
        poolSize: POOL_SIZE,
        masterKey,
        searchIndexKey: randomBytes(32),
      });
      const { searchIndex } = persistence;
      const schemaName = schema.name;
      let tokenRows = 0;
      const participants = new Map<string, ParticipantIdentity>();
      progress('case-search', `filling ${formatNumber(CASES)} cases with their index rows`);
      const started = performance.now();
      await fill(adminPool, schemaName, masterKey, CASES, async (planned: readonly PlannedCase[]) => {
        const rows = planned.flatMap((c) =>
          searchIndex.tokens(identityTerms(c.participant)).map((token) => [token, c.caseId, c.participantId]),
        );
        tokenRows += rows.length;
        for (const c of planned) participants.set(c.caseId, c.participant);
        await insertTokens(adminPool, schemaName, rows);
      });
      await adminPool.query(`VACUUM ANALYZE ${quoteIdent(schemaName)}.case_search_tokens`);
      const filled = throughput(CASES, performance.now() - started);
      const handler = new ListMyCasesHandler(persistence.dataSource, persistence.vault, noAudit(), searchIndex);
      // Every case the list holds for the caller, in its order (one call without a page limit).
      const listed = (await handler.execute(new ListMyCasesQuery(contextNow(), CASES, 0))).items.map((i) => i.id);
      const newest = participants.get(listed[0] ?? '');
      if (!newest) throw new Error('the caller sees no case');
      progress(
        'case-search',
        `filled at ${formatNumber(filled.perSecond)} cases/s, ${formatNumber(tokenRows)} index rows`,
      );

      const variants = variantsFor(newest);
      const answers: Record<string, number> = {};
      for (const variant of variants) {
        const page = await handler.execute(new ListMyCasesQuery(contextNow(), LIMIT, 0, variant.filter));
        const got = page.items.map((i) => i.id);
        const want = variant.key === 'list' ? listed.slice(0, LIMIT) : expectedFor(listed, participants, variant);
        if (got.length === 0 || got.join() !== want.join()) {
          throw new Error(
            `case-search ${variant.label}: ${got.length} items, expected ${want.length} (or another order)`,
          );
        }
        answers[variant.key] = got.length;
      }
      progress('case-search', `answers checked (${JSON.stringify(answers)}); explaining`);
      const plans = Object.fromEntries(
        await Promise.all(
          variants.map(
            async (v) =>
              [v.key, await explain(url, adminPool, schemaName, persistence as Persistence, v.filter)] as const,
          ),
        ),
      );

      const latencies = new Map<string, number[]>(variants.map((v) => [v.key, []]));
      progress('case-search', `${WARMUP_CALLS} warm-up calls and ${CALLS} measured calls per variant`);
      for (let i = 0; i < WARMUP_CALLS + CALLS; i += 1) {
        const order = i % 2 === 0 ? variants : [...variants].reverse();
        for (const variant of order) {
          const t0 = performance.now();
          const page = await handler.execute(new ListMyCasesQuery(contextNow(), LIMIT, 0, variant.filter));
          const elapsed = performance.now() - t0;
          if (page.items.length !== answers[variant.key]) throw new Error(`${variant.label}: the answer changed`);
          if (i >= WARMUP_CALLS) latencies.get(variant.key)?.push(elapsed);
        }
      }
      const round = (n: number) => Math.round(n * 1000) / 1000;
      const stats = (key: string) => {
        const values = latencies.get(key) ?? [];
        const perRound = CALLS / ROUNDS;
        return {
          p50: percentile(values, 50),
          p95: percentile(values, 95),
          p99: percentile(values, 99),
          min: Math.min(...values),
          roundP50: Array.from({ length: ROUNDS }, (_, r) => median(values.slice(r * perRound, (r + 1) * perRound))),
        };
      };
      const figures = Object.fromEntries(variants.map((v) => [v.key, stats(v.key)]));
      const base = figures['list'];
      if (!base) throw new Error('no baseline');
      const ratios = Object.fromEntries(
        variants.filter((v) => v.key !== 'list').map((v) => [v.key, ratio(figures[v.key]?.p50 ?? NaN, base.p50)]),
      );
      const family = variants.find((v) => v.key === 'family') as Variant;
      return {
        config: {
          cases: CASES,
          limit: LIMIT,
          calls: CALLS,
          warmupCalls: WARMUP_CALLS,
          rounds: ROUNDS,
          poolSize: POOL_SIZE,
          caller,
          purpose: PURPOSE,
          now: NOW.toISOString(),
          variants: variants.map((v) => ({ key: v.key, label: v.label })),
          fill:
            'the policy-list read models (10 given names, 8 family names), plus every case’s blind-index rows ' +
            '(identityTerms, HMAC-SHA-256) written with INSERT … SELECT FROM unnest, then VACUUM ANALYZE',
        },
        results: {
          listedForCaller: listed.length,
          latencyMs: Object.fromEntries(
            Object.entries(figures).map(([k, f]) => [
              k,
              Object.fromEntries(Object.entries(f).map(([n, v]) => [n, Array.isArray(v) ? v.map(round) : round(v)])),
            ]),
          ),
          ratios,
          answers,
          indexRows: tokenRows,
          fill: filled,
          explain: plans,
        },
        targets: [
          atMost(
            'case-search p50 name search / list page',
            ratios['family'] ?? NaN,
            TARGET,
            `case-search: p50 ${ms(figures['family']?.p50 ?? NaN)} for ${family.label}, ` +
              `${ms(base.p50)} for the plain list page, at ${formatNumber(CASES)} cases`,
          ),
        ],
        notes: variants
          .filter((v) => v.key !== 'list')
          .map(
            (v) =>
              `case-search ${v.label}: p50 ${ms(figures[v.key]?.p50 ?? NaN)} (${ratios[v.key]}× the list page), ` +
              `${answers[v.key]} items; EXPLAIN: ${describePlan(plans[v.key] as PlanSummary)}`,
          ),
        tables: [
          {
            title: `case-search: latency at ${formatNumber(CASES)} cases, ${CALLS} calls per variant (${ROUNDS} rounds of ${CALLS / ROUNDS})`,
            headers: ['variant', 'items', 'p50', 'p95', 'p99', 'min', '× list p50', 'execution (EXPLAIN)'],
            rows: variants.map((v) => {
              const f = figures[v.key];
              return [
                v.label,
                String(answers[v.key]),
                ms(f?.p50 ?? NaN),
                ms(f?.p95 ?? NaN),
                ms(f?.p99 ?? NaN),
                ms(f?.min ?? NaN),
                v.key === 'list' ? '1.00' : String(ratios[v.key]),
                ms((plans[v.key] as PlanSummary).executionMs),
              ];
            }),
          },
        ],
      };
    } finally {
      await persistence?.close();
      await schema?.drop();
    }
  },
};
