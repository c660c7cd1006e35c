import {
  type Actor,
  type AgencyType,
  DATA_CATEGORIES,
  type DataCategory,
  type PartnerService,
} from '@fallverbund/kernel';

/**
 * What naming a partner of a service reveals of the person (Art. 9 GDPR, § 67 Abs. 12 SGB X): a referral
 * to an addiction service is addiction data, one to a psychotherapist health data. Services everyone may
 * use (job placement, adult education, a sport club) reveal nothing beyond the referral itself.
 */
export const SERVICE_CATEGORIES: Readonly<Record<PartnerService, readonly DataCategory[]>> = Object.freeze({
  job_placement: [],
  vocational_training: [],
  adult_education: [],
  debt_counselling: ['finances'],
  addiction_counselling: ['addiction'],
  social_psychiatric_service: ['health'],
  psychotherapy: ['health'],
  medical_care: ['health'],
  clinic: ['health'],
  rehabilitation: ['health'],
  youth_welfare_service: ['youth_welfare'],
  family_counselling: ['youth_welfare'],
  housing_support: [],
  migration_counselling: [],
  sport_club: [],
  health_course: [],
});

/** What the involvement of an agency of this type reveals, whatever its services: a health provider treats. */
export const AGENCY_TYPE_CATEGORIES: Readonly<Record<AgencyType, readonly DataCategory[]>> = Object.freeze({
  jobcenter: [],
  employment_agency: [],
  youth_office: [],
  health_provider: ['health'],
  health_insurer: [],
  pension_insurance: [],
  rehab_provider: ['health'],
  municipal_social_service: [],
  network_partner: [],
});

/** An agency as the disclosure rules see it: its type and, when it is a partner, its services. */
export interface AgencyProfile {
  readonly agencyId: string;
  readonly agencyType?: AgencyType;
  readonly services?: readonly PartnerService[];
}

const inOrder = (categories: Iterable<DataCategory>): DataCategory[] => {
  const set = new Set(categories);
  return DATA_CATEGORIES.filter((c) => set.has(c));
};

/**
 * The categories that the involvement of this agency in a case reveals: what its type reveals and, for a
 * network partner (a counselling service, a club: it is chosen for what it offers), what its services
 * reveal. A statutory agency (Jobcenter, youth office, pension insurance) is involved for many reasons
 * and reveals nothing by its services. An agency nobody knows reveals nothing.
 */
export function agencyReveals(profile: AgencyProfile): DataCategory[] {
  return inOrder([
    ...(profile.agencyType ? AGENCY_TYPE_CATEGORIES[profile.agencyType] : []),
    ...(profile.agencyType === 'network_partner' ? (profile.services ?? []) : []).flatMap((s) => SERVICE_CATEGORIES[s]),
  ]);
}

/**
 * The categories that naming this agency reveals to this reader: none to the agency's own staff, who know
 * what their agency does, so that a partner always sees the referrals addressed to it.
 */
export function agencyRevealsTo(reader: Pick<Actor, 'agencyId'>, profile: AgencyProfile): DataCategory[] {
  return reader.agencyId === profile.agencyId ? [] : agencyReveals(profile);
}

/**
 * What the purpose an access or a record was made for reveals: work under child_protection says that a
 * child-protection concern (§ 8a SGB VIII) was raised, which is youth-welfare data.
 */
export function purposeReveals(purpose: string): DataCategory[] {
  return purpose === 'child_protection' ? ['youth_welfare'] : [];
}

/** Whatever can say what it grants: a CaseAccess, or the categories of a grant. */
export interface Reader {
  can(action: 'read', category: DataCategory): boolean;
}

/** An item that reveals these categories is shown to a reader who may read every one of them, and to no one else. */
export function mayDisclose(reader: Reader, reveals: readonly DataCategory[]): boolean {
  return reveals.every((c) => reader.can('read', c));
}

/** The categories of a list the reader may read: a list of shared categories is itself reduced to them. */
export function readableOf(reader: Reader, categories: readonly DataCategory[]): DataCategory[] {
  return inOrder(categories.filter((c) => reader.can('read', c)));
}

/**
 * What a referral reveals: that there is one (`referrals`) and what its partner's services reveal (not to
 * the partner's own staff). What it shares is answered reduced to what the reader may read.
 */
export function referralReveals(reader: Pick<Actor, 'agencyId'>, partner: AgencyProfile): DataCategory[] {
  return inOrder(['referrals', ...agencyRevealsTo(reader, partner)]);
}

/** A consent as the disclosure rules see it. */
export interface ConsentDisclosureFacts {
  readonly dataCategories: readonly DataCategory[];
  readonly recipients: readonly AgencyProfile[];
}

/**
 * A consent's record tells its categories and recipients: it reveals `case_admin`, every category it
 * names and what its recipient agencies reveal (a consent for the addiction counselling service is
 * addiction data).
 */
export function consentReveals(reader: Pick<Actor, 'agencyId'>, consent: ConsentDisclosureFacts): DataCategory[] {
  return inOrder([
    'case_admin',
    ...consent.dataCategories,
    ...consent.recipients.flatMap((r) => agencyRevealsTo(reader, r)),
  ]);
}

/**
 * How much of a consent a reader of `case_admin` gets: `full` when the reader may read everything it
 * reveals; `reduced` (that a consent exists, its id, dates and state, not what it covers or for whom)
 * for staff of the lead agency, who administer consents (they record them and take withdrawals);
 * nothing for anyone else.
 */
export function consentDisclosure(
  reader: Reader,
  actor: Pick<Actor, 'agencyId'>,
  leadAgencyId: string,
  consent: ConsentDisclosureFacts,
): 'full' | 'reduced' | 'withheld' {
  if (mayDisclose(reader, consentReveals(actor, consent))) return 'full';
  return actor.agencyId === leadAgencyId && reader.can('read', 'case_admin') ? 'reduced' : 'withheld';
}

/** A grant given as a list of categories, as a Reader. */
export const readerOf = (categories: readonly DataCategory[]): Reader => ({
  can: (_action, category) => categories.includes(category),
});
