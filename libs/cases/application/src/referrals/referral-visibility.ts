import { type CaseFacts, mayDisclose, referralReveals } from '@fallverbund/access-policy';
import { accessFor } from '../cases/case-access';
import { type RequestContext } from '../cases/request-context';
import { type AgencyProfiles } from '../disclosure/agency-profiles';

/**
 * Whether the actor may know that a referral exists: whoever reads the case's referrals on the team
 * or consent rule sees them all; a partner, granted through rule `referral`, only those to its own
 * agency. Of those, only the ones whose partner reveals no category the actor may not read under the
 * declared purpose: a referral to an addiction service is addiction data (its own staff always know
 * the referrals to it). Every referral route asks this before anything else about the referral, so
 * one the actor may not know answers exactly like one that does not exist (404 `REFERRAL.NOT_FOUND`).
 */
export const mayKnowReferral = (
  context: RequestContext,
  facts: CaseFacts,
  profiles: AgencyProfiles,
): ((referral: { readonly partnerAgencyId: string }) => boolean) => {
  const all = accessFor(context, { ...facts, referrals: [] }).can('read', 'referrals');
  const access = accessFor(context, facts);
  return (referral) =>
    (all || referral.partnerAgencyId === context.actor.agencyId) &&
    mayDisclose(access, referralReveals(context.actor, profiles.of(referral.partnerAgencyId)));
};
