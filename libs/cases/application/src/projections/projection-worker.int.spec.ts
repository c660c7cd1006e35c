import { randomBytes } from 'node:crypto';
import { type AuditEntry } from '@fallverbund/audit-log';
import { type Actor } from '@fallverbund/kernel';
import { auditEntry } from '../audit/audit-trail';
import { comparePositions, formatPosition, parsePosition } from '@fallverbund/event-store';
import { describeWithPostgres, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { openPersistence, type Persistence } from '../persistence/persistence';
import { type PersistenceConfig } from '../persistence/persistence.config';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { ProjectionRunner } from './projection-runner';
import { noteEvent } from './testing/note-event';

const event = noteEvent;
const ANNA: Actor = {
  userId: 'anna.coach',
  displayName: 'Anna Coach',
  role: 'caseworker',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
};

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
    // As the API opens it when projections run in a worker: the worker runs the audit sequencer.
    persistence = await openPersistence(config, { auditSequencer: false });
  });
  afterAll(async () => {
    await persistence.close();
    await schema.drop();
  });

  /** This thread's runner with the projections (and the audit sequencer) in a worker, started. */
  const startWorkerRunner = (): ProjectionRunner => {
    const runner = new ProjectionRunner({
      events: persistence.rawEvents,
      dataSource: persistence.dataSource,
      projections: persistence.projections,
      worker: { config },
      onError: (error) => errors.push(error),
    });
    runner.start();
    return runner;
  };

  const checkpoints = async () =>
    (await persistence.dataSource.getRepository(ProjectionCheckpoint).find()).map((row) => row.position);

  it('applies in the worker, tells this thread its positions, and stops with the runner', async () => {
    const runner = startWorkerRunner();
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

  /** An access entry as the API writes it (auditEntry), one per request id. */
  const accessEntry = (n: number): AuditEntry =>
    auditEntry(
      { actor: ANNA, purpose: 'integration', requestId: `req-${n}`, correlationId: null, now: new Date() },
      {
        action: 'read',
        route: 'GET /api/cases/{id}',
        caseRef: `case-${n}`,
        categories: ['identity'],
        legalBasis: ['team'],
        decision: 'permit',
        outcome: 200,
      },
    );
  const logSize = async () => (await persistence.audit.head()).size;
  const sizeWithin = async (expected: number, ms: number) => {
    const deadline = Date.now() + ms;
    while ((await logSize()) !== expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return logSize();
  };

  it('integrates the audit entries this thread queues (this thread runs no sequencer), until stopped', async () => {
    const before = await logSize();
    await persistence.audit.enqueue([accessEntry(1), accessEntry(2)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await logSize()).toBe(before);

    const runner = startWorkerRunner();
    try {
      expect(await runner.whenStarted(10_000)).toBe(true);
      expect(await sizeWithin(before + 2, 10_000)).toBe(before + 2);
      await persistence.audit.enqueue([accessEntry(3)]);
      expect(await sizeWithin(before + 3, 10_000)).toBe(before + 3);
    } finally {
      await runner.stop();
    }
    expect(errors).toEqual([]);

    await persistence.audit.enqueue([accessEntry(4)]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await logSize()).toBe(before + 3);
  }, 30_000);
});
