import { CASE_EVENT_TYPES } from './case-events';
import { EVALUATION_EVENT_TYPES } from './evaluation-events';
import { PARTNER_EVENT_TYPES } from './partner-events';
import { type IntegrationEvent } from './integration-event';
import { CONTRACTS, integrationEvent, type IntegrationEventDataByType, type IntegrationEventType } from './registry';

/** One valid data example per type: for the AsyncAPI file, tests, and other teams' fixtures. */
export const CONTRACT_EXAMPLES: { readonly [T in keyof IntegrationEventDataByType]: IntegrationEventDataByType[T] } = {
  [CASE_EVENT_TYPES.opened]: { leadAgencyId: 'jobcenter-nord', leadAgencyType: 'jobcenter' },
  [CASE_EVENT_TYPES.teamMemberAdded]: { agencyId: 'jugendamt-mitte', role: 'caseworker' },
  [CASE_EVENT_TYPES.consentGranted]: {
    consentId: '0b9f1c1e-4a47-4c0e-9a55-2b9a4f1d7e01',
    purposes: ['coordination'],
    dataCategories: ['case_admin', 'plan'],
    recipientAgencyIds: ['jugendamt-mitte'],
    validUntil: '2027-06-30',
  },
  [CASE_EVENT_TYPES.consentWithdrawn]: { consentId: '0b9f1c1e-4a47-4c0e-9a55-2b9a4f1d7e01' },
  [CASE_EVENT_TYPES.healthNoteRecorded]: { noteId: '6d1e8f0a-3c2b-4d5e-8f9a-0b1c2d3e4f50', secrecy: true },
  [CASE_EVENT_TYPES.participantErased]: {},
  [CASE_EVENT_TYPES.categoryErased]: { categories: ['health', 'addiction'] },
  [CASE_EVENT_TYPES.contactRecorded]: {
    contactId: '3f2a9c1d-7b4e-4e2a-9d1c-5a6b7c8d9e01',
    kind: 'home_visit',
    occurredOn: '2026-11-02',
    durationMinutes: 45,
  },
  [CASE_EVENT_TYPES.contactCorrected]: {
    contactId: '3f2a9c1d-7b4e-4e2a-9d1c-5a6b7c8d9e01',
    correctionId: '8c7b6a5d-4e3f-4a1b-8c2d-1e0f9a8b7c02',
  },
  [CASE_EVENT_TYPES.statusChanged]: { status: 'closed', exitReason: 'goal_reached' },
  [CASE_EVENT_TYPES.referralSent]: {
    referralId: '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d10',
    partnerAgencyId: 'suchtberatung-nord',
    purpose: 'coordination',
    sharedCategories: ['case_admin', 'referrals'],
  },
  [CASE_EVENT_TYPES.referralStatusChanged]: {
    referralId: '5e4d3c2b-1a09-4f8e-9d7c-6b5a4f3e2d10',
    status: 'first_appointment',
    waitingDays: 9,
    attestation: null,
  },
  [CASE_EVENT_TYPES.planChanged]: { version: 2, status: 'agreed' },
  [CASE_EVENT_TYPES.planStepCompleted]: { version: 2 },
  [CASE_EVENT_TYPES.conferenceScheduled]: {
    conferenceId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03',
    invitedAgencyIds: ['jugendamt-mitte', 'praxis-yilmaz'],
    plannedOn: '2026-11-20',
  },
  [CASE_EVENT_TYPES.conferenceHeld]: {
    conferenceId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c03',
    heldOn: '2026-11-20',
    attendingAgencyIds: ['jobcenter-nord', 'jugendamt-mitte'],
    sharedCategories: ['case_admin', 'plan'],
  },
  [CASE_EVENT_TYPES.progressAssessed]: {
    assessmentId: '2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e04',
    perspective: 'self',
    dimensions: ['daily_structure', 'work_readiness'],
    assessedOn: '2026-11-02',
  },
  [PARTNER_EVENT_TYPES.coverEnded]: { reason: 'consent_withdrawn' },
  [PARTNER_EVENT_TYPES.erasureNotified]: {
    categories: ['identity', 'case_admin', 'contacts'],
    effectiveAt: '2026-12-05T09:00:00.000Z',
    legalBasis: 'gdpr_art_17_sgb_x_84',
  },
  [PARTNER_EVENT_TYPES.restrictionNotified]: {
    action: 'restricted',
    categories: ['health'],
    effectiveAt: '2026-12-05T09:00:00.000Z',
    legalBasis: 'gdpr_art_18_sgb_x_84',
  },
  [EVALUATION_EVENT_TYPES.caseOpened]: { leadAgencyType: 'jobcenter', month: '2026-11' },
  [EVALUATION_EVENT_TYPES.consentGranted]: {
    purposes: ['coordination', 'integration'],
    categoryCount: 2,
    recipientCount: 1,
    month: '2026-11',
  },
  [EVALUATION_EVENT_TYPES.consentWithdrawn]: { month: '2026-11' },
  [EVALUATION_EVENT_TYPES.teamMemberAdded]: { role: 'caseworker', month: '2026-11' },
  [EVALUATION_EVENT_TYPES.caseClosed]: { exitReason: 'goal_reached', month: '2026-11' },
  [EVALUATION_EVENT_TYPES.referralWaited]: { waitingDays: 9, month: '2026-11' },
  [EVALUATION_EVENT_TYPES.progressAssessed]: {
    perspective: 'self',
    ratings: { daily_structure: 3, work_readiness: 2 },
    month: '2026-11',
  },
};

/**
 * A complete example event of a type: the example data, a fixed time, and for case types a subject
 * and sequence. For tests and fixtures.
 */
export const exampleEvent = <T extends IntegrationEventType>(
  type: T,
  options: { readonly id?: string; readonly subject?: string; readonly sequence?: number } = {},
): IntegrationEvent<T, IntegrationEventDataByType[T]> =>
  integrationEvent(type, {
    id: options.id ?? `example-${type}-${options.sequence ?? 1}`,
    time: '2026-11-02T10:00:00.123Z',
    ...(CONTRACTS[type].subject === 'case'
      ? { subject: options.subject ?? 'case-42', sequence: options.sequence ?? 1 }
      : {}),
    data: CONTRACT_EXAMPLES[type],
  });
