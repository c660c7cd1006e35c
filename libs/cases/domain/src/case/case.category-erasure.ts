import { type CommandContext, DATA_CATEGORIES, type DataCategory, DomainError, type Event } from '@fallverbund/kernel';
import { ParticipantAlreadyErasedError } from './case.errors';
import { type ExistingCase } from './case.evolve';

/**
 * Erasure of some data categories of a case (keys per data category, issue 17): the keys of those
 * categories of the participant were destroyed (crypto-shredding, e.g. `rehab-medical` at the end of its
 * retention class, `erase_category_key`); their texts now read as erased, the rest of the file stays.
 * Carries no personal data: the categories, a reason that names the rule (no free text about the person),
 * who and when. Its own data category is `case_admin`.
 */
export type CategoryDataErased = Event<
  'CategoryDataErased',
  {
    caseId: string;
    participantId: string;
    categories: DataCategory[];
    reason: string;
    erasedBy: string;
    erasedAt: string;
  }
>;

export interface EraseCategoryData {
  readonly type: 'EraseCategoryData';
  readonly data: { caseId: string; categories: readonly string[]; reason: string };
  readonly metadata: CommandContext;
}

export class InvalidCategoryErasureError extends DomainError {
  readonly code = 'CASE.INVALID_CATEGORY_ERASURE';
  readonly kind = 'invalid';
}

const MAX_REASON = 500;

export const eraseCategoryData = ({ data, metadata }: EraseCategoryData, state: ExistingCase): CategoryDataErased => {
  if (state.participantErased) throw new ParticipantAlreadyErasedError(data.caseId);
  const categories = [...new Set(data.categories)];
  if (categories.length === 0) throw new InvalidCategoryErasureError('name at least one data category to erase');
  const unknown = categories.filter((c) => !DATA_CATEGORIES.includes(c as DataCategory));
  if (unknown.length > 0)
    throw new InvalidCategoryErasureError(
      `no data categories: ${unknown.join(', ')} (known: ${DATA_CATEGORIES.join(', ')})`,
    );
  const reason = data.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON)
    throw new InvalidCategoryErasureError(`the reason has 1 to ${MAX_REASON} characters`);
  return {
    type: 'CategoryDataErased',
    data: {
      caseId: data.caseId,
      participantId: state.participantId,
      categories: DATA_CATEGORIES.filter((c) => categories.includes(c)),
      reason,
      erasedBy: metadata.actor.userId,
      erasedAt: metadata.now.toISOString(),
    },
  };
};
