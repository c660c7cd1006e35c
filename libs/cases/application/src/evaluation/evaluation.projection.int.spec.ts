import { randomUUID } from 'node:crypto';
import { type NewEvent, type RecordedEvent } from '@fallverbund/event-store';
import { type Persistence } from '../persistence/persistence';
import { progressProjection } from '../progress/progress.projection';
import { ProgressRatingRow } from '../progress/progress-read-model.entities';
import { EvaluationCaseRow, EvaluationContactRow, EvaluationReferralRow } from './evaluation-read-model.entities';
import { evaluationProjection } from './evaluation.projection';
import { openTestPersistence, PERSISTENCE_PROFILES } from '../persistence/testing/test-persistence';

const event = (type: string, data: object): NewEvent => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  metadata: {
    occurredAt: '2027-03-01T10:00:00.000Z',
    actor: { userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker' },
    purpose: 'integration',
    correlationId: randomUUID(),
    causationId: null,
  },
});

const history = (caseId: string, participantId: string): NewEvent[] => {
  const [contactId, referralId] = [randomUUID(), randomUUID()];
  return [
    event('CaseOpened', {
      caseId,
      participantId,
      participant: { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' },
      leadAgencyId: 'jobcenter-mitte',
      leadAgencyType: 'jobcenter',
      openedBy: 'anna.coach',
      openedByRole: 'caseworker',
      openedAt: '2027-01-10T10:00:00.000Z',
    }),
    event('ContactRecorded', {
      caseId,
      contactId,
      participantId,
      kind: 'office',
      occurredAt: '2027-01-20T10:00:00.000Z',
      durationMinutes: 30,
      participants: [],
      summary: 'vertraulich',
      recordedBy: 'anna.coach',
      recordedAt: '2027-01-20T10:00:00.000Z',
    }),
    event('ContactCorrected', {
      caseId,
      contactId,
      correctionId: randomUUID(),
      participantId,
      changes: { occurredAt: '2027-02-20T10:00:00.000Z' },
      reason: 'Datum',
      correctedBy: 'anna.coach',
      correctedAt: '2027-02-21T10:00:00.000Z',
    }),
    event('ReferralSent', {
      caseId,
      referralId,
      participantId,
      partnerAgencyId: 'suchtberatung-nord',
      purpose: 'integration',
      sharedCategories: ['contacts'],
      consentIds: [],
      reason: 'Beratung',
      referredBy: 'anna.coach',
      referredByAgencyId: 'jobcenter-mitte',
      sentAt: '2027-02-01T10:00:00.000Z',
    }),
    event('FirstAppointmentRecorded', {
      caseId,
      referralId,
      appointmentAt: '2027-02-11T10:00:00.000Z',
      waitingDays: 10,
      recordedBy: 'staff',
      recordedAt: '2027-02-11T11:00:00.000Z',
    }),
    event('ProgressAssessed', {
      caseId,
      assessmentId: randomUUID(),
      perspective: 'coach',
      ratings: { housing: 4 },
      assessedAt: '2027-02-15T10:00:00.000Z',
      recordedBy: 'anna.coach',
      recordedAt: '2027-02-15T10:00:00.000Z',
    }),
    event('ProgressAssessed', {
      caseId,
      assessmentId: randomUUID(),
      perspective: 'coach',
      ratings: { housing: 1, finances: 2 },
      assessedAt: '2027-01-15T10:00:00.000Z',
      recordedBy: 'anna.coach',
      recordedAt: '2027-02-16T10:00:00.000Z',
    }),
    event('CaseClosed', {
      caseId,
      exitReason: 'employment',
      closedBy: 'anna.coach',
      closedAt: '2027-03-01T10:00:00.000Z',
    }),
  ];
};

describe.each(PERSISTENCE_PROFILES)('evaluation and progress projections (%s)', (profile) => {
  let persistence: Persistence;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ persistence, close: cleanup } = await openTestPersistence(profile, 'evaluation'));
  });
  afterEach(() => cleanup());

  const apply = async (page: readonly RecordedEvent[]): Promise<void> =>
    persistence.readModelLock.run(() =>
      persistence.dataSource.transaction(async (manager) => {
        await evaluationProjection.apply(page, manager);
        await progressProjection.apply(page, manager);
      }),
    );
  const rows = async () => {
    const manager = persistence.dataSource.manager;
    return {
      cases: await manager.find(EvaluationCaseRow),
      contacts: await manager.find(EvaluationContactRow),
      referrals: await manager.find(EvaluationReferralRow),
      ratings: await manager.find(ProgressRatingRow, { order: { assessmentId: 'ASC', dimension: 'ASC' } }),
    };
  };

  it('holds only what the figures need, and the same rows however often and in whatever pages it is applied', async () => {
    const caseId = randomUUID();
    await persistence.events.appendToStream(`case-${caseId}`, history(caseId, randomUUID()), 0);
    const log = await persistence.rawEvents.readAll({ limit: 100 });
    expect(log).toHaveLength(8);

    await apply(log);
    const once = await rows();
    expect(once.cases).toEqual([
      {
        caseKey: caseId,
        leadAgencyId: 'jobcenter-mitte',
        leadAgencyType: 'jobcenter',
        status: 'closed',
        exitReason: 'employment',
        openedMonth: '2027-01',
        closedMonth: '2027-03',
        // The backdated assessment, recorded later, does not replace the later one.
        latestRatings: {
          coach: {
            housing: { rating: 4, at: '2027-02-15T10:00:00.000Z' },
            finances: { rating: 2, at: '2027-01-15T10:00:00.000Z' },
          },
        },
        restriction: null,
        version: 8,
      },
    ]);
    expect(once.contacts).toEqual([expect.objectContaining({ caseKey: caseId, month: '2027-02' })]);
    expect(once.referrals).toEqual([
      expect.objectContaining({ caseKey: caseId, partnerAgencyId: 'suchtberatung-nord', waitingDays: 10 }),
    ]);
    expect(once.ratings).toHaveLength(3);
    expect(JSON.stringify(once)).not.toMatch(/Mara|vertraulich|Beratung|Datum/);

    // Applied again, whole and in overlapping pages: nothing changes.
    await apply(log);
    await apply(log.slice(0, 3));
    await apply(log.slice(2));
    expect(await rows()).toEqual(once);

    // From zero in pages of one event: the same rows.
    const manager = persistence.dataSource.manager;
    for (const table of [...evaluationProjection.tables, ...progressProjection.tables]) await manager.clear(table);
    for (const e of log) await apply([e]);
    expect(await rows()).toEqual(once);
  });

  it('remembers a restriction of processing while it holds, and forgets it when lifted', async () => {
    const caseId = randomUUID();
    const stream = `case-${caseId}`;
    await persistence.events.appendToStream(stream, history(caseId, randomUUID()), 0);
    const restricted = event('CaseRestricted', {
      caseId,
      scope: ['contacts', 'progress'],
      reason: 'accuracy_disputed',
      decidedBy: 'frieda.dpo',
      restrictedAt: '2027-03-02T10:00:00.000Z',
    });
    await persistence.events.appendToStream(stream, [restricted], 8);
    await apply(await persistence.rawEvents.readAll({ limit: 100 }));
    expect((await rows()).cases).toEqual([expect.objectContaining({ restriction: ['contacts', 'progress'] })]);

    const lifted = event('CaseRestrictionLifted', {
      caseId,
      liftedBy: 'frieda.dpo',
      liftedAt: '2027-03-03T10:00:00.000Z',
    });
    await persistence.events.appendToStream(stream, [lifted], 9);
    await apply(await persistence.rawEvents.readAll({ limit: 100 }));
    expect((await rows()).cases).toEqual([expect.objectContaining({ restriction: null, version: 10 })]);
  });
});
