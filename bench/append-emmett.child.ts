// Emmett's event store on the append workload, in a process of its own: it sets pg's type parsers
// process-wide (int8 as BigInt, its own JSON parser), which must not touch the other contenders.
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { Pool } from 'pg';
import { serveRequests } from './support/child';
import { teamMemberAdded } from './support/case-events';
import { runConcurrently, type Throughput } from './support/measure';

export interface EmmettAppendRequest {
  readonly writers: number;
  readonly durationMs: number;
}

const url = process.env['BENCH_EMMETT_URL'];
if (!url) throw new Error('BENCH_EMMETT_URL is not set');
const pool = new Pool({ connectionString: url, max: Number(process.env['BENCH_POOL_SIZE'] ?? 8) });
const store = getPostgreSQLEventStore(url, { connectionOptions: { pool } });

const appendOne = async (): Promise<void> => {
  const { data, metadata } = teamMemberAdded();
  await store.appendToStream(`case-${data.caseId}`, [{ type: 'TeamMemberAdded', data, metadata: { ...metadata } }]);
};

serveRequests<EmmettAppendRequest, Throughput>(
  async ({ writers, durationMs }) => {
    await store.schema.migrate();
    return runConcurrently(writers, durationMs, appendOne);
  },
  async () => {
    await store.close();
    await pool.end();
  },
);
