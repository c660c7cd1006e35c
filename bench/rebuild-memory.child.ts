// One cold rebuild in a fresh process, as the rebuild-read-models script would run it, with its
// resident memory sampled throughout.
import { caseProjection, openPersistence, ProjectionRunner } from '@fallverbund/cases-application';
import { serveRequests } from './support/child';
import { sampleRss } from './support/measure';

export interface RebuildMemoryRequest {
  readonly schema: string;
  readonly poolSize: number;
}

export interface RebuildMemoryReply {
  readonly events: number;
  readonly ms: number;
  readonly rssBefore: number;
  /** Sampled every 50 ms while the rebuild ran. */
  readonly peakRss: number;
  /** The process's high-water mark since it started (getrusage), in bytes. */
  readonly maxRss: number;
  /** Heap still in use after a full collection once the rebuild is done: what the rebuild retained. */
  readonly heapUsedAfterGc: number;
}

const url = process.env['BENCH_DATABASE_URL'];
const masterKey = process.env['BENCH_MASTER_KEY'];
if (!url || !masterKey) throw new Error('BENCH_DATABASE_URL and BENCH_MASTER_KEY must be set');

serveRequests<RebuildMemoryRequest, RebuildMemoryReply>(async ({ schema, poolSize }) => {
  const persistence = await openPersistence({
    kind: 'postgres',
    url,
    schema,
    poolSize,
    masterKey: Buffer.from(masterKey, 'base64'),
  });
  try {
    const runner = new ProjectionRunner({
      events: persistence.rawEvents,
      dataSource: persistence.dataSource,
      projections: [caseProjection],
      writeLock: persistence.readModelLock,
      rebuildConcurrency: 2,
    });
    const started = performance.now();
    const { result, rssBefore, peakRss } = await sampleRss(() => runner.rebuild());
    const ms = Math.round(performance.now() - started);
    const maxRss = process.resourceUsage().maxRSS * 1024;
    if (!global.gc) throw new Error('start this child with --expose-gc');
    global.gc();
    return { events: result.events, ms, rssBefore, peakRss, maxRss, heapUsedAfterGc: process.memoryUsage().heapUsed };
  } finally {
    await persistence.close();
  }
});
