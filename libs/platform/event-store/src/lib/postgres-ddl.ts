import { createHash } from 'node:crypto';
import { type Pool } from 'pg';

export const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** PostgreSQL keeps the first 63 bytes of an identifier, a prepared statement's name included. */
const MAX_IDENTIFIER_BYTES = 63;
const shortened = new Map<string, string>();

/**
 * The name under which a statement is prepared: `name` itself when PostgreSQL keeps it whole, else
 * its start and a hash of all of it. Two long names that share their first 63 bytes (a long schema
 * name before `.append` and before `.append+….audit-enqueue-along`) would otherwise name two
 * statements alike, and the second prepare on a connection fails.
 */
export const statementName = (name: string): string => {
  if (Buffer.byteLength(name) <= MAX_IDENTIFIER_BYTES) return name;
  let short = shortened.get(name);
  if (short === undefined) {
    const hash = createHash('sha256').update(name).digest('base64url').slice(0, 22);
    short = `${Buffer.from(name)
      .subarray(0, 32)
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '_')}#${hash}`;
    shortened.set(name, short);
  }
  return short;
};

const migrations = new WeakMap<Pool, Map<string, Promise<void>>>();

/**
 * Runs a store's `CREATE … IF NOT EXISTS` once per pool and key. Concurrent DDL of that kind can
 * still collide on the catalog (two stores starting together, two app instances), so it runs under
 * an advisory lock named by the key.
 */
export const migrateOnce = (pool: Pool, key: string, ddl: string): Promise<void> => {
  const byKey = migrations.get(pool) ?? new Map<string, Promise<void>>();
  migrations.set(pool, byKey);
  let done = byKey.get(key);
  if (!done) {
    done = (async () => {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
        await client.query(ddl);
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1))', [key]).catch(() => undefined);
        client.release();
      }
    })();
    byKey.set(key, done);
    done.catch(() => byKey.delete(key));
  }
  return done;
};

/**
 * Refuses a schema that lacks any of `tables`: a store opened with `createTables: false` expects the
 * platform's migrations to have made them (`npm run migrate`, or the API on start).
 */
export const assertTablesExist = async (pool: Pool, schema: string, tables: readonly string[]): Promise<void> => {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT t AS name FROM unnest($2::text[]) AS t WHERE to_regclass(quote_ident($1) || '.' || quote_ident(t)) IS NULL`,
    [schema, tables],
  );
  if (rows.length > 0)
    throw new MissingTablesError(
      schema,
      rows.map((r) => r.name),
    );
};

export class MissingTablesError extends Error {
  readonly code = 'STORE.TABLES_MISSING';
  constructor(where: string, tables: readonly string[]) {
    super(`${where} lacks the tables ${tables.join(', ')}: run the migrations first (npm run migrate)`);
  }
}
