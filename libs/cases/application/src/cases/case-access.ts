import { type CaseAccess, type CaseFacts, decideCaseAccess } from '@fallverbund/access-policy';
import { CaseNotFoundError, CaseRestrictedError, type Case, type ExistingCase } from '@fallverbund/cases-domain';
import { type DataCategory, DomainError } from '@fallverbund/kernel';
import { type CaseSummary } from './case-read-model.entities';
import { type RequestContext } from './request-context';

export class AccessDeniedError extends DomainError {
  readonly code = 'ACCESS.DENIED';
  readonly kind = 'forbidden';
}

export const factsFromState = (state: ExistingCase): CaseFacts => ({
  caseId: state.caseId,
  leadAgencyId: state.leadAgencyId,
  leadAgencyType: state.leadAgencyType,
  team: state.team,
  consents: state.consents,
  childProtectionDeclarations: state.childProtectionDeclarations,
  referrals: state.referrals.map(({ referralId, partnerAgencyId, purpose, sharedCategories, status }) => ({
    referralId,
    partnerAgencyId,
    purpose,
    sharedCategories,
    status,
  })),
  restriction: state.restriction,
  accuracyDispute: state.accuracyDispute,
});

export const factsFromSummary = (summary: CaseSummary): CaseFacts => ({
  caseId: summary.caseId,
  leadAgencyId: summary.leadAgencyId,
  leadAgencyType: summary.leadAgencyType as CaseFacts['leadAgencyType'],
  ...summary.access,
  // Rows written before referrals existed have none.
  referrals: summary.access.referrals ?? [],
});

export const accessFor = ({ actor, purpose, now }: RequestContext, facts: CaseFacts): CaseAccess =>
  decideCaseAccess({ actor, purpose, now, facts });

/**
 * The route needs `action` on `category`. A case the actor may not see at all is not found (its
 * existence stays hidden); a visible case answers 403 for what is not granted.
 */
export function assertMay(
  access: CaseAccess,
  caseId: string,
  category: DataCategory,
  action: 'read' | 'record' = 'read',
  extra?: { ok: boolean; why: string },
): void {
  if (!access.visible) throw new CaseNotFoundError(caseId);
  if (access.restricted.includes(category)) throw new CaseRestrictedError(caseId);
  if (!access.can(action, category)) {
    throw new AccessDeniedError(
      `the declared purpose and legal bases do not allow to ${action} ${category} of this case`,
    );
  }
  if (extra && !extra.ok) throw new AccessDeniedError(extra.why);
}

/** For commands: the policy decides on the state loaded from the stream. */
export function authorizeOnState(
  state: Case,
  caseId: string,
  context: RequestContext,
  category: DataCategory,
  options: { leadAgencyOnly?: boolean } = {},
): asserts state is ExistingCase {
  if (state.status === 'none') throw new CaseNotFoundError(caseId);
  const access = accessFor(context, factsFromState(state));
  assertMay(
    access,
    caseId,
    category,
    'record',
    options.leadAgencyOnly
      ? {
          ok: context.actor.agencyId === state.leadAgencyId,
          why: 'only the lead agency changes the team, records consents and moves the case through its lifecycle',
        }
      : undefined,
  );
}
