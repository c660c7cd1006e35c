import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { caseProjection, openPersistence, type Persistence, ProjectionRunner } from '@fallverbund/cases-application';
import { caseStreamId } from '@fallverbund/cases-domain';
import { type EventStore, type GlobalPosition, PostgresEventStore } from '@fallverbund/event-store';
import type { RebuildMemoryReply, RebuildMemoryRequest } from './rebuild-memory.child';
import { type Benchmark, progress } from './support/benchmark';
import { createBenchSchema, openBenchPool, quoteIdent } from './support/bench-database';
import { caseEvents } from './support/case-events';
import { Child } from './support/child';
import {
  alternate,
  median,
  medianRatio,
  ratio,
  roundRatios,
  type Throughput,
  throughput,
  timed,
} from './support/measure';
import { atLeast, atMost, formatMiB, formatNumber } from './support/report';

const SMALL_CASES = 10_000;
const LARGE_CASES = 50_000;
const EVENTS_PER_CASE = 2;
const PAGE = 1000;
const POOL_SIZE = 8;
const FILL_WRITERS = 16;
const ROUNDS = 3;
/**
 * V8 grows its heap lazily: with the default heap a longer rebuild simply leaves more garbage between
 * collections, so its peak RSS says little about what it keeps. What a rebuild keeps is measured directly:
 * a second cold run collects fully every LIVE_EVERY_MS and records the heap in use after each collection.
 * A rebuild that held the log would grow it with the log; one that holds a few pages stays flat. (Until the
 * eighteenth session an old space capped at 96 MiB did this job; once the process itself held 62–67 MiB
 * after a full collection, the pages in flight met that cap in one run of three: docs/benchmarks.md.)
 */
const LIVE_EVERY_MS = 100;
/** Not from the issue: how much a five times longer log may raise the live heap's peak. */
const MEMORY_GROWTH_LIMIT = 1.25;

/**
 * Appends `cases` cases (CaseOpened + TeamMemberAdded in one append each) through the production
 * store, so the participant's identity is sealed under a subject key as it is in production.
 */
const fill = async (persistence: Persistence, from: number, cases: number): Promise<Throughput> => {
  let next = from;
  const end = from + cases;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: FILL_WRITERS }, async () => {
      while (next < end) {
        const { caseId, events } = caseEvents(next);
        next += 1;
        await persistence.events.appendToStream(caseStreamId(caseId), events, 0);
      }
    }),
  );
  return throughput(cases * EVENTS_PER_CASE, performance.now() - started);
};

const readEverything = async (store: EventStore): Promise<number> => {
  let after: GlobalPosition | undefined;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ ...(after ? { after } : {}), limit: PAGE });
    const last = page[page.length - 1];
    if (!last) return count;
    count += page.length;
    after = last.position;
  }
};

interface MemoryRun extends RebuildMemoryReply {
  readonly measure: 'rss' | 'live';
}

const rebuildInChild = async (
  url: string,
  masterKey: Buffer,
  schema: string,
  measure: MemoryRun['measure'],
): Promise<MemoryRun> => {
  const child = new Child<RebuildMemoryRequest, RebuildMemoryReply>(join(__dirname, 'rebuild-memory.child.ts'), {
    env: { BENCH_DATABASE_URL: url, BENCH_MASTER_KEY: masterKey.toString('base64') },
    nodeOptions: ['--expose-gc'],
  });
  try {
    return {
      measure,
      ...(await child.request({
        schema,
        poolSize: POOL_SIZE,
        ...(measure === 'live' ? { liveEveryMs: LIVE_EVERY_MS } : {}),
      })),
    };
  } finally {
    await child.close();
  }
};

const memoryRuns = async (url: string, masterKey: Buffer, schema: string): Promise<MemoryRun[]> => [
  await rebuildInChild(url, masterKey, schema, 'rss'),
  await rebuildInChild(url, masterKey, schema, 'live'),
];

/**
 * 100,000 encrypted case events; a bare ordered read of the log against a full rebuild of the case
 * read models, and the peak memory of a cold rebuild process at 20,000 and at 100,000 events.
 */
export const rebuildBenchmark: Benchmark = {
  name: 'rebuild',
  description:
    'Events/s of ProjectionRunner.rebuild() with caseProjection (decrypting through ProtectedEventStore, writing the ' +
    'read models) against a bare readAll of the same log in pages of 1,000 (a second PostgresEventStore on the ' +
    'schema, no decryption); peak RSS of a rebuild in its own process at 20,000 and 100,000 events.',
  async run({ url, adminPool }) {
    const schema = await createBenchSchema(adminPool, 'rebuild');
    const masterKey = randomBytes(32);
    const readerPool = openBenchPool(url, 2);
    let persistence: Persistence | undefined;
    try {
      const s = quoteIdent(schema.name);
      persistence = await openPersistence({
        kind: 'postgres',
        url,
        schema: schema.name,
        poolSize: POOL_SIZE,
        masterKey,
      });

      progress('rebuild', `filling ${formatNumber(SMALL_CASES * EVENTS_PER_CASE)} events`);
      const fillSmall = await fill(persistence, 0, SMALL_CASES);
      progress('rebuild', `filled at ${formatNumber(fillSmall.perSecond)} events/s; cold rebuilds in child processes`);
      const memorySmall = await memoryRuns(url, masterKey, schema.name);

      progress('rebuild', `filling up to ${formatNumber(LARGE_CASES * EVENTS_PER_CASE)} events`);
      const fillLarge = await fill(persistence, SMALL_CASES, LARGE_CASES - SMALL_CASES);
      progress('rebuild', `filled at ${formatNumber(fillLarge.perSecond)} events/s; cold rebuilds in child processes`);
      const memoryLarge = await memoryRuns(url, masterKey, schema.name);

      const total = LARGE_CASES * EVENTS_PER_CASE;
      const bare = await PostgresEventStore.create({ pool: readerPool, schema: schema.name });
      const decrypting = persistence.events;
      const runner = new ProjectionRunner({
        events: persistence.rawEvents,
        dataSource: persistence.dataSource,
        projections: [caseProjection],
        writeLock: persistence.readModelLock,
        rebuildConcurrency: 2,
        batchSize: PAGE,
      });
      // A read that returned more or fewer events than were appended would make every figure wrong.
      const expectAll = (what: string, count: number): number => {
        if (count !== total) throw new Error(`${what} saw ${count} events, expected ${total}`);
        return count;
      };
      const contenders = {
        read: () => timed(async () => expectAll('bare read', await readEverything(bare))),
        decryptingRead: () => timed(async () => expectAll('decrypting read', await readEverything(decrypting))),
        rebuild: () => timed(async () => expectAll('rebuild', (await runner.rebuild()).events)),
      };

      progress('rebuild', 'warming up: one run of each');
      const warmup = {
        read: await contenders.read(),
        decryptingRead: await contenders.decryptingRead(),
        rebuild: await contenders.rebuild(),
      };
      const rounds = await alternate(ROUNDS, contenders, (round, name, result) =>
        progress('rebuild', `round ${round} ${name}: ${formatNumber(result.perSecond)} events/s`),
      );

      // The read models must hold every case, with the sealed identity, or the rebuild skipped work.
      const { rows } = await adminPool.query<Record<string, string>>(`
        SELECT (SELECT count(*) FROM ${s}.case_summaries) AS summaries,
               (SELECT count(*) FROM ${s}.case_team_members) AS members,
               (SELECT count(*) FROM ${s}.case_summaries WHERE "participantSealed" IS NOT NULL) AS named,
               (SELECT count(*) FROM ${s}.events WHERE type = 'CaseOpened' AND data ? 'participant') AS stored_in_clear`);
      const readModels = Object.fromEntries(Object.entries(rows[0] ?? {}).map(([k, v]) => [k, Number(v)]));
      const expected = {
        summaries: LARGE_CASES,
        members: total,
        named: LARGE_CASES,
        stored_in_clear: 0,
      };
      if (Object.entries(expected).some(([k, v]) => readModels[k] !== v)) {
        throw new Error(`unexpected state after the rebuild: ${JSON.stringify(readModels)}`);
      }

      const medians = {
        read: median(rounds.read.map((r) => r.perSecond)),
        decryptingRead: median(rounds.decryptingRead.map((r) => r.perSecond)),
        rebuild: median(rounds.rebuild.map((r) => r.perSecond)),
      };
      const rebuildToRead = medianRatio(rounds.rebuild, rounds.read);
      const decryptingReadToRead = medianRatio(rounds.decryptingRead, rounds.read);
      const [defaultSmall, liveSmall] = memorySmall as [MemoryRun, MemoryRun];
      const [defaultLarge, liveLarge] = memoryLarge as [MemoryRun, MemoryRun];
      const defaultGrowth = ratio(defaultLarge.peakRss, defaultSmall.peakRss);
      const livePeak = (m: MemoryRun): number => m.live?.peak ?? NaN;
      const liveGrowth = ratio(livePeak(liveLarge), livePeak(liveSmall));
      const perRound = (name: keyof typeof rounds) => rounds[name].map((r) => formatNumber(r.perSecond));
      const peaks = (small: MemoryRun, large: MemoryRun) =>
        `peak RSS ${formatMiB(small.peakRss)} at ${formatNumber(small.events)} events, ` +
        `${formatMiB(large.peakRss)} at ${formatNumber(large.events)} events`;
      return {
        config: {
          cases: LARGE_CASES,
          events: total,
          smallEvents: SMALL_CASES * EVENTS_PER_CASE,
          pageSize: PAGE,
          poolSize: POOL_SIZE,
          fillWriters: FILL_WRITERS,
          rounds: ROUNDS,
          memorySampleMs: 50,
          liveHeapSampleMs: LIVE_EVERY_MS,
          memoryGrowthLimit: MEMORY_GROWTH_LIMIT,
        },
        results: {
          fill: { small: fillSmall, large: fillLarge },
          medianEventsPerSecond: medians,
          ratios: {
            rebuildToRead,
            decryptingReadToRead,
            peakRss100kTo20k: defaultGrowth,
            peakLiveHeap100kTo20k: liveGrowth,
          },
          roundRatios: {
            rebuildToRead: roundRatios(rounds.rebuild, rounds.read),
            decryptingReadToRead: roundRatios(rounds.decryptingRead, rounds.read),
          },
          rounds,
          warmup,
          memory: { small: memorySmall, large: memoryLarge },
          readModels,
        },
        targets: [
          atLeast(
            'rebuild/read',
            rebuildToRead,
            0.3, // issue 15 (was 0.2)
            `rebuild: rebuild ${formatNumber(medians.rebuild)} events/s, bare read ${formatNumber(medians.read)} events/s`,
          ),
          atMost(
            'rebuild peak live heap 100k/20k',
            liveGrowth,
            MEMORY_GROWTH_LIMIT,
            `rebuild memory (heap in use after a full collection every ${LIVE_EVERY_MS} ms): peak ` +
              `${formatMiB(livePeak(liveSmall))} at ${formatNumber(liveSmall.events)} events, ` +
              `${formatMiB(livePeak(liveLarge))} at ${formatNumber(liveLarge.events)} events ` +
              `(${formatMiB(liveSmall.live?.before ?? NaN)} / ${formatMiB(liveLarge.live?.before ?? NaN)} before the rebuild)`,
          ),
        ],
        notes: [
          `rebuild memory (default heap): ${peaks(defaultSmall, defaultLarge)}, ratio ${defaultGrowth.toFixed(2)}; ` +
            `heap in use after a full GC ${formatMiB(defaultSmall.heapUsedAfterGc)} and ${formatMiB(defaultLarge.heapUsedAfterGc)}`,
          `rebuild: decrypting read ${formatNumber(medians.decryptingRead)} events/s, ` +
            `${decryptingReadToRead.toFixed(2)} of the bare read (the ceiling for a rebuild that decrypts)`,
        ],
        tables: [
          {
            title: `rebuild: events/s over ${formatNumber(total)} events, pages of ${formatNumber(PAGE)}`,
            headers: ['events/s', ...rounds.read.map((_, i) => `round ${i + 1}`), 'median'],
            rows: [
              ['bare readAll (PostgresEventStore)', ...perRound('read'), formatNumber(medians.read)],
              [
                'readAll decrypting (ProtectedEventStore)',
                ...perRound('decryptingRead'),
                formatNumber(medians.decryptingRead),
              ],
              ['ProjectionRunner.rebuild()', ...perRound('rebuild'), formatNumber(medians.rebuild)],
              [
                'decrypting / bare',
                ...roundRatios(rounds.decryptingRead, rounds.read).map((r) => r.toFixed(2)),
                decryptingReadToRead.toFixed(2),
              ],
              [
                'rebuild / bare',
                ...roundRatios(rounds.rebuild, rounds.read).map((r) => r.toFixed(2)),
                rebuildToRead.toFixed(2),
              ],
            ],
          },
          {
            title: 'rebuild: a cold rebuild in its own process',
            headers: [
              'events',
              'run',
              'rebuild ms',
              'RSS before',
              'peak RSS',
              'max RSS',
              'heap after GC',
              'live heap before',
              'live heap peak',
            ],
            rows: [defaultSmall, defaultLarge, liveSmall, liveLarge].map((m) => [
              formatNumber(m.events),
              m.measure === 'rss' ? 'as is' : `full GC every ${LIVE_EVERY_MS} ms`,
              formatNumber(m.ms),
              formatMiB(m.rssBefore),
              formatMiB(m.peakRss),
              formatMiB(m.maxRss),
              formatMiB(m.heapUsedAfterGc),
              m.live ? formatMiB(m.live.before) : '–',
              m.live ? `${formatMiB(m.live.peak)} (${m.live.collections} GCs)` : '–',
            ]),
          },
          {
            title: 'rebuild: filling the log through ProtectedEventStore (not a target)',
            headers: ['events', 'ms', 'events/s'],
            rows: [fillSmall, fillLarge].map((f) => [
              formatNumber(f.operations),
              formatNumber(f.ms),
              formatNumber(f.perSecond),
            ]),
          },
        ],
      };
    } finally {
      await persistence?.close();
      await readerPool.end();
      await schema.drop();
    }
  },
};
