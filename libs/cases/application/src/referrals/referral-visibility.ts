import { type CaseFacts } from '@fallverbund/access-policy';
import { accessFor } from '../cases/case-access';
import { type RequestContext } from '../cases/request-context';

/**
 * Whether the actor may know that a referral exists: whoever reads the case's referrals on the team
 * or consent rule sees them all; a partner, granted through rule `referral`, only those to its own
 * agency. Every referral route asks this before anything else about the referral, so one the actor
 * may not know answers exactly like one that does not exist (404 `REFERRAL.NOT_FOUND`).
 */
export const mayKnowReferral = (
  context: RequestContext,
  facts: CaseFacts,
): ((referral: { readonly partnerAgencyId: string }) => boolean) => {
  const all = accessFor(context, { ...facts, referrals: [] }).can('read', 'referrals');
  return (referral) => all || referral.partnerAgencyId === context.actor.agencyId;
};
