import { type AgencyType, type DataCategory, type Purpose } from '@fallverbund/kernel';

/** The version of docs/access-policy.md this library implements; recorded with every access decision. */
export const POLICY_VERSION = '2026-12-05.1';

/** Table 1: the purposes an agency pursues by statute (need-to-know, § 35 SGB I). */
export const STATUTORY_PURPOSES: Readonly<Record<AgencyType, readonly Purpose[]>> = Object.freeze({
  jobcenter: ['integration', 'coordination', 'health_promotion', 'case_conference', 'aftercare'],
  employment_agency: ['integration', 'coordination', 'case_conference', 'aftercare'],
  youth_office: ['youth_support', 'coordination', 'case_conference', 'aftercare'],
  health_provider: ['health_promotion', 'rehabilitation', 'coordination', 'case_conference'],
  health_insurer: ['health_promotion', 'rehabilitation', 'coordination'],
  pension_insurance: ['rehabilitation', 'coordination', 'case_conference', 'aftercare'],
  rehab_provider: ['rehabilitation', 'coordination', 'case_conference', 'aftercare'],
  municipal_social_service: ['integration', 'coordination', 'case_conference', 'aftercare'],
  network_partner: ['coordination', 'health_promotion', 'aftercare'],
});

const BASE: readonly DataCategory[] = ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress'];

/** Table 2: the categories a purpose may need (§ 67a–67c SGB X). Nothing for evaluation and audit. */
export const PURPOSE_NEEDS: Readonly<Record<Purpose, readonly DataCategory[]>> = Object.freeze({
  integration: [...BASE, 'finances'],
  coordination: BASE,
  health_promotion: [...BASE, 'health', 'addiction'],
  rehabilitation: [...BASE, 'health', 'addiction'],
  youth_support: [...BASE, 'youth_welfare'],
  child_protection: ['identity', 'case_admin', 'contacts', 'youth_welfare', 'health'],
  case_conference: ['identity', 'case_admin', 'plan', 'progress'],
  aftercare: ['identity', 'case_admin', 'contacts', 'plan', 'progress'],
  evaluation: [],
  audit: [],
});

/** Purposes no team works a single case for: §8a has its own rule, evaluation and audit see no case content. */
export const NEVER_TEAM_PURPOSES: readonly Purpose[] = ['child_protection', 'evaluation', 'audit'];
