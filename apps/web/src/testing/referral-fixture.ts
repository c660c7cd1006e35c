import type { Schema } from '../api/client';

/**
 * A referral as the API answers it (ReferralViewDto), for component tests: sent by anna.coach to the
 * addiction counselling service, nothing after that unless `overrides` says so.
 */
export const referralView = (overrides: Partial<Schema<'ReferralViewDto'>> = {}): Schema<'ReferralViewDto'> => ({
  id: 'ref-1',
  caseId: 'case-1',
  partner: { agencyId: 'suchtberatung-nord', name: 'Suchtberatung Nord', agencyType: 'network_partner' },
  purpose: 'health_promotion',
  sharedCategories: ['identity', 'addiction'],
  consentIds: ['consent-1'],
  status: 'sent',
  reason: 'Beratung zum Alkoholkonsum',
  referredBy: { userId: 'anna.coach', agencyId: 'jobcenter-mitte' },
  sentAt: '2026-12-01T09:00:00Z',
  acceptedAt: null,
  declined: null,
  plannedAppointmentAt: null,
  firstAppointmentAt: null,
  waitingDays: null,
  completedAt: null,
  attestation: null,
  cancelled: null,
  steps: [{ status: 'sent', at: '2026-12-01T09:00:00Z', by: 'anna.coach' }],
  ...overrides,
});
