import Database from 'better-sqlite3';
import { Pool, type PoolClient } from 'pg';

/**
 * The little SQL this subscriber needs, on SQLite (one file, no server) or PostgreSQL. Statements
 * use `$1, $2, …` placeholders and SQL both databases understand (`ON CONFLICT … DO …`).
 */
export interface Sql {
  /** Which database: for the few statements that differ (the migrations' lock). */
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs a statement; resolves with the number of rows it inserted, changed or deleted. */
  run(statement: string, params?: readonly unknown[]): Promise<number>;
  all<Row>(query: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Runs `work` in one transaction: all of its statements commit together, or none does. */
  transaction<T>(work: (sql: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const sqliteSql = (file: string): Sql => {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL'); // an acknowledged (committed) figure survives a power cut
  // The statements say `$1, $2` as PostgreSQL does; SQLite gets `?` and the values in that order.
  const statements = new Map<string, { statement: Database.Statement; order: number[] }>();
  const prepare = (text: string, params: readonly unknown[]) => {
    let prepared = statements.get(text);
    if (!prepared) {
      const order: number[] = [];
      const statement = db.prepare(text.replace(/\$(\d+)/g, (_, n: string) => (order.push(Number(n) - 1), '?')));
      prepared = { statement, order };
      statements.set(text, prepared);
    }
    return { statement: prepared.statement, values: prepared.order.map((index) => params[index]) };
  };
  // One connection: transactions queue up behind each other instead of interleaving.
  let queue: Promise<unknown> = Promise.resolve();
  const sql: Sql = {
    dialect: 'sqlite',
    run: (text, params = []) => {
      const { statement, values } = prepare(text, params);
      return Promise.resolve(statement.run(...values).changes);
    },
    all: <Row>(text: string, params: readonly unknown[] = []) => {
      const { statement, values } = prepare(text, params);
      return Promise.resolve(statement.all(...values) as Row[]);
    },
    transaction: <T>(work: (sql: Sql) => Promise<T>): Promise<T> => {
      const result = queue.then(async () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const value = await work(sql);
          db.exec('COMMIT');
          return value;
        } catch (error) {
          db.exec('ROLLBACK');
          throw error;
        }
      });
      queue = result.catch(() => undefined);
      return result;
    },
    close: () => Promise.resolve(void db.close()),
  };
  return sql;
};

const clientSql = (client: PoolClient): Sql => ({
  dialect: 'postgres',
  run: async (statement, params = []) => (await client.query(statement, [...params])).rowCount ?? 0,
  all: async <Row>(query: string, params: readonly unknown[] = []) =>
    (await client.query(query, [...params])).rows as Row[],
  transaction: () => Promise.reject(new Error('nested transaction')),
  close: () => Promise.resolve(),
});

/** PostgreSQL; `schema` (optional) becomes the search path, e.g. for tests. */
export const postgresSql = (connectionString: string, schema?: string): Sql => {
  const pool = new Pool({
    connectionString,
    max: 4,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  return {
    dialect: 'postgres',
    run: async (statement, params = []) => (await pool.query(statement, [...params])).rowCount ?? 0,
    all: async <Row>(query: string, params: readonly unknown[] = []) =>
      (await pool.query(query, [...params])).rows as Row[],
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(clientSql(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
};
