import type { Schema } from '../api/client';

// The client's own copy of two tables of docs/access-policy.md: the API has no route that says which
// purposes a user may declare, so the header offers what the role (and the agency's type) can use.
// The API still decides every request; a purpose offered here may still be refused for a case.

export type Purpose = Schema<'CaseAccessDto'>['purpose'];
export type Role = Schema<'DemoUserDto'>['role'];
export type AgencyType = Schema<'SessionAgencyDto'>['type'];
export type Category = Schema<'CaseViewDto'>['withheld'][number];

/** "Purposes an agency pursues by statute" (docs/access-policy.md). */
export const STATUTORY_PURPOSES: Record<AgencyType, readonly Purpose[]> = {
  jobcenter: ['integration', 'coordination', 'health_promotion', 'case_conference', 'aftercare'],
  employment_agency: ['integration', 'coordination', 'case_conference', 'aftercare'],
  youth_office: ['youth_support', 'coordination', 'case_conference', 'aftercare'],
  health_provider: ['health_promotion', 'rehabilitation', 'coordination', 'case_conference'],
  health_insurer: ['health_promotion', 'rehabilitation', 'coordination'],
  pension_insurance: ['rehabilitation', 'coordination', 'case_conference', 'aftercare'],
  rehab_provider: ['rehabilitation', 'coordination', 'case_conference', 'aftercare'],
  municipal_social_service: ['integration', 'coordination', 'case_conference', 'aftercare'],
  network_partner: ['coordination', 'health_promotion', 'aftercare'],
};

/** "What a purpose may need" (docs/access-policy.md). */
export const PURPOSE_NEEDS: Record<Purpose, readonly Category[]> = {
  integration: ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress', 'finances'],
  coordination: ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress'],
  health_promotion: ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress', 'health', 'addiction'],
  rehabilitation: ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress', 'health', 'addiction'],
  youth_support: ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress', 'youth_welfare'],
  child_protection: ['identity', 'case_admin', 'contacts', 'youth_welfare', 'health'],
  case_conference: ['identity', 'case_admin', 'plan', 'progress'],
  aftercare: ['identity', 'case_admin', 'contacts', 'plan', 'progress'],
  evaluation: [],
  audit: [],
};

const CASE_PURPOSES: readonly Purpose[] = [
  'integration',
  'coordination',
  'health_promotion',
  'rehabilitation',
  'youth_support',
  'case_conference',
  'aftercare',
];

/**
 * The purposes a user may declare, the agency's statutory purposes first (the first is the default):
 * case purposes for every role but the DPO (others' cases come by consent or referral for any of
 * them); `evaluation` for caseworkers and team leads; `child_protection` for caseworkers of a youth
 * office; `audit` for the data protection officer alone.
 */
export function purposesFor(role: Role, agencyType: AgencyType | undefined): Purpose[] {
  if (role === 'data_protection_officer') return ['audit'];
  const statutory = agencyType ? STATUTORY_PURPOSES[agencyType] : [];
  const extra: Purpose[] = [];
  if (role === 'caseworker' && agencyType === 'youth_office') extra.push('child_protection');
  if (role === 'caseworker' || role === 'team_lead') extra.push('evaluation');
  return [...new Set([...statutory, ...CASE_PURPOSES, ...extra])];
}
