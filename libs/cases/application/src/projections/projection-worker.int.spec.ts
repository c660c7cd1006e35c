import { randomBytes } from 'node:crypto';
import { comparePositions, formatPosition, parsePosition } from '@fallverbund/event-store';
import { describeWithPostgres, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { openPersistence, type Persistence } from '../persistence/persistence';
import { type PersistenceConfig } from '../persistence/persistence.config';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { ProjectionRunner } from './projection-runner';
import { noteEvent } from './testing/note-event';

const event = noteEvent;

describeWithPostgres('ProjectionRunner in a worker thread (postgres)', () => {
  let persistence: Persistence;
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let config: PersistenceConfig & { kind: 'postgres' };
  const errors: unknown[] = [];

  beforeAll(async () => {
    schema = await testSchema('projection_worker');
    config = {
      kind: 'postgres',
      url: testDatabaseUrl(),
      schema: schema.schema,
      poolSize: 4,
      masterKey: randomBytes(32),
      searchIndexKey: randomBytes(32),
    };
    persistence = await openPersistence(config);
  });
  afterAll(async () => {
    await persistence.close();
    await schema.drop();
  });

  const checkpoints = async () =>
    (await persistence.dataSource.getRepository(ProjectionCheckpoint).find()).map((row) => row.position);

  it('applies in the worker, tells this thread its positions, and stops with the runner', async () => {
    const runner = new ProjectionRunner({
      events: persistence.rawEvents,
      dataSource: persistence.dataSource,
      projections: persistence.projections,
      worker: { config },
      onError: (error) => errors.push(error),
    });
    runner.start();
    try {
      const { lastPosition } = await persistence.rawEvents.appendToStream('note-1', [event(), event()], 0);
      // This thread's runner never subscribed: only the worker can have applied the page.
      expect(await runner.waitFor(lastPosition, 10_000)).toBe(true);
      const rows = await checkpoints();
      expect(rows).toHaveLength(persistence.projections.length);
      expect(new Set(rows)).toEqual(new Set([formatPosition(lastPosition)]));
    } finally {
      await runner.stop();
    }
    expect(errors).toEqual([]);

    // Stopped: what is appended now stays unapplied.
    const { lastPosition: later } = await persistence.rawEvents.appendToStream('note-2', [event()], 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const row of await checkpoints()) {
      expect(comparePositions(parsePosition(row), later)).toBeLessThan(0);
    }
  }, 30_000);
});
