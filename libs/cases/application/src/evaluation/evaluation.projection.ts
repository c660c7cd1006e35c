import { type CaseEvent } from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { bulkWrite } from '../projections/bulk-write';
import { type Projection } from '../projections/projection';
import { EvaluationCaseRow, EvaluationContactRow, EvaluationReferralRow } from './evaluation-read-model.entities';
import { findIn } from '../projections/find-in';

const month = (instant: string): string => instant.slice(0, 7);

/**
 * The evaluation read model, fed from the case events directly (it reads no other read model).
 * Every event of a case is applied at most once: the case row remembers the last stream version it
 * applied, and an event at or below it is skipped. Events of one case stay in one transaction on a
 * rebuild, and every row belongs to one case, so parallel shares never touch the same row.
 */
export const evaluationProjection: Projection = {
  name: 'evaluation',
  tables: [EvaluationCaseRow, EvaluationContactRow, EvaluationReferralRow],
  async apply(page, manager) {
    const events = page.filter((e) => e.streamId.startsWith('case-')) as RecordedEvent<CaseEvent['data']>[];
    if (events.length === 0) return;
    const caseKeys = [...new Set(events.map((e) => e.streamId.slice('case-'.length)))];
    const idsOf = (type: CaseEvent['type'], field: 'contactId' | 'referralId'): string[] => [
      ...new Set(events.filter((e) => e.type === type).map((e) => (e.data as Record<string, string>)[field] ?? '')),
    ];
    const caseRows = await findIn(manager, EvaluationCaseRow, 'caseKey', caseKeys);
    const contactRows = await findIn(
      manager,
      EvaluationContactRow,
      'contactId',
      idsOf('ContactCorrected', 'contactId'),
    );
    const referralRows = await findIn(
      manager,
      EvaluationReferralRow,
      'referralId',
      idsOf('FirstAppointmentRecorded', 'referralId'),
    );
    const cases = new Map(caseRows.map((row) => [row.caseKey, row]));
    const contacts = new Map(contactRows.map((row) => [row.contactId, row]));
    const referrals = new Map(referralRows.map((row) => [row.referralId, row]));
    const touched = { cases: new Set<string>(), contacts: new Set<string>(), referrals: new Set<string>() };

    for (const recorded of events) {
      const event = { type: recorded.type, data: recorded.data } as CaseEvent;
      const caseKey = recorded.streamId.slice('case-'.length);
      if (event.type === 'CaseOpened' && !cases.has(caseKey)) {
        cases.set(caseKey, {
          caseKey,
          leadAgencyId: event.data.leadAgencyId,
          leadAgencyType: event.data.leadAgencyType,
          status: 'active',
          exitReason: null,
          openedMonth: month(event.data.openedAt),
          closedMonth: null,
          latestRatings: {},
          restriction: null,
          version: 0,
        });
      }
      const row = cases.get(caseKey);
      if (!row || recorded.version <= row.version) continue;
      row.version = recorded.version;
      touched.cases.add(caseKey);
      switch (event.type) {
        case 'AftercareStarted':
          row.status = 'aftercare';
          break;
        case 'CaseClosed':
          Object.assign(row, {
            status: 'closed',
            exitReason: event.data.exitReason,
            closedMonth: month(event.data.closedAt),
          });
          break;
        case 'CaseReopened':
          Object.assign(row, { status: 'active', exitReason: null, closedMonth: null });
          break;
        case 'ContactRecorded':
          contacts.set(event.data.contactId, {
            contactId: event.data.contactId,
            caseKey,
            month: month(event.data.occurredAt),
          });
          touched.contacts.add(event.data.contactId);
          break;
        case 'ContactCorrected': {
          const contact = contacts.get(event.data.contactId);
          if (contact && event.data.changes.occurredAt !== undefined) {
            contact.month = month(event.data.changes.occurredAt);
            touched.contacts.add(contact.contactId);
          }
          break;
        }
        case 'ReferralSent':
          referrals.set(event.data.referralId, {
            referralId: event.data.referralId,
            caseKey,
            partnerAgencyId: event.data.partnerAgencyId,
            waitingDays: null,
          });
          touched.referrals.add(event.data.referralId);
          break;
        case 'FirstAppointmentRecorded': {
          const referral = referrals.get(event.data.referralId);
          if (referral) {
            referral.waitingDays = event.data.waitingDays;
            touched.referrals.add(referral.referralId);
          }
          break;
        }
        // Restricted data leave the figures while the restriction holds (evaluation-figures.ts).
        case 'CaseRestricted':
          row.restriction = event.data.scope;
          break;
        case 'CaseRestrictionLifted':
          row.restriction = null;
          break;
        case 'ProgressAssessed': {
          const { perspective, ratings, assessedAt } = event.data;
          const latest = { ...row.latestRatings[perspective] };
          for (const [dimension, rating] of Object.entries(ratings) as [keyof typeof latest, number | undefined][]) {
            const current = latest[dimension];
            // The latest by assessment time; a backdated assessment recorded later does not replace it.
            if (rating !== undefined && (!current || assessedAt >= current.at))
              latest[dimension] = { rating, at: assessedAt };
          }
          row.latestRatings = { ...row.latestRatings, [perspective]: latest };
          break;
        }
        // Nothing of these goes into a figure; a new event type has to be decided on here.
        case 'CaseOpened':
        case 'TeamMemberAdded':
        case 'ParticipantDataErased':
        case 'ConsentGranted':
        case 'ConsentWithdrawn':
        case 'HealthNoteRecorded':
        case 'EntrustedNoteRecorded':
        case 'ChildProtectionAccessDeclared':
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
        case 'ReferralAccepted':
        case 'ReferralDeclined':
        case 'ReferralCompleted':
        case 'ReferralCancelled':
        case 'PlanVersionDrafted':
        case 'PlanVersionAgreed':
        case 'PlanDisputed':
        case 'MediationRequested':
        case 'MediationConcluded':
        case 'FirstAppointmentPlanned': // leaves the referral accepted; only the held one counts
        case 'PlanStepCompleted':
        case 'ConferenceScheduled':
        case 'ConferenceAgreementRecorded':
        case 'ConferenceHeld':
          break;
      }
    }

    const pick = <T>(ids: Set<string>, rows: Map<string, T>): T[] => [...ids].flatMap((id) => rows.get(id) ?? []);
    await bulkWrite(manager, EvaluationCaseRow, pick(touched.cases, cases), 'update');
    await bulkWrite(manager, EvaluationContactRow, pick(touched.contacts, contacts), 'update');
    await bulkWrite(manager, EvaluationReferralRow, pick(touched.referrals, referrals), 'update');
  },
};
