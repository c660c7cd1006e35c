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

export const isCalendarDate = (text: string): boolean => {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The instant normalised to UTC, or null when `text` is not an ISO 8601 instant with an offset. */
export const parseInstant = (text: string): string | null => {
  const at = new Date(text);
  return ISO_INSTANT.test(text) && !Number.isNaN(at.getTime()) ? at.toISOString() : null;
};

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
