/**
 * A writer process for the two-process sequencer test: WRITERS concurrent writers each enqueue
 * COUNT single entries (even writers autocommit, odd ones inside a transaction of their own) into
 * the log in SCHEMA, while this process runs its own sequencer. After each enqueue is durable it
 * prints the entry's request id on a line of its own; it prints `done` when all are.
 */
import { Pool } from 'pg';
import { PostgresAuditLogStore } from '../lib/postgres-audit-log-store';
import { anEntry } from './entries';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};

const main = async (): Promise<void> => {
  const label = env('LABEL');
  const writers = Number(env('WRITERS'));
  const count = Number(env('COUNT'));
  const pool = new Pool({ connectionString: env('DATABASE_URL'), max: writers + 2 });
  const store = await PostgresAuditLogStore.create({ pool, schema: env('SCHEMA') });
  store.startSequencer({ idleMs: 10 });
  const writer = async (w: number): Promise<void> => {
    for (let i = 0; i < count; i++) {
      const requestId = `${label}-${w}-${i}`;
      const entry = anEntry(i, { requestId, correlationId: null });
      if (w % 2 === 0) {
        await store.enqueue([entry]);
      } else {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await store.enqueueWithin(client, [entry]);
          await client.query('COMMIT');
        } finally {
          client.release();
        }
        store.wake();
      }
      process.stdout.write(`${requestId}\n`);
    }
  };
  await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
  await store.sync();
  await store.stopSequencer();
  await pool.end();
  process.stdout.write('done\n');
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
