import { statementName } from '@fallverbund/event-store';
import DataLoader from 'dataloader';
import { type Pool } from 'pg';
import { type DataSource, type EntityMetadata } from 'typeorm';
import { CaseSummary, CaseTeamMember } from './case-read-model.entities';

/**
 * The case summary (and its team) read by id — the first read of nearly every case route. On
 * PostgreSQL one named, prepared statement on TypeORM's own pool reads both: TypeORM's query builder
 * cost more CPU than the database for these lookups, and summary and team were two round trips
 * (docs/benchmarks.md "http", docs/decisions.md). The columns come from the entities' metadata, so a
 * column added to an entity is read here too. On SQLite (in-process, no round trip) the repositories
 * read them as before.
 *
 * Summary and team are looked up in batches (`dataloader`): the lookups of every request that the event
 * loop handled in one turn go out as one statement (`= ANY($1)`) once that turn's I/O callbacks have run
 * (`setImmediate`). Under load that is one round trip for several reads, the most expensive part of a
 * read on this path (docs/decisions.md "Case lookups in batches"); a lone read waits one turn of the loop.
 * Nothing is cached between batches: every lookup reads the row as it is when its batch is sent.
 */
interface Mapped {
  readonly select: string;
  readonly map: (row: Record<string, unknown>) => Record<string, unknown>;
}

const mapped = (metadata: EntityMetadata, alias: string): Mapped => {
  const columns = metadata.columns.map((c) => ({
    db: c.databaseName,
    property: c.propertyName,
    json: c.type === 'simple-json',
  }));
  return {
    select: columns.map((c) => `${alias}."${c.db}"`).join(', '),
    map: (row) => {
      const out: Record<string, unknown> = {};
      for (const c of columns) {
        const value = row[c.db];
        out[c.property] = c.json && typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
      }
      return out;
    },
  };
};

interface Statements {
  readonly pool: Pool;
  readonly summary: { name: string; text: string; map: Mapped['map'] };
  /** Summary row and its team as one JSON column, by case id, for a batch of ids. */
  readonly withTeam: DataLoader<string, Record<string, unknown> | undefined>;
  readonly mapMember: Mapped['map'];
}

/** Ids per batch: one statement's parameter; more wait for the next. */
const MAX_BATCH = 100;

const statementsOf = new WeakMap<DataSource, Statements | null>();

const qualified = ({ schema, tableName }: EntityMetadata): string =>
  schema ? `"${schema}"."${tableName}"` : `"${tableName}"`;

const statements = (dataSource: DataSource): Statements | null => {
  const known = statementsOf.get(dataSource);
  if (known !== undefined) return known;
  let built: Statements | null = null;
  if (dataSource.options.type === 'postgres') {
    // TypeORM's PostgreSQL driver keeps its pg Pool as `master`.
    const pool = (dataSource.driver as unknown as { master: Pool }).master;
    const summaryMeta = dataSource.getMetadata(CaseSummary);
    const teamMeta = dataSource.getMetadata(CaseTeamMember);
    const summary = mapped(summaryMeta, 's');
    const team = mapped(teamMeta, 't');
    const summaries = qualified(summaryMeta);
    const members = qualified(teamMeta);
    const withTeam = {
      name: statementName(`${summaries}.case-summary-team-batch`),
      text:
        `SELECT ${summary.select}, ` +
        `(SELECT coalesce(json_agg(row_to_json(t) ORDER BY t."addedAt", t."userId"), '[]'::json) ` +
        `FROM ${members} t WHERE t."caseId" = s."caseId") AS "team" ` +
        `FROM ${summaries} s WHERE s."caseId" = ANY($1::varchar[])`,
    };
    built = {
      pool,
      summary: {
        name: statementName(`${summaries}.case-summary`),
        text: `SELECT ${summary.select} FROM ${summaries} s WHERE s."caseId" = $1`,
        map: summary.map,
      },
      withTeam: new DataLoader(
        async (caseIds: readonly string[]) => {
          const { rows } = await pool.query<Record<string, unknown>>({ ...withTeam, values: [caseIds] });
          const byId = new Map(rows.map((row) => [row['caseId'] as string, row]));
          return caseIds.map((caseId) => byId.get(caseId));
        },
        { cache: false, maxBatchSize: MAX_BATCH, batchScheduleFn: (send) => setImmediate(send) },
      ),
      mapMember: team.map,
    };
  }
  statementsOf.set(dataSource, built);
  return built;
};

const asSummary = (values: Record<string, unknown>): CaseSummary => Object.assign(new CaseSummary(), values);
const asMember = (values: Record<string, unknown>): CaseTeamMember => Object.assign(new CaseTeamMember(), values);

/** The summary row of a case, or null. */
export const findCaseSummary = async (dataSource: DataSource, caseId: string): Promise<CaseSummary | null> => {
  const sql = statements(dataSource);
  if (!sql) return dataSource.getRepository(CaseSummary).findOneBy({ caseId });
  const { rows } = await sql.pool.query<Record<string, unknown>>({
    name: sql.summary.name,
    text: sql.summary.text,
    values: [caseId],
  });
  const row = rows[0];
  return row ? asSummary(sql.summary.map(row)) : null;
};

/** The summary row of a case with its team, oldest member first; null without the case. */
export const findCaseWithTeam = async (
  dataSource: DataSource,
  caseId: string,
): Promise<{ summary: CaseSummary; team: CaseTeamMember[] } | null> => {
  const sql = statements(dataSource);
  if (!sql) {
    const summary = await dataSource.getRepository(CaseSummary).findOneBy({ caseId });
    if (!summary) return null;
    const team = await dataSource
      .getRepository(CaseTeamMember)
      .find({ where: { caseId }, order: { addedAt: 'ASC', userId: 'ASC' } });
    return { summary, team };
  }
  const row = await sql.withTeam.load(caseId);
  if (!row) return null;
  const members = (row['team'] ?? []) as Record<string, unknown>[];
  return { summary: asSummary(sql.summary.map(row)), team: members.map((m) => asMember(sql.mapMember(m))) };
};
