import { type CaseEvent } from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { type EntityManager, In } from 'typeorm';
import { bulkWrite } from '../projections/bulk-write';
import { type Projection } from '../projections/projection';
import { TeamSignalCase, TeamSignalContact, TeamSignalPlanStep, TeamSignalReferral } from './team-signals.entities';
import { findIn } from '../projections/find-in';

const CASE_STREAM = /^case-/;
const COACH_ROLES: readonly string[] = ['caseworker', 'team_lead'];
// SQLite caps bound parameters per statement; 500 ids stay well below it.
const CHUNK = 500;

/**
 * Team signals (caseload, contact gaps, waiting referrals, overdue plan steps), fed from the case
 * events themselves, never from another read model, and holding no personal data: the sealed fields
 * (plan goals and steps, reasons, summaries) are never read; a plan's unsealed `schedule` is enough.
 * A page costs one read per table it touches and one bulk write per table, so it stays cheap while
 * commands arrive; an event at or below a case's applied version is skipped.
 */
export const teamSignalsProjection: Projection = {
  name: 'team-signals',
  tables: [TeamSignalCase, TeamSignalContact, TeamSignalReferral, TeamSignalPlanStep],
  async apply(page, manager) {
    const events = page.filter((e) => CASE_STREAM.test(e.streamId)) as RecordedEvent<CaseEvent['data']>[];
    if (events.length === 0) return;
    const caseOf = (e: RecordedEvent): string => e.streamId.slice('case-'.length);
    const touching = (types: readonly string[]): string[] => [
      ...new Set(events.filter((e) => types.includes(e.type)).map(caseOf)),
    ];
    // One connection carries the transaction: the reads go one after another.
    const cases = await findIn(manager, TeamSignalCase, 'caseId', [...new Set(events.map(caseOf))]);
    const referralRows = await findIn(manager, TeamSignalReferral, 'caseId', touching(REFERRAL_TYPES));
    const stepRows = await findIn(manager, TeamSignalPlanStep, 'caseId', touching(PLAN_TYPES));
    const byCase = new Map(cases.map((row) => [row.caseId, row]));
    const referrals = new Map(referralRows.map((r) => [`${r.caseId}/${r.referralId}`, r]));
    const steps = groupBy(stepRows, (s) => s.caseId);
    const changedCases = new Set<string>();
    const changedReferrals = new Set<string>();
    const changedStepCases = new Set<string>();
    const replacedPlans = new Set<string>();
    const contacts = new Map<string, TeamSignalContact>();
    const movedContactCases = new Set<string>();

    for (const recorded of events) {
      const caseId = caseOf(recorded);
      const row = byCase.get(caseId);
      if (row && recorded.version <= row.version) continue;
      const event = { type: recorded.type, data: recorded.data } as CaseEvent;
      if (event.type === 'CaseOpened') {
        const { leadAgencyId, openedBy, openedByRole, openedAt } = event.data;
        byCase.set(caseId, {
          caseId,
          leadAgencyId,
          status: 'active',
          erased: false,
          coachUserIds: COACH_ROLES.includes(openedByRole) ? [openedBy] : [],
          openedAt,
          lastContactAt: null,
          version: recorded.version,
        });
        changedCases.add(caseId);
        continue;
      }
      if (!row) continue;
      row.version = recorded.version;
      changedCases.add(caseId);
      switch (event.type) {
        case 'TeamMemberAdded': {
          const { userId, agencyId, role } = event.data;
          if (agencyId === row.leadAgencyId && COACH_ROLES.includes(role) && !row.coachUserIds.includes(userId))
            row.coachUserIds = [...row.coachUserIds, userId];
          break;
        }
        case 'AftercareStarted':
          row.status = 'aftercare';
          break;
        case 'CaseClosed':
          row.status = 'closed';
          break;
        case 'CaseReopened':
          row.status = 'active';
          break;
        case 'ParticipantDataErased':
          row.erased = true;
          break;
        case 'ContactRecorded': {
          const { contactId, occurredAt } = event.data;
          contacts.set(contactId, { contactId, caseId, occurredAt });
          if (row.lastContactAt === null || occurredAt > row.lastContactAt) row.lastContactAt = occurredAt;
          break;
        }
        case 'ContactCorrected': {
          const { contactId, changes } = event.data;
          if (changes.occurredAt === undefined) break;
          // The corrected contact may have been the latest: recomputed from all contacts below.
          contacts.set(contactId, { contactId, caseId, occurredAt: changes.occurredAt });
          movedContactCases.add(caseId);
          break;
        }
        case 'ReferralSent': {
          const { referralId, partnerAgencyId, sentAt } = event.data;
          referrals.set(`${caseId}/${referralId}`, {
            caseId,
            referralId,
            partnerAgencyId,
            sentAt,
            status: 'sent',
            firstAppointmentAt: null,
          });
          changedReferrals.add(`${caseId}/${referralId}`);
          break;
        }
        case 'ReferralAccepted':
        case 'ReferralDeclined':
        case 'FirstAppointmentRecorded':
        case 'ReferralCompleted':
        case 'ReferralCancelled': {
          const key = `${caseId}/${event.data.referralId}`;
          const referral = referrals.get(key);
          if (!referral) break;
          referral.status = REFERRAL_STATUS[event.type];
          if (event.type === 'FirstAppointmentRecorded') referral.firstAppointmentAt = event.data.appointmentAt;
          changedReferrals.add(key);
          break;
        }
        case 'PlanVersionDrafted': {
          const { version, schedule } = event.data;
          // As the domain folds it: a step carried into the new version under the same id stays done.
          const done = new Set((steps.get(caseId) ?? []).filter((s) => s.done).map((s) => s.stepId));
          steps.set(
            caseId,
            schedule.map(({ stepId, dueDate }) => ({
              caseId,
              stepId,
              planVersion: version,
              dueDate,
              done: done.has(stepId),
            })),
          );
          replacedPlans.add(caseId);
          changedStepCases.add(caseId);
          break;
        }
        case 'PlanStepCompleted': {
          const step = (steps.get(caseId) ?? []).find((s) => s.stepId === event.data.stepId);
          if (step) step.done = true;
          changedStepCases.add(caseId);
          break;
        }
        case 'ConsentGranted':
        case 'ConsentWithdrawn':
        case 'HealthNoteRecorded':
        case 'EntrustedNoteRecorded':
        case 'ChildProtectionAccessDeclared':
        case 'CaseRestricted':
        case 'CaseRestrictionLifted':
        case 'AccuracyDisputed':
        case 'AccuracyDisputeResolved':
        case 'CategoryDataErased':
        case 'RetentionHoldPlaced':
        case 'RetentionHoldReleased':
        case 'RecordsOfferedToArchive':
        case 'ArchiveAnswerRecorded':
        case 'ErasureRequested':
        case 'ErasureRequestDecided':
        case 'ErasureRequestExecuted':
        case 'RecipientsNotified':
        case 'PlanVersionAgreed':
        case 'PlanDisputed':
        case 'MediationRequested':
        case 'MediationConcluded':
        case 'ConferenceScheduled':
        case 'ConferenceAgreementRecorded':
        case 'ConferenceHeld':
        case 'ProgressAssessed':
        case 'FirstAppointmentPlanned': // leaves the referral accepted; only the held one counts
          break;
      }
    }

    await bulkWrite(manager, TeamSignalContact, [...contacts.values()], 'update');
    if (movedContactCases.size > 0) {
      for (const { caseId, latest } of await latestContacts(manager, [...movedContactCases])) {
        const row = byCase.get(caseId);
        if (row) row.lastContactAt = latest;
      }
    }
    await bulkWrite(
      manager,
      TeamSignalCase,
      [...changedCases].flatMap((id) => byCase.get(id) ?? []),
      'update',
    );
    await bulkWrite(
      manager,
      TeamSignalReferral,
      [...changedReferrals].flatMap((key) => referrals.get(key) ?? []),
      'update',
    );
    for (let i = 0; i < replacedPlans.size; i += CHUNK)
      await manager.delete(TeamSignalPlanStep, { caseId: In([...replacedPlans].slice(i, i + CHUNK)) });
    await bulkWrite(
      manager,
      TeamSignalPlanStep,
      [...changedStepCases].flatMap((id) => steps.get(id) ?? []),
      'update',
    );
  },
};

const REFERRAL_TYPES: readonly string[] = [
  'ReferralSent',
  'ReferralAccepted',
  'ReferralDeclined',
  'FirstAppointmentRecorded',
  'ReferralCompleted',
  'ReferralCancelled',
];
const PLAN_TYPES: readonly string[] = ['PlanVersionDrafted', 'PlanStepCompleted'];

const REFERRAL_STATUS = {
  ReferralAccepted: 'accepted',
  ReferralDeclined: 'declined',
  FirstAppointmentRecorded: 'first_appointment',
  ReferralCompleted: 'completed',
  ReferralCancelled: 'cancelled',
} as const;

const groupBy = <T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> => {
  const groups = new Map<string, T[]>();
  for (const row of rows) groups.set(key(row), [...(groups.get(key(row)) ?? []), row]);
  return groups;
};

/** The latest contact instant of each case, after this page's contacts were written. */
const latestContacts = async (
  manager: EntityManager,
  caseIds: readonly string[],
): Promise<{ caseId: string; latest: string | null }[]> => {
  const rows: { caseId: string; latest: string | null }[] = [];
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    rows.push(
      ...(await manager
        .createQueryBuilder(TeamSignalContact, 'c')
        .select('c.caseId', 'caseId')
        .addSelect('MAX(c.occurredAt)', 'latest')
        .where({ caseId: In(caseIds.slice(i, i + CHUNK)) })
        .groupBy('c.caseId')
        .getRawMany<{ caseId: string; latest: string | null }>()),
    );
  }
  return rows;
};
