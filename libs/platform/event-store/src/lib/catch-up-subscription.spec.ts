import { AppendSignal } from './append-signal';
import { CatchUpSubscription } from './catch-up-subscription';
import {
  type CheckpointStore,
  comparePositions,
  type EventStore,
  type GlobalPosition,
  type ReadAllOptions,
  type RecordedEvent,
} from './event-store';

const recorded = (n: number): RecordedEvent => ({
  eventId: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  type: 'Noted',
  schemaVersion: 1,
  data: {},
  metadata: {
    occurredAt: '2026-12-06T00:00:00.000Z',
    actor: { userId: 'u', agencyId: 'a', role: 'caseworker' },
    purpose: 'integration',
    correlationId: 'c',
    causationId: null,
  },
  streamId: 'stream-1',
  version: n,
  position: { commit: BigInt(n), prepare: 0n },
});

/**
 * A log in memory whose reads are answered from the events there when the read began; `duringRead`
 * runs while a read is under way, after its events were taken — as an append that commits meanwhile.
 */
const memoryStore = (log: RecordedEvent[], signal: AppendSignal, duringRead: (read: number) => void) => {
  const positions = new Map<string, GlobalPosition>();
  const checkpoints: CheckpointStore = {
    load: (id) => Promise.resolve(positions.get(id) ?? null),
    save: (id, position) => {
      positions.set(id, position);
      return Promise.resolve();
    },
  };
  let reads = 0;
  const store: Pick<EventStore, 'readAll' | 'waitForAppends' | 'checkpoints'> = {
    readAll: ({ after, limit }: ReadAllOptions) => {
      const page = log.filter((e) => !after || comparePositions(e.position, after) > 0).slice(0, limit);
      reads += 1;
      duringRead(reads);
      return Promise.resolve(page);
    },
    waitForAppends: (timeoutMs, abort) => signal.wait(timeoutMs, abort),
    checkpoints,
  };
  return store as EventStore;
};

/** Lets the event loop turn (no timer runs) until `done` holds or `turns` have passed. */
const turnsUntil = async (done: () => boolean, turns = 200): Promise<void> => {
  for (let i = 0; i < turns && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('CatchUpSubscription', () => {
  it('hears an append announced while a page was read, without waiting for the idle poll', async () => {
    const log = [recorded(1)];
    const signal = new AppendSignal();
    // The first read misses event 2: it commits and is announced while that read is under way.
    const store = memoryStore(log, signal, (read) => {
      if (read === 1) {
        log.push(recorded(2));
        signal.notify();
      }
    });
    const handled: number[] = [];
    const subscription = new CatchUpSubscription(store, {
      subscriptionId: 'test',
      handle: (events) => {
        handled.push(...events.map((e) => e.version));
        return Promise.resolve();
      },
      // No timer fires in this test: only the announcement can bring event 2.
      idleMs: 60_000,
    });

    subscription.start();
    await turnsUntil(() => handled.includes(2));
    await subscription.stop();

    expect(handled).toEqual([1, 2]);
  });

  it('follows a log longer than one page, then waits for appends', async () => {
    const log = [1, 2, 3, 4, 5].map(recorded);
    const signal = new AppendSignal();
    const store = memoryStore(log, signal, () => undefined);
    const pages: number[][] = [];
    const subscription = new CatchUpSubscription(store, {
      subscriptionId: 'test',
      batchSize: 2,
      handle: (events) => {
        pages.push(events.map((e) => e.version));
        return Promise.resolve();
      },
      idleMs: 60_000,
    });

    subscription.start();
    await turnsUntil(() => pages.length === 3);
    log.push(recorded(6));
    signal.notify();
    await turnsUntil(() => pages.length === 4);
    await subscription.stop();

    expect(pages).toEqual([[1, 2], [3, 4], [5], [6]]);
  });
});

describe('CatchUpSubscription under load (coalesce)', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  /**
   * Appends each group `after` ms once the one before it was handled (all at once: a page each), announced;
   * returns the events handled and when each read began.
   */
  const run = async (groups: readonly { size: number; after: number }[]) => {
    const log: RecordedEvent[] = [];
    const signal = new AppendSignal();
    const readAt: number[] = [];
    const store = memoryStore(log, signal, () => readAt.push(performance.now()));
    const handled: number[] = [];
    const subscription = new CatchUpSubscription(store, {
      subscriptionId: 'test',
      handle: (events) => {
        handled.push(...events.map((e) => e.version));
        return Promise.resolve();
      },
      idleMs: 60_000,
      coalesce: { ms: 60, fromEvents: 8, fromPerSecond: 500 },
    });
    subscription.start();
    // Its first read finds the log empty; the groups come after it.
    await turnsUntil(() => readAt.length > 0);
    let version = 0;
    for (const { size, after } of groups) {
      await sleep(after);
      for (let i = 0; i < size; i++) log.push(recorded(++version));
      signal.notify();
      const until = version;
      for (let i = 0; i < 500 && handled[handled.length - 1] !== until; i++) await sleep(1);
    }
    await subscription.stop();
    return { handled, readAt };
  };

  it('reads the page after a fast one (8 events within a few ms) no sooner than `ms` after it', async () => {
    const { handled, readAt } = await run([
      { size: 8, after: 0 },
      { size: 1, after: 0 },
    ]);

    expect(handled).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // Reads: the empty first one, then the pages of 8 and 1.
    const [, fast, next] = readAt as [number, number, number];
    expect(next - fast).toBeGreaterThanOrEqual(59);
  });

  it('reads at once while events come slower (one user, light load)', async () => {
    const { handled, readAt } = await run([
      { size: 2, after: 30 },
      { size: 2, after: 30 },
      { size: 2, after: 30 },
    ]);

    expect(handled).toEqual([1, 2, 3, 4, 5, 6]);
    // Each page's read follows its append at once: three pages in ~90 ms, none held back by 60 ms.
    const [, first, second, third] = readAt as [number, number, number, number];
    expect(second - first).toBeLessThan(55);
    expect(third - second).toBeLessThan(55);
  });

  it('reads at once after a small page, however fast its events came', async () => {
    const { readAt } = await run([
      { size: 2, after: 0 },
      { size: 1, after: 0 },
    ]);

    const [, small, next] = readAt as [number, number, number];
    expect(next - small).toBeLessThan(55);
  });

  it('stops holding pages back once the stream slows, however large the held pages grew', async () => {
    // 12 events in one page (fast), then 8 over the 60 ms held back: 133 a second, below 500.
    const { readAt } = await run([
      { size: 12, after: 0 },
      { size: 8, after: 0 },
      { size: 1, after: 0 },
    ]);

    const [, , slow, next] = readAt as [number, number, number, number];
    expect(next - slow).toBeLessThan(55);
  });
});
