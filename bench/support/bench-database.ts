import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

export const benchDatabaseUrl = (): string =>
  process.env['BENCH_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** A connection string whose sessions resolve unqualified names in `schema` only. */
export const urlWithSearchPath = (url: string, schema: string): string => {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
};

/** A fresh schema for one benchmark, dropped by `drop()` (kept for inspection when BENCH_KEEP_SCHEMAS is set). */
export interface BenchSchema {
  readonly name: string;
  drop(): Promise<void>;
}

export const createBenchSchema = async (pool: Pool, benchmark: string): Promise<BenchSchema> => {
  const name = `bench_${benchmark}_${randomBytes(4).toString('hex')}`;
  await pool.query(`CREATE SCHEMA ${quoteIdent(name)}`);
  return {
    name,
    drop: async () => {
      if (process.env['BENCH_KEEP_SCHEMAS']) {
        process.stderr.write(`[${benchmark}] kept schema ${name} (BENCH_KEEP_SCHEMAS)\n`);
        return;
      }
      await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
    },
  };
};

export interface DatabaseFacts {
  readonly version: string;
  readonly settings: Readonly<Record<string, string>>;
}

export const databaseFacts = async (pool: Pool): Promise<DatabaseFacts> => {
  const { rows } = await pool.query<{ name: string; setting: string }>(
    `SELECT name, current_setting(name) AS setting FROM pg_settings
     WHERE name IN ('server_version', 'fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections')`,
  );
  const settings = Object.fromEntries(rows.map((row) => [row.name, row.setting]));
  return { version: settings['server_version'] ?? 'unknown', settings };
};

export const openBenchPool = (url: string, max = 8): Pool => new Pool({ connectionString: url, max });
