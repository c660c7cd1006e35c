import { randomUUID } from 'node:crypto';
import { type Pool } from 'pg';
import { type Persistence } from '../persistence/persistence';
import { openTestPersistence, PERSISTENCE_PROFILES } from '../persistence/testing/test-persistence';
import { CaseSummary, CaseTeamMember } from './case-read-model.entities';
import { findCaseWithTeam } from './case-summary.reads';

const OPENED = '2026-03-02T08:00:00.000Z';

const summary = (caseId: string, leadAgencyId: string): CaseSummary =>
  Object.assign(new CaseSummary(), {
    caseId,
    participantId: randomUUID(),
    participantSealed: null,
    participantErased: false,
    leadAgencyId,
    leadAgencyType: 'jobcenter',
    status: 'active',
    exitReason: null,
    followUps: null,
    access: { team: [], consents: [] },
    openedAt: OPENED,
    updatedAt: OPENED,
    version: 1,
  });

const member = (caseId: string, userId: string, addedAt: string): CaseTeamMember =>
  Object.assign(new CaseTeamMember(), {
    caseId,
    userId,
    agencyId: 'jobcenter-mitte',
    role: 'caseworker',
    addedAt,
    caseOpenedAt: OPENED,
  });

describe.each(PERSISTENCE_PROFILES)('findCaseWithTeam (%s)', (profile) => {
  let persistence: Persistence;
  let close: () => Promise<void>;
  const [first, second, empty] = [randomUUID(), randomUUID(), randomUUID()];

  beforeAll(async () => {
    const opened = await openTestPersistence(profile, 'case_summary_reads');
    persistence = opened.persistence;
    close = opened.close;
    const { dataSource } = persistence;
    await dataSource
      .getRepository(CaseSummary)
      .save([summary(first, 'jobcenter-mitte'), summary(second, 'youth-office-pankow'), summary(empty, 'x')]);
    await dataSource
      .getRepository(CaseTeamMember)
      .save([
        member(first, 'ben.lead', '2026-03-03T08:00:00.000Z'),
        member(first, 'anna.coach', OPENED),
        member(second, 'clara.youth', OPENED),
      ]);
  });

  afterAll(async () => close());

  const shape = (found: Awaited<ReturnType<typeof findCaseWithTeam>>) =>
    found && {
      caseId: found.summary.caseId,
      leadAgencyId: found.summary.leadAgencyId,
      summaryIsEntity: found.summary instanceof CaseSummary,
      team: found.team.map((m) => m.userId),
      teamAreEntities: found.team.every((m) => m instanceof CaseTeamMember),
    };

  it('answers each of many lookups made at once with its own case, oldest member first, null for an unknown id', async () => {
    const unknown = randomUUID();
    // Out of key order, with a repeat and an unknown id: answers must follow the asks, not the rows.
    const asked = [second, unknown, first, empty, second];
    const found = await Promise.all(asked.map((id) => findCaseWithTeam(persistence.dataSource, id)));

    expect(found.map(shape)).toEqual([
      {
        caseId: second,
        leadAgencyId: 'youth-office-pankow',
        summaryIsEntity: true,
        team: ['clara.youth'],
        teamAreEntities: true,
      },
      null,
      {
        caseId: first,
        leadAgencyId: 'jobcenter-mitte',
        summaryIsEntity: true,
        team: ['anna.coach', 'ben.lead'],
        teamAreEntities: true,
      },
      { caseId: empty, leadAgencyId: 'x', summaryIsEntity: true, team: [], teamAreEntities: true },
      {
        caseId: second,
        leadAgencyId: 'youth-office-pankow',
        summaryIsEntity: true,
        team: ['clara.youth'],
        teamAreEntities: true,
      },
    ]);
  });

  it('answers a lone lookup', async () => {
    expect(shape(await findCaseWithTeam(persistence.dataSource, first))?.team).toEqual(['anna.coach', 'ben.lead']);
    expect(await findCaseWithTeam(persistence.dataSource, randomUUID())).toBeNull();
  });

  if (profile === 'postgres') {
    it('sends the lookups of requests handled in one turn of the event loop as one statement', async () => {
      const pool = (persistence.dataSource.driver as unknown as { master: Pool }).master;
      const query = jest.spyOn(pool, 'query');
      try {
        // Each request is handled in a callback of its own; microtasks run between them.
        const inCallback = (id: string) =>
          new Promise<Awaited<ReturnType<typeof findCaseWithTeam>>>((resolve, reject) =>
            setImmediate(() => {
              findCaseWithTeam(persistence.dataSource, id).then(resolve, reject);
            }),
          );
        const found = await Promise.all([first, second, first, empty].map(inCallback));
        expect(found.map((f) => f?.summary.caseId)).toEqual([first, second, first, empty]);
        expect(query).toHaveBeenCalledTimes(1);
      } finally {
        query.mockRestore();
      }
    });
  }
});
