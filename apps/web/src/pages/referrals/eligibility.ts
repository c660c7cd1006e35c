import { type Category, needsOf, type Purpose } from '../../session/purposes';
import type { ConsentView } from '../consents/queries';
import { CATEGORIES } from '../consents/summary';

export type Offer =
  | { category: Category; offered: true }
  | { category: Category; offered: false; why: 'notNeeded' | 'notReadable' | 'noConsent' };

/**
 * Which categories a referral to `partnerAgencyId` for `purpose` may share, and why each other one is
 * not offered — the API's rules for POST /api/cases/{id}/referrals (REFERRAL.INVALID beyond the
 * purpose's needs, REFERRAL.CATEGORIES_NOT_READABLE, REFERRAL.NOT_COVERED_BY_CONSENT), derived on the
 * client because the API offers no route that answers it. `readable`: the categories the case view
 * grants the sender (`access.legalBasis`). Consents shown reduced cannot be read and cover nothing here.
 */
export function referralOffers(
  purpose: Purpose,
  partnerAgencyId: string,
  consents: readonly ConsentView[],
  readable: readonly Category[],
): Offer[] {
  const covered = new Set(
    consents
      .filter(
        (c) =>
          c.active && !c.reduced && c.purposes?.includes(purpose) && c.recipientAgencyIds?.includes(partnerAgencyId),
      )
      .flatMap((c) => c.dataCategories ?? []),
  );
  return CATEGORIES.map((category): Offer => {
    if (!needsOf(purpose).includes(category)) return { category, offered: false, why: 'notNeeded' };
    if (!readable.includes(category)) return { category, offered: false, why: 'notReadable' };
    if (!covered.has(category)) return { category, offered: false, why: 'noConsent' };
    return { category, offered: true };
  });
}
