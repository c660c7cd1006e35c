import { type DataCategory, type Purpose } from '@fallverbund/kernel';
import { type CaseAccess } from './case-access.policy';
import { type LegalBasis } from './legal-basis';

/** One category a disclosure passes on, with the basis on which the discloser holds it. */
export interface DisclosedCategory {
  readonly category: DataCategory;
  readonly basis: LegalBasis;
}

/** What a referral may pass on, decided before it is sent. */
export type ReferralDisclosure =
  | {
      readonly permitted: true;
      /** Always the declared purpose. */
      readonly purpose: Purpose;
      /** The shared categories in the order asked, each with the basis the policy gives the sender for it. */
      readonly categories: readonly DisclosedCategory[];
    }
  | {
      readonly permitted: false;
      readonly refusal: 'purpose_not_declared';
      readonly declared: Purpose;
      readonly requested: Purpose;
    }
  | {
      readonly permitted: false;
      readonly refusal: 'categories_not_readable';
      readonly purpose: Purpose;
      readonly unreadable: readonly DataCategory[];
    };

export interface ReferralDisclosureRequest {
  /** The purpose the referral names; absent means the declared one. */
  readonly purpose?: Purpose;
  readonly categories: readonly DataCategory[];
}

/**
 * Purpose binding of a disclosure (§ 67b, § 69 SGB X, Art. 5(1)(b) GDPR): a referral is made for the
 * purpose its sender declared for this request, never another, and passes on only categories the
 * sender may read under that purpose. `access` is the sender's access for the declared purpose,
 * without what a referral to the sender's own agency opens (a partner answers a referral; it does not
 * pass on what it received). Refuses the purpose first, then names every category the sender may not read.
 */
export function decideReferralDisclosure(
  access: CaseAccess,
  declared: Purpose,
  request: ReferralDisclosureRequest,
): ReferralDisclosure {
  const purpose = request.purpose ?? declared;
  if (purpose !== declared) return { permitted: false, refusal: 'purpose_not_declared', declared, requested: purpose };
  const asked = [...new Set(request.categories)];
  const categories = asked.flatMap((category) => {
    const basis = access.can('read', category) ? access.basisFor(category) : null;
    return basis ? [{ category, basis }] : [];
  });
  const unreadable = asked.filter((c) => !categories.some((d) => d.category === c));
  return unreadable.length > 0
    ? { permitted: false, refusal: 'categories_not_readable', purpose, unreadable }
    : { permitted: true, purpose, categories };
}
