/** What an access is for. Every read and write of case data declares exactly one. */
export const PURPOSES = [
  'integration',
  'coordination',
  'health_promotion',
  'rehabilitation',
  'youth_support',
  'child_protection',
  'case_conference',
  'aftercare',
  'evaluation',
  'audit',
] as const;
export type Purpose = (typeof PURPOSES)[number];

/** What is being accessed; the unit the access policy grants or withholds. */
export const DATA_CATEGORIES = [
  'identity',
  'case_admin',
  'contacts',
  'plan',
  'referrals',
  'progress',
  'health',
  'youth_welfare',
  'finances',
  'addiction',
] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];

/** Categories that never cross to another agency without a consent naming them and the recipient. */
export const SENSITIVE_CATEGORIES: readonly DataCategory[] = ['health', 'addiction', 'youth_welfare'];

/** What a partner offers; the fixed vocabulary the directory is searched by. */
export const PARTNER_SERVICES = [
  'job_placement',
  'vocational_training',
  'adult_education',
  'debt_counselling',
  'addiction_counselling',
  'social_psychiatric_service',
  'psychotherapy',
  'medical_care',
  'clinic',
  'rehabilitation',
  'youth_welfare_service',
  'family_counselling',
  'housing_support',
  'migration_counselling',
  'sport_club',
  'health_course',
] as const;
export type PartnerService = (typeof PARTNER_SERVICES)[number];

export const AGENCY_TYPES = [
  'jobcenter',
  'employment_agency',
  'youth_office',
  'health_provider',
  'health_insurer',
  'pension_insurance',
  'rehab_provider',
  'municipal_social_service',
  'network_partner',
] as const;
export type AgencyType = (typeof AGENCY_TYPES)[number];

export const ROLES = [
  'caseworker',
  'team_lead',
  'health_professional',
  'partner_staff',
  'data_protection_officer',
  /** The person a case is about, signed in to see their own case: no agency of its own, no staff route. */
  'participant',
] as const;
export type Role = (typeof ROLES)[number];

/** The roles of agency staff: everyone but the participant. */
export const STAFF_ROLES = ROLES.filter((role): role is Exclude<Role, 'participant'> => role !== 'participant');
export type StaffRole = Exclude<Role, 'participant'>;

export const isPurpose = (value: unknown): value is Purpose => PURPOSES.includes(value as Purpose);
export const isDataCategory = (value: unknown): value is DataCategory =>
  DATA_CATEGORIES.includes(value as DataCategory);
