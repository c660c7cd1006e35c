import { type DataSource, type MigrationInterface, MigrationExecutor } from 'typeorm';
import { quoteIdent } from '@fallverbund/event-store';
import { PostgresBaseline1796428800000 } from './postgres-baseline.migration';
import { SqliteBaseline1796428800000 } from './sqlite-baseline.migration';
import {
  PostgresEvaluationRestriction1796515200000,
  SqliteEvaluationRestriction1796515200000,
} from './evaluation-restriction.migration';
import { PostgresFirstContact1796601600000, SqliteFirstContact1796601600000 } from './first-contact.migration';
import { PostgresRetentionSchedule1796464800000 } from './postgres-retention-schedule.migration';
import {
  PostgresSealedJustification1796688000000,
  SqliteSealedJustification1796688000000,
} from './sealed-justification.migration';
import { SqliteRetentionSchedule1796464800000 } from './sqlite-retention-schedule.migration';

/**
 * The versioned migrations of each database, oldest first. A new migration is a new class with a
 * later timestamp in its name, added at the end; a migration that shipped is never edited.
 */
export const POSTGRES_MIGRATIONS: readonly (new () => MigrationInterface)[] = [
  PostgresBaseline1796428800000,
  PostgresRetentionSchedule1796464800000,
  PostgresEvaluationRestriction1796515200000,
  PostgresFirstContact1796601600000,
  PostgresSealedJustification1796688000000,
];
export const SQLITE_MIGRATIONS: readonly (new () => MigrationInterface)[] = [
  SqliteBaseline1796428800000,
  SqliteRetentionSchedule1796464800000,
  SqliteEvaluationRestriction1796515200000,
  SqliteFirstContact1796601600000,
  SqliteSealedJustification1796688000000,
];

/** Where TypeORM records which migrations ran (in the configured schema on PostgreSQL). */
export const MIGRATIONS_TABLE = 'schema_migrations';

/** The DataSource options that name the migrations of a driver. */
export const migrationOptions = (kind: 'postgres' | 'sqlite') => ({
  migrations: [...(kind === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS)],
  migrationsTableName: MIGRATIONS_TABLE,
  migrationsTransactionMode: 'all' as const,
});

/** The advisory lock key of a schema's migrations (one lock per schema: tests share one database). */
export const migrationLockKey = (schema: string): string => `fallverbund-migrations:${schema}`;

/**
 * Runs the pending migrations and returns the names of those it ran. On PostgreSQL it holds a
 * session-level advisory lock meanwhile, so replicas starting together take turns: the first runs
 * them, the others then find none pending. SQLite has a single writer; TypeORM's transaction and
 * the file's lock serialise it.
 */
export const runMigrations = async (dataSource: DataSource): Promise<string[]> => {
  const options = dataSource.options;
  if (options.type !== 'postgres') return (await dataSource.runMigrations()).map((m) => m.name);
  const schema = options.schema ?? 'public';
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock(hashtext($1))', [migrationLockKey(schema)]);
    try {
      await lock.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
      return (await dataSource.runMigrations()).map((m) => m.name);
    } finally {
      // A session that broke meanwhile has lost the lock anyway; its error is not the one to report.
      await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [migrationLockKey(schema)]).catch(() => undefined);
    }
  } finally {
    await lock.release();
  }
};

/** Names of the migrations that have not run on this database (creates nothing). */
export const pendingMigrations = async (dataSource: DataSource): Promise<string[]> =>
  (await new MigrationExecutor(dataSource).getPendingMigrations()).map((m) => m.name);
