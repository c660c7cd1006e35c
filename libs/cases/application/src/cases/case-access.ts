import { CaseNotFoundError, type Case, type ExistingCase } from '@fallverbund/cases-domain';
import { type Actor } from '@fallverbund/kernel';

/**
 * Until the access-policy issue lands: only members of a case's team may read or change it. A case
 * the actor may not see answers exactly like one that does not exist.
 */
export function assertTeamMember(state: Case, caseId: string, actor: Actor): asserts state is ExistingCase {
  if (state.status === 'none' || !state.team.some((member) => member.userId === actor.userId)) {
    throw new CaseNotFoundError(caseId);
  }
}
