import { randomUUID } from 'node:crypto';
import { type GlobalPosition, type NewEvent } from '@fallverbund/event-store';
import { CaseConsentGrant, CaseSummary, CaseTeamMember } from '../cases/case-read-model.entities';
import { caseProjection } from '../cases/case.projection';
import { type Persistence } from '../persistence/persistence';
import { type Projection } from './projection';
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

describe.each(PERSISTENCE_PROFILES)('ProjectionRunner (%s)', (profile) => {
  let persistence: Persistence;
  let cleanup: () => Promise<void>;
  let counterTable: string;

  beforeEach(async () => {
    const opened = await openTestPersistence(profile, 'projections', { poolSize: 6 });
    ({ persistence, close: cleanup } = opened);
    counterTable = opened.schema ? `"${opened.schema}".applied_events` : 'applied_events';
    await persistence.dataSource.query(`CREATE TABLE ${counterTable} (event_id varchar(36) NOT NULL)`);
  });
  const started: ProjectionRunner[] = [];
  // A failed expectation must not leave a subscription polling: jest would never exit.
  afterEach(async () => {
    await Promise.all(started.splice(0).map((r) => r.stop()));
    await cleanup();
  });
  const track = (runner: ProjectionRunner): ProjectionRunner => {
    started.push(runner);
    return runner;
  };

  /** Not idempotent on purpose: a page applied twice shows up as duplicate rows. */
  const counting = (failFirst = false): Projection => {
    let failed = !failFirst;
    return {
      name: 'counting',
      tables: [],
      apply: async (events, manager) => {
        for (const e of events)
          await manager.query(
            `INSERT INTO ${counterTable} (event_id) VALUES (${profile === 'postgres' ? '$1' : '?'})`,
            [e.eventId],
          );
        if (!failed) {
          failed = true;
          throw new Error('projection failed half-way');
        }
      },
    };
  };

  /**
   * Returns the position of the last event appended, as the append answered it: a read of the log
   * right after may not see it yet while another transaction in the cluster is open.
   */
  const appendCases = async (n: number): Promise<GlobalPosition> => {
    let last: GlobalPosition | undefined;
    for (let i = 0; i < n; i++) {
      const caseId = randomUUID();
      last = (await persistence.events.appendToStream(`case-${caseId}`, caseEvents(caseId), 0)).lastPosition;
    }
    if (!last) throw new Error('nothing appended');
    return last;
  };

  const applied = async (): Promise<string[]> =>
    (await persistence.dataSource.query<{ event_id: string }[]>(`SELECT event_id FROM ${counterTable}`)).map(
      (r) => r.event_id,
    );

  it('applies each event once even with two instances running the same projection', async () => {
    const appended = await appendCases(60);
    const runners = [0, 1].map(() =>
      track(
        new ProjectionRunner({
          events: persistence.rawEvents,
          dataSource: persistence.dataSource,
          projections: [counting()],
          writeLock: persistence.readModelLock,
          batchSize: 7,
        }),
      ),
    );
    runners.forEach((r) => r.start());
    for (const r of runners) expect(await r.waitFor(appended, 20_000)).toBe(true);
    await Promise.all(runners.map((r) => r.stop()));

    const ids = await applied();
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
  });

  it('rolls a failed page back with its checkpoint and applies it again', async () => {
    const appended = await appendCases(5);
    const runner = track(
      new ProjectionRunner({
        events: persistence.rawEvents,
        dataSource: persistence.dataSource,
        projections: [counting(true)],
        writeLock: persistence.readModelLock,
        onError: () => undefined,
      }),
    );
    runner.start();
    expect(await runner.waitFor(appended, 20_000)).toBe(true);
    await runner.stop();

    const ids = await applied();
    expect(ids).toHaveLength(10);
    expect(new Set(ids).size).toBe(10);
  });

  it('rebuilds the case read models from zero to exactly what they were', async () => {
    await appendCases(30);
    // A case whose team grows pages after it was opened: the rebuild finds its rows stored, not new.
    const [opened] = await persistence.rawEvents.readAll({ limit: 1 });
    const { caseId } = opened?.data as { caseId: string };
    const joined = caseEvents(caseId)[1] as NewEvent;
    const appended = (
      await persistence.events.appendToStream(
        `case-${caseId}`,
        [{ ...joined, eventId: randomUUID(), data: { ...joined.data, userId: 'emil.counsel\t"Nord"\\ü' } }],
        2,
      )
    ).lastPosition;
    const runner = track(
      new ProjectionRunner({
        events: persistence.rawEvents,
        dataSource: persistence.dataSource,
        projections: [caseProjection],
        writeLock: persistence.readModelLock,
        batchSize: 8,
      }),
    );
    runner.start();
    expect(await runner.waitFor(appended)).toBe(true);
    await runner.stop();
    const snapshot = async () => ({
      summaries: await persistence.dataSource.getRepository(CaseSummary).find({ order: { caseId: 'ASC' } }),
      members: await persistence.dataSource
        .getRepository(CaseTeamMember)
        .find({ order: { caseId: 'ASC', userId: 'ASC' } }),
      grants: await persistence.dataSource.getRepository(CaseConsentGrant).find({ order: { consentId: 'ASC' } }),
    });
    const before = await snapshot();
    expect(before.summaries).toHaveLength(30);
    expect(
      before.summaries.every(
        (s) =>
          s.version === (s.caseId === caseId ? 3 : 2) &&
          s.participantSealed !== null &&
          !JSON.stringify(s).includes('Mara'),
      ),
    ).toBe(true);
    expect(before.members).toHaveLength(61);

    expect(await runner.rebuild()).toEqual({ events: 61 });
    expect(await snapshot()).toEqual(before);
  });
});
