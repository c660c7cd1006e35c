import { mayRecordText } from '@fallverbund/access-policy';
import { type Case, type ExistingCase, requestedTextCategories } from '@fallverbund/cases-domain';
import { type DataCategory, DomainError } from '@fallverbund/kernel';
import { accessFor, authorizeOnState, factsFromState } from './case-access';
import { type RequestContext } from './request-context';

/** The author may not record a text of the category it chose, on this case, under the declared purpose. */
export class TextCategoryNotPermittedError extends DomainError {
  readonly code = 'TEXT.CATEGORY_NOT_PERMITTED';
  readonly kind = 'forbidden';
}

/**
 * For a write that carries free texts: `record` on the route's category (as `authorizeOnState`), and
 * on every category the author chose for a text. Unknown category names are left to the decider (400).
 */
export function authorizeTexts(
  state: Case,
  caseId: string,
  context: RequestContext,
  section: DataCategory,
  chosen: readonly (string | null | undefined)[],
  options: { leadAgencyOnly?: boolean } = {},
): asserts state is ExistingCase {
  authorizeOnState(state, caseId, context, section, options);
  const access = accessFor(context, factsFromState(state));
  const refused = requestedTextCategories(chosen).filter((category) => !mayRecordText(access, category));
  if (refused.length > 0)
    throw new TextCategoryNotPermittedError(
      `the declared purpose and legal bases do not allow to record a text of category ${refused.join(', ')} on this case`,
    );
}
