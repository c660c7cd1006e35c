import { type Pool } from 'pg';
import { type Logger } from 'typeorm';

export interface CapturedStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/** A TypeORM logger that keeps every statement it is shown, with its parameters, and prints nothing. */
export class StatementCapture implements Logger {
  readonly statements: CapturedStatement[] = [];

  logQuery(query: string, parameters?: unknown[] | object): void {
    this.statements.push({ sql: query, parameters: Array.isArray(parameters) ? [...(parameters as unknown[])] : [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Scan Direction'?: string;
  readonly 'Actual Rows': number;
  readonly 'Actual Loops': number;
  readonly 'Rows Removed by Filter'?: number;
  readonly 'Rows Removed by Index Recheck'?: number;
  readonly 'Shared Hit Blocks': number;
  readonly 'Shared Read Blocks': number;
  readonly Plans?: readonly PlanNode[];
}

export interface ScanSummary {
  readonly relation: string;
  readonly node: string;
  readonly index: string | null;
  readonly loops: number;
  /** Rows the scan produced plus rows it fetched and dropped by a filter, over all loops. */
  readonly rowsRead: number;
}

export interface PlanSummary {
  readonly planningMs: number;
  readonly executionMs: number;
  /** Time spent compiling the plan's expressions (JIT), part of executionMs; 0 when JIT did not start. */
  readonly jitMs: number;
  readonly rowsRead: number;
  readonly scans: readonly ScanSummary[];
  readonly sharedHitBlocks: number;
  readonly sharedReadBlocks: number;
  /** EXPLAIN (ANALYZE, BUFFERS) as text, from a second run. */
  readonly plan: readonly string[];
}

const scansOf = (node: PlanNode): ScanSummary[] => {
  const own: ScanSummary[] = node['Relation Name']
    ? [
        {
          relation: node['Relation Name'],
          node: node['Scan Direction'] === 'Backward' ? `${node['Node Type']} Backward` : node['Node Type'],
          index: node['Index Name'] ?? null,
          loops: node['Actual Loops'],
          // EXPLAIN shows rows and removed rows per loop.
          rowsRead: Math.round(
            (node['Actual Rows'] +
              (node['Rows Removed by Filter'] ?? 0) +
              (node['Rows Removed by Index Recheck'] ?? 0)) *
              node['Actual Loops'],
          ),
        },
      ]
    : [];
  return [...own, ...(node.Plans ?? []).flatMap(scansOf)];
};

/** Runs EXPLAIN (ANALYZE, BUFFERS) on one statement and sums what its scans read. */
export const explainAnalyze = async (pool: Pool, statement: CapturedStatement): Promise<PlanSummary> => {
  const { rows } = await pool.query<{
    'QUERY PLAN': [
      { Plan: PlanNode; 'Planning Time': number; 'Execution Time': number; JIT?: { Timing: { Total: number } } },
    ];
  }>(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${statement.sql}`, [...statement.parameters]);
  const explained = rows[0]?.['QUERY PLAN'][0];
  if (!explained) throw new Error('EXPLAIN returned no plan');
  const text = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, [
    ...statement.parameters,
  ]);
  const found = scansOf(explained.Plan);
  // TypeORM names its indexes by hash; the columns say more.
  const { rows: indexes } = await pool.query<{ indexname: string; columns: string }>(
    `SELECT indexname, substring(indexdef from '\\((.*)\\)') AS columns FROM pg_indexes WHERE indexname = ANY($1::text[])`,
    [found.flatMap((s) => s.index ?? [])],
  );
  const columns = new Map(indexes.map((i) => [i.indexname, i.columns]));
  const scans = found.map((s) => (s.index ? { ...s, index: `${s.index} (${columns.get(s.index) ?? '?'})` } : s));
  return {
    planningMs: explained['Planning Time'],
    executionMs: explained['Execution Time'],
    jitMs: explained.JIT?.Timing.Total ?? 0,
    rowsRead: scans.reduce((n, s) => n + s.rowsRead, 0),
    scans,
    sharedHitBlocks: explained.Plan['Shared Hit Blocks'],
    sharedReadBlocks: explained.Plan['Shared Read Blocks'],
    plan: text.rows.map((r) => r['QUERY PLAN']),
  };
};

export const describePlan = (plan: PlanSummary): string =>
  `${plan.rowsRead.toLocaleString('en-US')} rows read (` +
  plan.scans
    .map(
      (s) =>
        `${s.relation}: ${s.node}${s.index ? ` on ${s.index}` : ''}, ${s.rowsRead.toLocaleString('en-US')} rows` +
        (s.loops > 1 ? ` in ${s.loops} loops` : ''),
    )
    .join('; ') +
  `), shared buffers ${plan.sharedHitBlocks} hit / ${plan.sharedReadBlocks} read, ` +
  `execution ${plan.executionMs.toFixed(2)} ms` +
  (plan.jitMs > 0 ? ` of which JIT ${plan.jitMs.toFixed(2)} ms` : '');
