import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';

export const testDatabaseUrl = (): string =>
  process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** `describe` when the global setup reached PostgreSQL, `describe.skip` (with its warning) otherwise. */
export const describeWithPostgres: jest.Describe =
  process.env['FALLVERBUND_POSTGRES'] === 'missing' ? describe.skip : describe;

/** A pool and a schema of its own for one test file; dropped by `drop()`. */
export const testSchema = async (
  label: string,
  poolSize = 10,
): Promise<{ pool: Pool; schema: string; drop(): Promise<void> }> => {
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: poolSize });
  const schema = `t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomUUID().slice(0, 8)}`;
  await pool.query(`CREATE SCHEMA "${schema}"`);
  return {
    pool,
    schema,
    drop: async () => {
      await pool.query(`DROP SCHEMA "${schema}" CASCADE`);
      await pool.end();
    },
  };
};
