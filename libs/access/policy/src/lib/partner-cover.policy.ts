import { DATA_CATEGORIES, type DataCategory, type Purpose } from '@fallverbund/kernel';
import { consentEndsAt, isConsentActive, type CaseFacts, type ConsentFacts } from './case-facts';
import { NEVER_TEAM_PURPOSES, PURPOSE_NEEDS, STATUTORY_PURPOSES } from './policy.tables';

/**
 * A system of one agency that receives a case stream of its own (a partner topic): registered with
 * the purposes it works for and the data categories it wants. It is not a person: consents that
 * name persons (recipientUserIds) never reach it, and it is on no case team.
 */
export interface PartnerSubscriber {
  readonly id: string;
  readonly agencyId: string;
  readonly purposes: readonly Purpose[];
  readonly categories: readonly DataCategory[];
}

/** Why a subscriber may receive a category of a case: its agency leads the case, or a consent names it. */
export type PartnerCoverBasis =
  | { readonly kind: 'statute'; readonly purpose: Purpose }
  | { readonly kind: 'consent'; readonly consentId: string; readonly purpose: Purpose };

/** What one subscriber may receive of one case at one instant. */
export interface PartnerCover {
  /** At least one category is covered. */
  readonly covered: boolean;
  /** Covered categories, in DATA_CATEGORIES order. */
  readonly categories: readonly DataCategory[];
  covers(category: DataCategory): boolean;
  /** The basis of the first grant (statute before consents, consents in recording order) of a category. */
  basisFor(category: DataCategory): PartnerCoverBasis | null;
  /**
   * Since when (epoch ms) a grant that covers the category now has held without a break: the earliest
   * grant of a consent that covers it, -Infinity under the statute; null when it is not covered. A
   * fact recorded at or after this instant was covered then and still is, by the same grant.
   */
  heldSince(category: DataCategory): number | null;
  /**
   * The instant the cover ends unless the facts change (the last validUntil day of the consents that
   * give it); null when it is open-ended (the lead agency's statute, or a consent until withdrawn) or
   * when nothing is covered.
   */
  readonly until: Date | null;
}

export interface PartnerCoverRequest {
  readonly subscriber: PartnerSubscriber;
  readonly facts: CaseFacts;
  readonly now: Date;
}

interface Grant {
  readonly categories: readonly DataCategory[];
  readonly basis: PartnerCoverBasis;
  /** Epoch ms from which the grant holds; -Infinity for the statute. */
  readonly since: number;
  /** Epoch ms at which the grant lapses by itself; Infinity when it does not. */
  readonly endsAt: number;
}

const wanted = (subscriber: PartnerSubscriber, purpose: Purpose, also?: readonly DataCategory[]): DataCategory[] =>
  PURPOSE_NEEDS[purpose].filter((c) => subscriber.categories.includes(c) && (also === undefined || also.includes(c)));

/** Rule `statute`: the lead agency's own systems, for the statutory purposes of its agency type. */
const statuteGrants = ({ subscriber, facts }: PartnerCoverRequest): Grant[] =>
  subscriber.agencyId !== facts.leadAgencyId
    ? []
    : subscriber.purposes
        .filter((p) => STATUTORY_PURPOSES[facts.leadAgencyType].includes(p) && !NEVER_TEAM_PURPOSES.includes(p))
        .map((purpose) => ({
          categories: wanted(subscriber, purpose),
          basis: { kind: 'statute', purpose },
          since: -Infinity,
          endsAt: Infinity,
        }));

const namesAgency = (consent: ConsentFacts, agencyId: string): boolean => consent.recipientAgencyIds.includes(agencyId);

/** Rule `consent`: an active consent that names the agency, the purpose and the category. */
const consentGrants = ({ subscriber, facts, now }: PartnerCoverRequest): Grant[] =>
  facts.consents
    .filter((c) => namesAgency(c, subscriber.agencyId) && isConsentActive(c, now))
    .flatMap((c) =>
      subscriber.purposes
        .filter((purpose) => c.purposes.includes(purpose))
        .map((purpose) => ({
          categories: wanted(subscriber, purpose, c.dataCategories),
          basis: { kind: 'consent', consentId: c.consentId, purpose } as const,
          since: Date.parse(c.grantedAt),
          endsAt: consentEndsAt(c),
        })),
    );

/**
 * Decides which categories of one case a partner subscriber may receive at `now`: the union over its
 * purposes of (what the purpose needs ∩ what the subscriber wants), for the lead agency's statutory
 * purposes, and ∩ the consent's categories for each active consent that names the subscriber's
 * agency and the purpose. Child-protection declarations bind a person and grant a system nothing.
 */
export function decidePartnerCover(request: PartnerCoverRequest): PartnerCover {
  const grants = [...statuteGrants(request), ...consentGrants(request)].filter((g) => g.categories.length > 0);
  const categories = Object.freeze(DATA_CATEGORIES.filter((c) => grants.some((g) => g.categories.includes(c))));
  const end = grants.reduce((latest, g) => Math.max(latest, g.endsAt), -Infinity);
  return Object.freeze({
    covered: categories.length > 0,
    categories,
    covers: (category: DataCategory) => categories.includes(category),
    basisFor: (category: DataCategory) => grants.find((g) => g.categories.includes(category))?.basis ?? null,
    heldSince: (category: DataCategory) => {
      const holding = grants.filter((g) => g.categories.includes(category));
      return holding.length === 0 ? null : Math.min(...holding.map((g) => g.since));
    },
    until: Number.isFinite(end) ? new Date(end) : null,
  });
}

export type PartnerCoverEndReason = 'consent_withdrawn' | 'consent_expired' | 'no_longer_covered';

/**
 * Why a subscriber's cover of a case is gone at `now`: the consent naming its agency and one of its
 * purposes that ended last was withdrawn, or ran out; otherwise it is no longer covered for another
 * reason (its registration changed, for instance). Ask only once `decidePartnerCover` says nothing is covered.
 */
export function partnerCoverEnd(request: PartnerCoverRequest): {
  readonly reason: PartnerCoverEndReason;
  readonly at: Date;
} {
  const { subscriber, facts, now } = request;
  const ended = facts.consents
    .filter(
      (c) =>
        namesAgency(c, subscriber.agencyId) &&
        subscriber.purposes.some((p) => c.purposes.includes(p)) &&
        consentEndsAt(c) <= now.getTime(),
    )
    .map((c) => ({ consent: c, end: consentEndsAt(c) }))
    .sort((a, b) => b.end - a.end)[0];
  if (!ended || !Number.isFinite(ended.end)) return { reason: 'no_longer_covered', at: now };
  const withdrawn = ended.consent.withdrawnAt !== null && Date.parse(ended.consent.withdrawnAt) === ended.end;
  return { reason: withdrawn ? 'consent_withdrawn' : 'consent_expired', at: new Date(ended.end) };
}
