// One cold rebuild in a fresh process, as the rebuild-read-models script would run it, with its
// resident memory sampled throughout.
import { caseProjection, openPersistence, ProjectionRunner } from '@fallverbund/cases-application';
import { serveRequests } from './support/child';
import { sampleRss } from './support/measure';

export interface RebuildMemoryRequest {
  readonly schema: string;
  readonly poolSize: number;
  /**
   * Measure the live heap instead of leaving the collector alone: a full collection every this many ms
   * while the rebuild runs, the heap in use right after each one (slows the rebuild; its time then says
   * nothing).
   */
  readonly liveEveryMs?: number;
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
  /** With `liveEveryMs`: the heap in use after a full collection before the rebuild, and its most during it. */
  readonly live?: { readonly before: number; readonly peak: number; readonly collections: number };
}

const url = process.env['BENCH_DATABASE_URL'];
const masterKey = process.env['BENCH_MASTER_KEY'];
if (!url || !masterKey) throw new Error('BENCH_DATABASE_URL and BENCH_MASTER_KEY must be set');

/** The heap in use right after a full collection: what is alive. */
const liveHeap = (): number => {
  if (!global.gc) throw new Error('start this child with --expose-gc');
  global.gc();
  return process.memoryUsage().heapUsed;
};

/** `work`, with the live heap measured every `everyMs` while it runs. */
const sampleLive = async <T>(work: () => Promise<T>, everyMs: number) => {
  const before = liveHeap();
  let peak = before;
  let collections = 0;
  const timer = setInterval(() => {
    peak = Math.max(peak, liveHeap());
    collections += 1;
  }, everyMs);
  try {
    const result = await work();
    return { result, live: { before, peak: Math.max(peak, liveHeap()), collections } };
  } finally {
    clearInterval(timer);
  }
};

serveRequests<RebuildMemoryRequest, RebuildMemoryReply>(async ({ schema, poolSize, liveEveryMs }) => {
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
    const run: () => Promise<{ result: { events: number }; live?: RebuildMemoryReply['live'] }> =
      liveEveryMs === undefined
        ? async () => ({ result: await runner.rebuild(), live: undefined })
        : () => sampleLive(() => runner.rebuild(), liveEveryMs);
    const {
      result: { result, live },
      rssBefore,
      peakRss,
    } = await sampleRss(run);
    const ms = Math.round(performance.now() - started);
    const maxRss = process.resourceUsage().maxRSS * 1024;
    const heapUsedAfterGc = liveHeap();
    return { events: result.events, ms, rssBefore, peakRss, maxRss, heapUsedAfterGc, ...(live ? { live } : {}) };
  } finally {
    await persistence.close();
  }
});
