import { EVALUATION_EVENT_TYPES, integrationEvent, type IntegrationEvent } from '@fallverbund/contracts';

/** Thirteen evaluation records; ids start with `prefix`. */
const time = '2026-11-02T10:00:00Z';
export const evaluationBatch = (prefix: string): IntegrationEvent[] => [
  integrationEvent(EVALUATION_EVENT_TYPES.caseOpened, {
    id: `${prefix}-1`,
    time,
    data: { leadAgencyType: 'jobcenter', month: '2026-10' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.caseOpened, {
    id: `${prefix}-2`,
    time,
    data: { leadAgencyType: 'jobcenter', month: '2026-11' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.caseOpened, {
    id: `${prefix}-3`,
    time,
    data: { leadAgencyType: 'jobcenter', month: '2026-11' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.caseOpened, {
    id: `${prefix}-4`,
    time,
    data: { leadAgencyType: 'youth_office', month: '2026-11' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.consentGranted, {
    id: `${prefix}-5`,
    time,
    data: { purposes: ['coordination', 'integration'], categoryCount: 2, recipientCount: 1, month: '2026-11' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.consentGranted, {
    id: `${prefix}-6`,
    time,
    data: { purposes: ['coordination'], categoryCount: 1, recipientCount: 2, month: '2026-11' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.consentWithdrawn, { id: `${prefix}-7`, time, data: { month: '2026-11' } }),
  integrationEvent(EVALUATION_EVENT_TYPES.teamMemberAdded, {
    id: `${prefix}-8`,
    time,
    data: { role: 'caseworker', month: '2026-11' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.teamMemberAdded, {
    id: `${prefix}-9`,
    time,
    data: { role: 'caseworker', month: '2026-11' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.teamMemberAdded, {
    id: `${prefix}-10`,
    time,
    data: { role: 'team_lead', month: '2026-11' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.referralWaited, {
    id: `${prefix}-11`,
    time,
    data: { waitingDays: 9, month: '2026-11' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.referralWaited, {
    id: `${prefix}-12`,
    time,
    data: { waitingDays: 16, month: '2026-11' },
  }),
  integrationEvent(EVALUATION_EVENT_TYPES.progressAssessed, {
    id: `${prefix}-13`,
    time,
    data: { perspective: 'self', ratings: { daily_structure: 4, work_readiness: 2 }, month: '2026-11' },
  }),
];

/** What `evaluationBatch` adds up to. */
export const expectedFigures = {
  casesOpened: [
    { agencyType: 'jobcenter', month: '2026-10', count: 1 },
    { agencyType: 'jobcenter', month: '2026-11', count: 2 },
    { agencyType: 'youth_office', month: '2026-11', count: 1 },
  ],
  consentsGranted: [
    { purpose: 'coordination', month: '2026-11', count: 2 },
    { purpose: 'integration', month: '2026-11', count: 1 },
  ],
  consentsWithdrawn: [{ month: '2026-11', count: 1 }],
  teamMembersAdded: [
    { role: 'caseworker', month: '2026-11', count: 2 },
    { role: 'team_lead', month: '2026-11', count: 1 },
  ],
  referralWaits: [{ month: '2026-11', count: 2, waitingDays: 25 }],
  progressRatings: [
    { perspective: 'self', dimension: 'daily_structure', month: '2026-11', count: 1, ratingSum: 4 },
    { perspective: 'self', dimension: 'work_readiness', month: '2026-11', count: 1, ratingSum: 2 },
  ],
};
