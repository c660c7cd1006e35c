import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type TestApp } from './test-app';

/** Every byte the database holds that SQL can reach (PostgreSQL), or every byte of its files (SQLite). */
export const rawContent = async (t: TestApp): Promise<string> => {
  if (t.location.schema && t.location.pool) {
    const { rows: tables } = await t.location.pool.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1`,
      [t.location.schema],
    );
    const dumps = await Promise.all(
      tables.map(async ({ table_name }) => {
        const { rows } = await t.location.pool!.query(
          `SELECT t::text AS row FROM "${t.location.schema}"."${table_name}" t`,
        );
        return rows.map((r: { row: string }) => r.row).join('\n');
      }),
    );
    return dumps.join('\n');
  }
  const dir = t.location.dir as string;
  return readdirSync(dir)
    .map((file) => readFileSync(join(dir, file)).toString('latin1'))
    .join('\n');
};
