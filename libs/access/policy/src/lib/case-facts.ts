import { type AgencyType, type DataCategory, type Purpose, type Role } from '@fallverbund/kernel';

export interface ConsentFacts {
  consentId: string;
  purposes: readonly Purpose[];
  dataCategories: readonly DataCategory[];
  recipientAgencyIds: readonly string[];
  recipientUserIds: readonly string[];
  /** 'YYYY-MM-DD'; the consent is active through the end of that day (UTC). */
  validUntil: string | null;
  /** ISO instant. */
  grantedAt: string;
  /** ISO instant; the consent is inactive from that instant on. */
  withdrawnAt: string | null;
}

export interface ChildProtectionDeclarationFacts {
  declarationId: string;
  userId: string;
  declaredAt: string;
  /** ISO instant. */
  expiresAt: string;
}

export type ReferralFactsStatus = 'sent' | 'accepted' | 'declined' | 'first_appointment' | 'completed' | 'cancelled';

/** The statuses in which a referral still opens the case to its partner (rule `referral`). */
export const OPEN_REFERRAL_STATUSES: readonly ReferralFactsStatus[] = ['sent', 'accepted', 'first_appointment'];

/** A referral as the policy sees it: to whom, for which purpose, sharing what, and where it stands. */
export interface ReferralFacts {
  referralId: string;
  partnerAgencyId: string;
  purpose: Purpose;
  sharedCategories: readonly DataCategory[];
  status: ReferralFactsStatus;
}

/** § 84 SGB X: processing of the whole case or of some categories is restricted. */
export interface RestrictionFacts {
  scope: 'case' | readonly DataCategory[];
  reason: string;
  /** ISO instant. */
  since: string;
}

/** The person disputes the accuracy of the case (categories null) or of some categories. */
export interface AccuracyDisputeFacts {
  categories: readonly DataCategory[] | null;
  since: string;
}

/** What the policy needs to know about one case. */
export interface CaseFacts {
  caseId: string;
  leadAgencyId: string;
  leadAgencyType: AgencyType;
  team: readonly { userId: string; agencyId: string; role: Role }[];
  consents: readonly ConsentFacts[];
  childProtectionDeclarations: readonly ChildProtectionDeclarationFacts[];
  referrals: readonly ReferralFacts[];
  /** Absent on facts written before restriction existed: not restricted. */
  restriction?: RestrictionFacts | null;
  accuracyDispute?: AccuracyDisputeFacts | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** A §8a declaration carries the escalation for 72 hours at most, whatever expiresAt says. */
export const CHILD_PROTECTION_DECLARATION_MS = 72 * 60 * 60 * 1000;

/** First instant after the UTC day 'YYYY-MM-DD'; NaN for anything else, so a malformed date fails closed. */
const endOfUtcDay = (day: string): number => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return NaN;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const start = Date.UTC(y, m - 1, d);
  // Date.UTC rolls 2026-02-30 over into March; such a day does not exist.
  if (m < 1 || m > 12 || d < 1 || start >= Date.UTC(y, m, 1)) return NaN;
  return start + DAY_MS;
};

// Comparisons are written so that NaN (an unparseable timestamp) makes the fact inactive.
const notBefore = (t: number, from: number): boolean => t >= from;
const before = (t: number, until: number): boolean => t < until;

/** Active from its grant, until its withdrawal (exclusive) and through the end of its validUntil day (UTC). */
export function isConsentActive(consent: ConsentFacts, now: Date): boolean {
  const t = now.getTime();
  return (
    notBefore(t, Date.parse(consent.grantedAt)) &&
    (consent.withdrawnAt === null || before(t, Date.parse(consent.withdrawnAt))) &&
    (consent.validUntil === null || before(t, endOfUtcDay(consent.validUntil)))
  );
}

/**
 * The first instant (epoch ms) at which the consent is no longer active whatever happens next: its
 * withdrawal or the end of its validUntil day, whichever comes first; Infinity for a consent that
 * holds until withdrawn and is not withdrawn. NaN (a malformed date) reads as ended.
 */
export function consentEndsAt(consent: ConsentFacts): number {
  const withdrawn = consent.withdrawnAt === null ? Infinity : Date.parse(consent.withdrawnAt);
  const expires = consent.validUntil === null ? Infinity : endOfUtcDay(consent.validUntil);
  const end = Math.min(withdrawn, expires);
  return Number.isNaN(withdrawn) || Number.isNaN(expires) ? -Infinity : end;
}

/**
 * Active from its declaration until expiresAt (exclusive), never longer than 72 hours. Its written justification
 * is not a fact the policy reads: a declaration is recorded only with one (`decide` refuses it otherwise), and
 * the text is sealed under the participant's key like every free text (category `youth_welfare`).
 */
export function isDeclarationActive(d: ChildProtectionDeclarationFacts, now: Date): boolean {
  const t = now.getTime();
  const declaredAt = Date.parse(d.declaredAt);
  return (
    notBefore(t, declaredAt) &&
    before(t, Math.min(Date.parse(d.expiresAt), declaredAt + CHILD_PROTECTION_DECLARATION_MS))
  );
}
