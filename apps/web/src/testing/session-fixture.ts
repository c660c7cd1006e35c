import type { SessionState } from '../session/session-store';

const BASE = ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress'] as const;

/**
 * What GET /api/session answers anna.coach (a jobcenter caseworker) about purposes, for component tests:
 * the API's answer is the input here, as the policy library computes it (apps/api/src/session).
 */
export const ANNA_POLICY: Pick<SessionState, 'purposes' | 'purposeNeeds'> = {
  purposeNeeds: [
    { purpose: 'integration', needs: [...BASE, 'finances'] },
    { purpose: 'coordination', needs: [...BASE] },
    { purpose: 'health_promotion', needs: [...BASE, 'health', 'addiction'] },
    { purpose: 'rehabilitation', needs: [...BASE, 'health', 'addiction'] },
    { purpose: 'youth_support', needs: [...BASE, 'youth_welfare'] },
    { purpose: 'child_protection', needs: ['identity', 'case_admin', 'contacts', 'youth_welfare', 'health'] },
    { purpose: 'case_conference', needs: ['identity', 'case_admin', 'plan', 'progress'] },
    { purpose: 'aftercare', needs: ['identity', 'case_admin', 'contacts', 'plan', 'progress'] },
    { purpose: 'evaluation', needs: [] },
    { purpose: 'audit', needs: [] },
  ],
  purposes: (
    [
      'integration',
      'coordination',
      'health_promotion',
      'case_conference',
      'aftercare',
      'rehabilitation',
      'youth_support',
      'evaluation',
    ] as const
  ).map((purpose, i) => ({ purpose, statutory: i < 5, needs: [] })),
};

/** frieda.dpo, the data protection officer of the embedded profile, signed in under the purpose audit. */
export const FRIEDA_SESSION: SessionState = {
  token: 't',
  user: {
    userId: 'frieda.dpo',
    displayName: 'frieda.dpo',
    role: 'data_protection_officer',
    agencyId: 'jobcenter-mitte',
  },
  purpose: 'audit',
};

/** anna.coach, a Jobcenter caseworker of the embedded profile, signed in under the purpose integration. */
export const ANNA_SESSION: SessionState = {
  token: 't',
  user: {
    userId: 'anna.coach',
    displayName: 'anna.coach',
    role: 'caseworker',
    agencyId: 'jobcenter-mitte',
    agencyType: 'jobcenter',
  },
  purpose: 'integration',
  ...ANNA_POLICY,
};

/** clara.youth, a youth-office caseworker of the embedded profile, signed in under the purpose child_protection. */
export const CLARA_CHILD_PROTECTION_SESSION: SessionState = {
  token: 't',
  user: {
    userId: 'clara.youth',
    displayName: 'clara.youth',
    role: 'caseworker',
    agencyId: 'jugendamt-mitte',
    agencyType: 'youth_office',
  },
  purpose: 'child_protection',
};
