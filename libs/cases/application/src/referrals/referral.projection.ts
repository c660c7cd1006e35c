import { type CaseEvent, type ReferralEvent, REFERRAL_EVENT_TYPES } from '@fallverbund/cases-domain';
import { envelopeOf, type RecordedEvent } from '@fallverbund/event-store';
import { type EntityManager, In } from 'typeorm';
import { bulkWrite } from '../projections/bulk-write';
import { categoryErasuresIn, type CategoryErasure, type Projection } from '../projections/projection';
import { ReferralRow, ReferralStepRow } from './referral-read-model.entities';
import { findIn } from '../projections/find-in';

const REFERRAL_TYPES: readonly string[] = REFERRAL_EVENT_TYPES;

const isReferralEvent = (event: CaseEvent): event is ReferralEvent => REFERRAL_TYPES.includes(event.type);

/**
 * The referrals of every case with their closed loop, read from the log as stored: the reason goes in
 * sealed. A row remembers the stream version of the last event applied to it and skips what it has
 * seen, and a status is reached once per referral, so applying a page again writes the same rows, and a
 * rebuild from zero writes them too.
 */
export const referralProjection: Projection = {
  name: 'referrals',
  tables: [ReferralRow, ReferralStepRow],
  async apply(page, manager) {
    const events = page.filter((e) => e.streamId.startsWith('case-')) as RecordedEvent<CaseEvent['data']>[];
    const referralIds = [
      ...new Set(
        events.flatMap((e) =>
          REFERRAL_TYPES.includes(e.type) && e.type !== 'ReferralSent'
            ? [(e.data as { referralId: string }).referralId]
            : [],
        ),
      ),
    ];
    const rows = new Map((await findIn(manager, ReferralRow, 'referralId', referralIds)).map((r) => [r.referralId, r]));
    const changed = new Set<string>();
    const steps: ReferralStepRow[] = [];
    const erased: string[] = [];

    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as CaseEvent;
      if (event.type === 'ParticipantDataErased') {
        erased.push(event.data.participantId);
        for (const row of rows.values()) if (row.participantId === event.data.participantId) row.reasonSealed = null;
        continue;
      }
      if (!isReferralEvent(event)) continue;
      const existing = rows.get(event.data.referralId);
      if (existing && recorded.version <= existing.version) continue;
      const row = event.type === 'ReferralSent' ? sentRow(event, recorded) : existing;
      if (!row) continue;
      const step = applyStep(row, event);
      row.version = recorded.version;
      rows.set(row.referralId, row);
      changed.add(row.referralId);
      // Planning the first appointment reaches no status: the referral stays accepted until it is held.
      if (step === null) continue;
      row.status = step.status;
      steps.push({
        referralId: row.referralId,
        status: step.status,
        caseId: row.caseId,
        reachedAt: step.at,
        reachedBy: step.by,
        reachedByAgencyId: recorded.metadata.actor.agencyId,
      });
    }

    await bulkWrite(
      manager,
      ReferralRow,
      [...changed].flatMap((id) => rows.get(id) ?? []),
      'update',
    );
    await bulkWrite(manager, ReferralStepRow, steps, 'ignore');
    if (erased.length > 0) await purgeReferralReasons(manager, erased);
    await purgeReferralCategories(categoryErasuresIn(page), manager);
  },
  purge: (participantIds, manager) => purgeReferralReasons(manager, participantIds),
  purgeCategories: (erasures, manager) => purgeReferralCategories(erasures, manager),
};

const sentRow = ({ data }: Extract<ReferralEvent, { type: 'ReferralSent' }>, recorded: RecordedEvent): ReferralRow => ({
  referralId: data.referralId,
  caseId: data.caseId,
  participantId: data.participantId,
  partnerAgencyId: data.partnerAgencyId,
  purpose: data.purpose,
  sharedCategories: [...data.sharedCategories],
  consentIds: [...data.consentIds],
  status: 'sent',
  reasonSealed: envelopeOf(recorded.data) ?? null,
  referredBy: data.referredBy,
  referredByAgencyId: data.referredByAgencyId,
  sentAt: data.sentAt,
  acceptedAt: null,
  declinedAt: null,
  declineReason: null,
  plannedAppointmentAt: null,
  firstAppointmentAt: null,
  waitingDays: null,
  completedAt: null,
  attended: null,
  goalReached: null,
  cancelledAt: null,
  cancelReason: null,
  version: recorded.version,
});

/** Writes the event's fields into the row; returns the status reached, when and by whom (null: none). */
const applyStep = (row: ReferralRow, event: ReferralEvent): { status: string; at: string; by: string } | null => {
  switch (event.type) {
    case 'ReferralSent':
      return { status: 'sent', at: event.data.sentAt, by: event.data.referredBy };
    case 'ReferralAccepted':
      row.acceptedAt = event.data.acceptedAt;
      return { status: 'accepted', at: event.data.acceptedAt, by: event.data.acceptedBy };
    case 'ReferralDeclined':
      Object.assign(row, { declinedAt: event.data.declinedAt, declineReason: event.data.reason });
      return { status: 'declined', at: event.data.declinedAt, by: event.data.declinedBy };
    case 'FirstAppointmentPlanned':
      row.plannedAppointmentAt = event.data.appointmentAt;
      return null;
    case 'FirstAppointmentRecorded':
      Object.assign(row, { firstAppointmentAt: event.data.appointmentAt, waitingDays: event.data.waitingDays });
      return { status: 'first_appointment', at: event.data.recordedAt, by: event.data.recordedBy };
    case 'ReferralCompleted': {
      const { attended, goalReached } = event.data.attestation;
      Object.assign(row, { completedAt: event.data.completedAt, attended, goalReached });
      return { status: 'completed', at: event.data.completedAt, by: event.data.completedBy };
    }
    case 'ReferralCancelled':
      Object.assign(row, { cancelledAt: event.data.cancelledAt, cancelReason: event.data.reason });
      return { status: 'cancelled', at: event.data.cancelledAt, by: event.data.cancelledBy };
  }
};

/** A referral's reason is `referrals` (issue 17). */
const purgeReferralCategories = async (erasures: readonly CategoryErasure[], manager: EntityManager) => {
  const ids = erasures.flatMap((e) => (e.categories.includes('referrals') ? [e.participantId] : []));
  if (ids.length > 0) await purgeReferralReasons(manager, ids);
};

/** Drops the sealed reasons of erased participants at once (erasure does not wait for the projection). */
export const purgeReferralReasons = async (
  manager: EntityManager,
  participantIds: readonly string[],
): Promise<void> => {
  await manager.update(ReferralRow, { participantId: In([...participantIds]) }, { reasonSealed: null });
};
