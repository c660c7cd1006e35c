import { randomUUID } from 'node:crypto';
import { formatPosition, type GlobalPosition } from '@fallverbund/event-store';
import { type Persistence } from '../persistence/persistence';
import { type Projection } from './projection';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { ProjectionRunner } from './projection-runner';
import { noteEvent } from './testing/note-event';
import { openTestPersistence, PERSISTENCE_PROFILES } from '../persistence/testing/test-persistence';

const event = noteEvent;

describe.each(PERSISTENCE_PROFILES)('ProjectionRunner, one pass for all projections (%s)', (profile) => {
  let persistence: Persistence;
  let cleanup: () => Promise<void>;
  let table: (name: string) => string;
  const started: ProjectionRunner[] = [];

  beforeEach(async () => {
    const opened = await openTestPersistence(profile, 'single_pass', { poolSize: 6 });
    ({ persistence, close: cleanup } = opened);
    table = (name) => (opened.schema ? `"${opened.schema}".${name}` : name);
    for (const name of ['seen_a', 'seen_b'])
      await persistence.dataSource.query(`CREATE TABLE ${table(name)} (event_id varchar(36) NOT NULL)`);
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((r) => r.stop()));
    await cleanup();
  });

  /** Not idempotent on purpose: an event applied twice shows up as two rows. */
  const counting = (name: 'a' | 'b', failures = 0): Projection => {
    let left = failures;
    return {
      name: `counting-${name}`,
      tables: [],
      apply: async (events, manager) => {
        for (const e of events)
          await manager.query(
            `INSERT INTO ${table(`seen_${name}`)} (event_id) VALUES (${profile === 'postgres' ? '$1' : '?'})`,
            [e.eventId],
          );
        if (left > 0) {
          left--;
          throw new Error('projection failed after writing');
        }
      },
    };
  };
  /** `ownLock`: on PostgreSQL, a lock of its own, as another app instance would have. */
  const runner = (projections: Projection[], batchSize = 1000, ownLock = false): ProjectionRunner => {
    const r = new ProjectionRunner({
      events: persistence.rawEvents,
      dataSource: persistence.dataSource,
      projections,
      ...(ownLock && profile === 'postgres' ? {} : { writeLock: persistence.readModelLock }),
      batchSize,
      onError: () => undefined,
    });
    started.push(r);
    return r;
  };
  /** The position of the last event appended, as the append answered it (a read of the log may not see it yet). */
  const append = async (n: number) => {
    let last: GlobalPosition | undefined;
    for (let i = 0; i < n; i++)
      last = (await persistence.events.appendToStream(`note-${randomUUID()}`, [event()], 0)).lastPosition;
    if (!last) throw new Error('nothing appended');
    return last;
  };
  const seen = async (name: 'a' | 'b') =>
    (await persistence.dataSource.query<{ event_id: string }[]>(`SELECT event_id FROM ${table(`seen_${name}`)}`)).map(
      (r) => r.event_id,
    );
  const checkpoints = async () =>
    Object.fromEntries(
      (await persistence.dataSource.getRepository(ProjectionCheckpoint).find()).map((c) => [c.name, c.position]),
    );

  it('rolls a page back for every projection when one of them fails, then applies it once to each', async () => {
    const last = await append(6);
    const r = runner([counting('a'), counting('b', 2)]);
    r.start();
    expect(await r.waitFor(last, 20_000)).toBe(true);
    await r.stop();

    // counting-a wrote its rows before counting-b failed twice: had its writes been committed
    // on their own, it would hold every event three times.
    const a = await seen('a');
    expect(a).toHaveLength(6);
    expect(new Set(a).size).toBe(6);
    expect(await seen('b')).toHaveLength(6);
    expect(await checkpoints()).toEqual({ 'counting-a': formatPosition(last), 'counting-b': formatPosition(last) });
  });

  it('moves all checkpoints together, page by page', async () => {
    const last = await append(9);
    const r = runner([counting('a'), counting('b')], 4);
    r.start();
    expect(await r.waitFor(last, 20_000)).toBe(true);
    await r.stop();
    const positions = await checkpoints();
    expect(positions['counting-a']).toBe(formatPosition(last));
    expect(positions['counting-b']).toBe(positions['counting-a']);
    expect(await seen('a')).toHaveLength(9);
    expect(await seen('b')).toHaveLength(9);
  });

  it('gives a projection that is behind only the events after its own checkpoint', async () => {
    const first = await append(5);
    const alone = runner([counting('a')]);
    alone.start();
    expect(await alone.waitFor(first, 20_000)).toBe(true);
    await alone.stop();

    const last = await append(3);
    const both = runner([counting('a'), counting('b')], 2);
    both.start();
    expect(await both.waitFor(last, 20_000)).toBe(true);
    expect(await both.waitFor(last, 0, ['counting-b'])).toBe(true);
    await both.stop();
    const a = await seen('a');
    expect(a).toHaveLength(8);
    expect(new Set(a).size).toBe(8);
    expect(await seen('b')).toHaveLength(8);
  });

  it('applies each event once to each projection with two instances, even before any checkpoint exists', async () => {
    const last = await append(40);
    const runners = [0, 1].map(() => runner([counting('b'), counting('a')], 3, true));
    runners.forEach((r) => r.start());
    for (const r of runners) expect(await r.waitFor(last, 20_000)).toBe(true);
    await Promise.all(runners.map((r) => r.stop()));
    for (const name of ['a', 'b'] as const) {
      const ids = await seen(name);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
    }
  });

  it('knows where it stands from the checkpoints when it starts with nothing new to apply', async () => {
    const last = await append(2);
    const first = runner([counting('a'), counting('b')]);
    first.start();
    expect(await first.waitFor(last, 20_000)).toBe(true);
    await first.stop();

    const second = runner([counting('a'), counting('b')]);
    second.start();
    expect(await second.waitFor(last, 2_000)).toBe(true);
  });
});
