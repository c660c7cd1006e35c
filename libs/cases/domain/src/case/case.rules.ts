import { type DataCategory, type Purpose } from '@fallverbund/kernel';
import { CaseClosedError, CaseNotFoundError, ParticipantAlreadyErasedError } from './case.errors';
import { type Case, type ExistingCase, isConsentActiveAt } from './case.evolve';

/** Guards and value checks the deciders of every part of the case share. */

export function assertCaseExists(state: Case, caseId: string): asserts state is ExistingCase {
  if (state.status === 'none') throw new CaseNotFoundError(caseId);
}

/** New work is recorded on a case that is not closed and whose participant data still exist. */
export const assertOpenForWork = (state: ExistingCase): void => {
  if (state.participantErased) throw new ParticipantAlreadyErasedError(state.caseId);
  if (state.lifecycle === 'closed') throw new CaseClosedError(state.caseId);
};

/** Dates and instants are read as every input is validated: see the kernel's time module. */
export { isCalendarDate, parseInstant } from '@fallverbund/kernel';

/** Trimmed text of 1 to `max` characters, or null when it is blank or too long. */
export const boundedText = (text: string, max: number): string | null => {
  const trimmed = text.trim();
  return trimmed.length === 0 || trimmed.length > max ? null : trimmed;
};

export const today = (now: Date): string => now.toISOString().slice(0, 10);

/** The ids of the active consents that name `purpose`, `category` and the agency as recipient. */
export const consentsCovering = (
  state: ExistingCase,
  agencyId: string,
  purpose: Purpose,
  category: DataCategory,
  now: Date,
): string[] =>
  state.consents
    .filter(
      (c) =>
        isConsentActiveAt(c, now) &&
        c.purposes.includes(purpose) &&
        c.dataCategories.includes(category) &&
        c.recipientAgencyIds.includes(agencyId),
    )
    .map((c) => c.consentId);
