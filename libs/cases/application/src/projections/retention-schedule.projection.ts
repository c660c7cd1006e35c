import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type CaseEvent, type ParticipantIdentity } from '@fallverbund/cases-domain';
import { envelopeOf, type PersonalDataVault, type RecordedEvent } from '@fallverbund/event-store';
import { type AgencyType } from '@fallverbund/kernel';
import {
  dueAt,
  parseRetentionTable,
  type RetentionClass,
  type RetentionTable,
  scheduleFor,
  treatmentEnd,
} from '@fallverbund/retention';
import { In } from 'typeorm';
import { bulkWrite } from './bulk-write';
import { type Projection } from './projection';
import { RetentionScheduleRow } from './retention-schedule.entity';

const CASE_STREAM = /^case-/;

let defaultTable: RetentionTable | undefined;
/** docs/retention.md of this checkout (the image ships it), read once. */
export const defaultRetentionTable = (): RetentionTable =>
  (defaultTable ??= parseRetentionTable(readFileSync(join(__dirname, '../../../../../docs/retention.md'), 'utf8')));

const RELEVANT = new Set<CaseEvent['type']>([
  'CaseOpened',
  'CaseClosed',
  'CaseReopened',
  'HealthNoteRecorded',
  'ParticipantDataErased',
  'CategoryDataErased',
  'CaseRestricted',
  'RetentionHoldPlaced',
  'RetentionHoldReleased',
  'RecordsOfferedToArchive',
  'ArchiveAnswerRecorded',
]);

/**
 * The retention schedule (issue 17): for each case one row per retention class of the lead agency's
 * legal domain, with its due date, the class's action and whether it is pending, held or done. The
 * only other projection that opens the sealed identity (for the birth date of a youth-office file);
 * the date itself is not kept, only the due date, which erasure's purge drops.
 */
export const retentionScheduleProjection = (
  vault: PersonalDataVault,
  table: RetentionTable = defaultRetentionTable(),
): Projection => {
  const classOf = new Map(table.classes.map((c) => [c.id, c]));
  const birthDomains = new Set(table.classes.filter((c) => c.startsAt === 'birth_date').map((c) => c.domain));

  const recompute = (row: RetentionScheduleRow, retention: RetentionClass): void => {
    if (row.status === 'done' || row.phase !== 'due' || retention.startsAt === 'birth_date') return;
    const lastTreatmentAt = treatmentEnd({ caseClosedAt: row.closedAt, lastHealthNoteAt: row.lastHealthNoteAt });
    const start = retention.startsAt === 'case_closed' ? row.closedAt : lastTreatmentAt;
    row.startedOn = start ? start.slice(0, 10) : null;
    row.dueAt = dueAt(retention, { caseClosedAt: row.closedAt, lastTreatmentAt })?.toISOString() ?? null;
  };

  const purge = async (participantIds: readonly string[], manager: Parameters<Projection['apply']>[1]) => {
    if (participantIds.length === 0) return;
    // The due date of a birth-date class tells the birth date: dropped with the key.
    await manager.update(
      RetentionScheduleRow,
      { participantId: In([...new Set(participantIds)]), startsAt: 'birth_date' },
      { dueAt: null },
    );
    await manager.update(RetentionScheduleRow, { participantId: In([...new Set(participantIds)]) }, { status: 'done' });
  };

  return {
    name: 'retention-schedule',
    tables: [RetentionScheduleRow],
    async apply(page: readonly RecordedEvent[], manager) {
      const events = page.filter((e) => CASE_STREAM.test(e.streamId) && RELEVANT.has(e.type as CaseEvent['type']));
      if (events.length === 0) return;
      const opened = events.filter(
        (e) =>
          e.type === 'CaseOpened' &&
          birthDomains.has(table.domainOf[(e.data as { leadAgencyType: AgencyType }).leadAgencyType]),
      );
      const identities = await vault.open(opened.map((e) => envelopeOf(e.data)));
      const birthDates = new Map(
        opened.map((e, i) => [
          (e.data as { caseId: string }).caseId,
          (identities[i]?.['participant'] as ParticipantIdentity | undefined)?.birthDate ?? null,
        ]),
      );

      const caseIds = [...new Set(events.map((e) => (e.data as { caseId: string }).caseId))];
      const rowsOf = new Map<string, RetentionScheduleRow[]>();
      for (const row of await manager.find(RetentionScheduleRow, { where: { caseId: In(caseIds) } })) {
        rowsOf.set(row.caseId, [...(rowsOf.get(row.caseId) ?? []), row]);
      }
      const changed = new Set<string>();

      for (const recorded of events) {
        const event = { type: recorded.type, data: recorded.data } as CaseEvent;
        const caseId = event.data.caseId;
        if (event.type === 'CaseOpened') {
          if (rowsOf.has(caseId)) continue;
          const { participantId, leadAgencyId, leadAgencyType } = event.data;
          const entries = scheduleFor(table, leadAgencyType, {
            caseClosedAt: null,
            lastHealthNoteAt: null,
            birthDate: birthDates.get(caseId) ?? null,
          });
          rowsOf.set(
            caseId,
            entries.map((entry) => ({
              caseId,
              classId: entry.classId,
              participantId,
              leadAgencyId,
              domain: entry.domain,
              action: entry.action,
              startsAt: entry.startsAt,
              startedOn: entry.startedOn,
              dueAt: entry.dueAt?.toISOString() ?? null,
              status: 'pending',
              phase: 'due',
              closedAt: null,
              lastHealthNoteAt: null,
              version: recorded.version,
            })),
          );
          changed.add(caseId);
          continue;
        }
        const rows = (rowsOf.get(caseId) ?? []).filter((row) => row.version < recorded.version);
        if (rows.length === 0) continue;
        changed.add(caseId);
        const held = (rowsOf.get(caseId) ?? []).some((row) => row.status === 'held');
        for (const row of rows) {
          row.version = recorded.version;
          const retention = classOf.get(row.classId);
          if (!retention) continue;
          switch (event.type) {
            case 'CaseClosed':
              row.closedAt = event.data.closedAt;
              recompute(row, retention);
              break;
            case 'CaseReopened':
              row.closedAt = null;
              // A restriction done at the closing is decided anew at the next one.
              if (row.status === 'done' && row.action === 'restrict') row.status = held ? 'held' : 'pending';
              recompute(row, retention);
              break;
            case 'HealthNoteRecorded':
              row.lastHealthNoteAt = event.data.recordedAt;
              recompute(row, retention);
              break;
            case 'ParticipantDataErased':
              row.status = 'done';
              if (row.startsAt === 'birth_date') row.dueAt = null;
              break;
            // The class's categories lost their keys (by the scheduler or on a request): nothing left to do.
            case 'CategoryDataErased':
              if (
                row.action === 'erase_category_key' &&
                retention.categories.every((c) => event.data.categories.includes(c))
              )
                row.status = 'done';
              break;
            case 'CaseRestricted': {
              const scope = event.data.scope;
              if (
                row.action === 'restrict' &&
                (scope === 'case' || retention.categories.every((c) => scope.includes(c)))
              )
                row.status = 'done';
              break;
            }
            case 'RetentionHoldPlaced':
              if (row.status !== 'done') row.status = 'held';
              break;
            case 'RetentionHoldReleased':
              if (row.status === 'held') row.status = 'pending';
              break;
            case 'RecordsOfferedToArchive':
              if (row.classId === event.data.retentionClass) {
                row.phase = 'offered';
                row.dueAt = event.data.answerDueAt;
              }
              break;
            case 'ArchiveAnswerRecorded':
              if (row.action === 'offer_to_archive' && row.phase === 'offered') {
                row.phase = 'answered';
                row.dueAt = event.data.answeredAt;
              }
              break;
            // Filtered out above (RELEVANT): they change no due date. A lifted restriction leaves the row done.
            case 'TeamMemberAdded':
            case 'ConsentGranted':
            case 'ConsentWithdrawn':
            case 'ChildProtectionAccessDeclared':
            case 'ContactRecorded':
            case 'ContactCorrected':
            case 'AftercareStarted':
            case 'ReferralSent':
            case 'ReferralAccepted':
            case 'ReferralDeclined':
            case 'FirstAppointmentPlanned':
            case 'FirstAppointmentRecorded':
            case 'ReferralCompleted':
            case 'ReferralCancelled':
            case 'PlanVersionDrafted':
            case 'PlanVersionAgreed':
            case 'PlanDisputed':
            case 'MediationRequested':
            case 'MediationConcluded':
            case 'PlanStepCompleted':
            case 'ConferenceScheduled':
            case 'ConferenceAgreementRecorded':
            case 'ConferenceHeld':
            case 'ProgressAssessed':
            case 'EntrustedNoteRecorded':
            case 'CaseRestrictionLifted':
            case 'AccuracyDisputed':
            case 'AccuracyDisputeResolved':
            case 'ErasureRequested':
            case 'ErasureRequestDecided':
            case 'ErasureRequestExecuted':
            case 'RecipientsNotified':
              break;
          }
        }
      }
      const touched = [...changed].flatMap((id) => rowsOf.get(id) ?? []);
      await bulkWrite(manager, RetentionScheduleRow, touched, 'update');
    },
    purge,
  };
};
