import { randomUUID } from 'node:crypto';
import { type CaseEvent } from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { type Persistence } from '../persistence/persistence';
import { TeamSignalCase, TeamSignalContact, TeamSignalPlanStep, TeamSignalReferral } from './team-signals.entities';
import { teamSignalsProjection } from './team-signals.projection';
import { openTestPersistence, PERSISTENCE_PROFILES } from '../persistence/testing/test-persistence';

let position = 0n;

/** One case's events as the log returns them, built in order. */
const caseStream = (caseId = randomUUID()) => {
  let version = 0;
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 8, minute)).toISOString();
  return {
    caseId,
    event: (minute: number, event: CaseEvent): RecordedEvent => {
      version += 1;
      position += 1n;
      return {
        eventId: randomUUID(),
        type: event.type,
        schemaVersion: 1,
        data: event.data,
        metadata: {
          occurredAt: at(minute),
          actor: { userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker' },
          purpose: 'integration',
          correlationId: randomUUID(),
          causationId: null,
        },
        streamId: `case-${caseId}`,
        version,
        position: { commit: position, prepare: position },
      };
    },
    at,
  };
};

const opened = (caseId: string, at: string): CaseEvent => ({
  type: 'CaseOpened',
  data: {
    caseId,
    participantId: randomUUID(),
    participant: { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' },
    leadAgencyId: 'jobcenter-mitte',
    leadAgencyType: 'jobcenter',
    openedBy: 'anna.coach',
    openedByRole: 'caseworker',
    openedAt: at,
  },
});

const member = (caseId: string, userId: string, agencyId: string, role: 'caseworker' | 'team_lead' | 'partner_staff') =>
  ({
    type: 'TeamMemberAdded',
    data: { caseId, userId, agencyId, role, addedBy: 'anna.coach', addedAt: '2026-01-05T08:00:00.000Z' },
  }) as const;

const drafted = (caseId: string, version: number, schedule: { stepId: string; dueDate: string }[]): CaseEvent => ({
  type: 'PlanVersionDrafted',
  data: {
    caseId,
    participantId: randomUUID(),
    version,
    legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
    goals: [{ goalId: 'g1', lifeArea: 'work', text: 'Arbeit' }],
    steps: schedule.map((s) => ({ ...s, goalId: 'g1', action: 'Schritt', responsible: 'participant' })),
    participantWords: null,
    schedule,
    draftedBy: 'anna.coach',
    draftedAt: '2026-01-05T08:00:00.000Z',
  },
});

describe.each(PERSISTENCE_PROFILES)('team-signals projection (%s)', (profile) => {
  let persistence: Persistence;
  let cleanup: () => Promise<void>;

  beforeEach(async () => {
    ({ persistence, close: cleanup } = await openTestPersistence(profile, 'team_signals'));
  });
  afterEach(() => cleanup());

  const apply = (page: readonly RecordedEvent[]) =>
    persistence.dataSource.transaction((manager) => teamSignalsProjection.apply(page, manager));
  const rows = async () => {
    const m = persistence.dataSource.manager;
    return {
      cases: await m.find(TeamSignalCase, { order: { caseId: 'ASC' } }),
      contacts: await m.find(TeamSignalContact, { order: { contactId: 'ASC' } }),
      referrals: await m.find(TeamSignalReferral, { order: { referralId: 'ASC' } }),
      steps: await m.find(TeamSignalPlanStep, { order: { caseId: 'ASC', stepId: 'ASC' } }),
    };
  };

  it('follows coaches, status, contacts, referrals and the latest plan, and applies a page twice to the same rows', async () => {
    const c = caseStream();
    const { caseId } = c;
    const [contact1, contact2, referral] = [randomUUID(), randomUUID(), randomUUID()];
    const first = [
      c.event(0, opened(caseId, c.at(0))),
      c.event(1, member(caseId, 'ben.lead', 'jobcenter-mitte', 'team_lead')),
      c.event(2, member(caseId, 'clara.youth', 'jugendamt-mitte', 'caseworker')),
      c.event(3, member(caseId, 'emil.counsel', 'suchtberatung-nord', 'partner_staff')),
      c.event(4, {
        type: 'ContactRecorded',
        data: {
          caseId,
          contactId: contact1,
          participantId: 'p',
          kind: 'office',
          occurredAt: c.at(4),
          durationMinutes: 30,
          participants: [],
          summary: null,
          recordedBy: 'anna.coach',
          recordedAt: c.at(4),
        },
      }),
      c.event(5, {
        type: 'ReferralSent',
        data: {
          caseId,
          referralId: referral,
          participantId: 'p',
          partnerAgencyId: 'suchtberatung-nord',
          purpose: 'coordination',
          sharedCategories: ['case_admin'],
          consentIds: [],
          reason: 'sealed',
          referredBy: 'anna.coach',
          referredByAgencyId: 'jobcenter-mitte',
          sentAt: c.at(5),
        },
      }),
      c.event(
        6,
        drafted(caseId, 1, [
          { stepId: 's1', dueDate: '2026-01-10' },
          { stepId: 's2', dueDate: '2026-01-20' },
        ]),
      ),
    ];
    await apply(first);
    // The same page again (another instance, a retry): nothing changes.
    const once = await rows();
    await apply(first);
    expect(await rows()).toEqual(once);
    expect(once.cases).toEqual([
      {
        caseId,
        leadAgencyId: 'jobcenter-mitte',
        status: 'active',
        erased: false,
        coachUserIds: ['anna.coach', 'ben.lead'],
        openedAt: c.at(0),
        lastContactAt: c.at(4),
        version: 7,
      },
    ]);

    await apply([
      c.event(7, {
        type: 'ContactRecorded',
        data: {
          caseId,
          contactId: contact2,
          participantId: 'p',
          kind: 'phone',
          occurredAt: c.at(7),
          durationMinutes: 10,
          participants: [],
          summary: null,
          recordedBy: 'anna.coach',
          recordedAt: c.at(7),
        },
      }),
      c.event(8, {
        type: 'ReferralAccepted',
        data: { caseId, referralId: referral, acceptedBy: 'emil.counsel', acceptedAt: c.at(8) },
      }),
      c.event(9, {
        type: 'PlanVersionAgreed',
        data: { caseId, version: 1, form: 'written', recordedBy: 'a', agreedAt: c.at(9) },
      }),
      c.event(10, {
        type: 'PlanStepCompleted',
        data: { caseId, version: 1, stepId: 's1', completedBy: 'anna.coach', completedAt: c.at(10) },
      }),
    ]);
    // The latest contact is moved before the first: the first is the latest again.
    await apply([
      c.event(11, {
        type: 'ContactCorrected',
        data: {
          caseId,
          contactId: contact2,
          correctionId: randomUUID(),
          participantId: 'p',
          changes: { occurredAt: c.at(1) },
          reason: 'sealed',
          correctedBy: 'anna.coach',
          correctedAt: c.at(11),
        },
      }),
      c.event(12, {
        type: 'FirstAppointmentRecorded',
        data: {
          caseId,
          referralId: referral,
          appointmentAt: c.at(12),
          waitingDays: 0,
          recordedBy: 'emil.counsel',
          recordedAt: c.at(12),
        },
      }),
      // A new version keeps s1 (done) and drops s2 for s3.
      c.event(
        13,
        drafted(caseId, 2, [
          { stepId: 's1', dueDate: '2026-01-10' },
          { stepId: 's3', dueDate: '2026-02-01' },
        ]),
      ),
      c.event(14, {
        type: 'AftercareStarted',
        data: { caseId, followUps: ['2026-03-01'], startedBy: 'a', startedAt: c.at(14) },
      }),
    ]);
    const after = await rows();
    expect(after.cases[0]).toMatchObject({ status: 'aftercare', lastContactAt: c.at(4), version: 15 });
    expect(after.contacts.find((x) => x.contactId === contact2)?.occurredAt).toBe(c.at(1));
    expect(after.referrals).toEqual([
      {
        caseId,
        referralId: referral,
        partnerAgencyId: 'suchtberatung-nord',
        sentAt: c.at(5),
        status: 'first_appointment',
        firstAppointmentAt: c.at(12),
      },
    ]);
    expect(after.steps).toEqual([
      { caseId, stepId: 's1', planVersion: 2, dueDate: '2026-01-10', done: true },
      { caseId, stepId: 's3', planVersion: 2, dueDate: '2026-02-01', done: false },
    ]);

    await apply([
      c.event(15, {
        type: 'CaseClosed',
        data: { caseId, exitReason: 'employment', closedBy: 'a', closedAt: c.at(15) },
      }),
      c.event(16, {
        type: 'ParticipantDataErased',
        data: { caseId, participantId: 'p', erasedAt: c.at(16), reason: 'end of retention' },
      }),
    ]);
    expect((await rows()).cases[0]).toMatchObject({ status: 'closed', erased: true, version: 17 });
    expect(JSON.stringify(await rows())).not.toMatch(/Mara|Beispiel|sealed|Schritt|Arbeit/);
  });

  it('ignores events of a case it never saw opened and events of other streams', async () => {
    const c = caseStream();
    await apply([
      c.event(0, member(c.caseId, 'ben.lead', 'jobcenter-mitte', 'team_lead')),
      { ...c.event(1, opened(c.caseId, c.at(1))), streamId: `audit-${c.caseId}` },
    ]);
    expect(await rows()).toEqual({ cases: [], contacts: [], referrals: [], steps: [] });
  });
});
