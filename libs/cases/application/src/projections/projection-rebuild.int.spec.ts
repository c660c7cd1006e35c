import { randomUUID } from 'node:crypto';
import { type EventStore, type NewEvent, type ReadAllOptions } from '@fallverbund/event-store';
import { CaseSummary, CaseTeamMember } from '../cases/case-read-model.entities';
import { caseProjection } from '../cases/case.projection';
import { type Persistence } from '../persistence/persistence';
import { type Projection } from './projection';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';
import { ProjectionRunner } from './projection-runner';
import { openTestPersistence, PERSISTENCE_PROFILES } from '../persistence/testing/test-persistence';

const metadata = {
  occurredAt: '2026-11-25T10:00:00.000Z',
  actor: { userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker' as const },
  purpose: 'integration' as const,
  correlationId: randomUUID(),
  causationId: null,
};

const caseEvents = (caseId: string): NewEvent[] => [
  {
    eventId: randomUUID(),
    type: 'CaseOpened',
    schemaVersion: 1,
    metadata,
    data: {
      caseId,
      participantId: randomUUID(),
      participant: { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' },
      leadAgencyId: 'jobcenter-mitte',
      leadAgencyType: 'jobcenter',
      openedBy: 'anna.coach',
      openedByRole: 'caseworker',
      openedAt: metadata.occurredAt,
    },
  },
  {
    eventId: randomUUID(),
    type: 'TeamMemberAdded',
    schemaVersion: 1,
    metadata,
    data: {
      caseId,
      userId: 'clara.youth',
      agencyId: 'jugendamt-mitte',
      role: 'caseworker',
      addedBy: 'anna.coach',
      addedAt: metadata.occurredAt,
    },
  },
];

/** The log as stored, counting the pages read from it. */
const countingReads = (events: EventStore): { store: EventStore; reads: () => number } => {
  let reads = 0;
  const store = Object.create(events) as EventStore;
  store.readAll = (options: ReadAllOptions) => {
    reads += 1;
    return events.readAll(options);
  };
  return { store, reads: () => reads };
};

describe.each(PERSISTENCE_PROFILES)('rebuild (%s)', (profile) => {
  let persistence: Persistence;
  let schema: string | undefined;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ persistence, close: cleanup, schema } = await openTestPersistence(profile, 'rebuild'));
    for (let i = 0; i < 30; i++) {
      const caseId = randomUUID();
      await persistence.events.appendToStream(`case-${caseId}`, caseEvents(caseId), 0);
    }
  });
  afterEach(() => cleanup());

  /** Keeps the ids it was given, in order; `tables: []`, so a rebuild has nothing of its own to empty. */
  const recording = (name: string): Projection & { seen: string[] } => {
    const seen: string[] = [];
    return {
      name,
      tables: [],
      seen,
      apply: (events) => Promise.resolve(void seen.push(...events.map((e) => e.eventId))),
    };
  };

  const runner = (events: EventStore, projections: readonly Projection[]) =>
    new ProjectionRunner({
      events,
      dataSource: persistence.dataSource,
      projections,
      writeLock: persistence.readModelLock,
      batchSize: 8,
      rebuildConcurrency: profile === 'postgres' ? 2 : 1,
    });

  const checkpoints = async () =>
    (await persistence.dataSource.getRepository(ProjectionCheckpoint).find({ order: { name: 'ASC' } })).map(
      ({ name, position }) => ({ name, position }),
    );

  it('reads the log once for all projections, and each gets every event once', async () => {
    const log = (await persistence.rawEvents.readAll({ limit: 1000 })).map((e) => e.eventId);
    const { store, reads } = countingReads(persistence.rawEvents);
    const [a, b] = [recording('a'), recording('b')];

    expect(await runner(store, [caseProjection, a, b]).rebuild()).toEqual({ events: 60 });

    // With two shares on PostgreSQL the order holds within each stream, not across them.
    expect([...a.seen].sort()).toEqual([...log].sort());
    expect([...b.seen].sort()).toEqual([...log].sort());
    // 60 events in pages of 8: 8 pages and at most two empty reads at the end; a pass per projection reads 27.
    expect(reads()).toBeLessThanOrEqual(10);
    expect(await persistence.dataSource.getRepository(CaseSummary).count()).toBe(30);
    expect(await persistence.dataSource.getRepository(CaseTeamMember).count()).toBe(60);
    const position = (await checkpoints())[0]?.position;
    expect(await checkpoints()).toEqual(['a', 'b', 'cases'].map((name) => ({ name, position })));
  });

  it('rebuilds one projection alone and leaves the others and their checkpoints as they were', async () => {
    await persistence.dataSource
      .getRepository(ProjectionCheckpoint)
      .insert({ name: 'other', position: '0/0', updatedAt: metadata.occurredAt });

    expect(await runner(persistence.rawEvents, [caseProjection]).rebuild()).toEqual({ events: 60 });

    const rows = await checkpoints();
    expect(rows.map((r) => r.name)).toEqual(['cases', 'other']);
    expect(rows[1]?.position).toBe('0/0');
    expect(await persistence.dataSource.getRepository(CaseSummary).count()).toBe(30);
  });

  it('makes an index that was missing before the rebuild as the migrations make it', async () => {
    const index = persistence.dataSource.getMetadata(CaseSummary).indices[0]?.name ?? '';
    await persistence.dataSource.query(`DROP INDEX ${schema ? `"${schema}".` : ''}"${index}"`);
    const pending = async () =>
      (await persistence.dataSource.driver.createSchemaBuilder().log()).upQueries.map((q) => q.query);
    expect(await pending()).toEqual([expect.stringContaining(index)]);

    await runner(persistence.rawEvents, [caseProjection]).rebuild();

    expect(await pending()).toEqual([]);
  });

  it('leaves the indexes as they were (sqlite)', async () => {
    if (profile !== 'sqlite') return;
    const indexes = () =>
      persistence.dataSource.query<{ name: string; sql: string | null }[]>(
        `SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`,
      );
    const before = await indexes();
    expect(before.some((i) => i.sql?.includes('"case_summaries"'))).toBe(true);

    await runner(persistence.rawEvents, [caseProjection]).rebuild();

    expect(await indexes()).toEqual(before);
  });

  it('keeps the tables logged while they fill and leaves them indexed as before (postgres)', async () => {
    if (profile !== 'postgres') return;
    const state = async () =>
      persistence.dataSource.query<{ table: string; persistence: string; indexes: string }[]>(
        `SELECT c.relname AS table, c.relpersistence AS persistence,
                (SELECT string_agg(i.indexname, ',' ORDER BY i.indexname) FROM pg_indexes i
                  WHERE i.schemaname = n.nspname AND i.tablename = c.relname) AS indexes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`,
        [schema],
      );
    const before = await state();
    const seen: string[] = [];
    const watching: Projection = {
      name: 'watching',
      tables: [],
      apply: async (_events, manager) => {
        const [row] = await manager.query<{ p: string }[]>(
          `SELECT relpersistence AS p FROM pg_class WHERE oid = '"${schema}".case_summaries'::regclass`,
        );
        seen.push(row?.p ?? '?');
      },
    };

    await runner(persistence.rawEvents, [caseProjection, watching]).rebuild();

    // Logged throughout: a standby sees the rows as they are written, and no rewrite into the WAL at the end.
    expect(new Set(seen)).toEqual(new Set(['p']));
    expect(before.every((t) => t.persistence === 'p')).toBe(true);
    expect(await state()).toEqual(before);
  });
});
