import { useFormat } from '../i18n/i18n';

/** A date with time in the current language ("04.12.2026, 10:30"), for instants such as appointments. */
export function useDateTime(): (value: string) => string {
  return useFormat().dateTime;
}

/** An instant as the value of an `<input type="datetime-local">` (local time, minutes). */
export function toLocalInput(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** Today in the user's time zone, as an `<input type="date">` holds it (YYYY-MM-DD). */
export function localDay(now: Date = new Date()): string {
  return toLocalInput(now).slice(0, 10);
}

/** The earliest birth date the API takes: 1 January, 130 years back (case.decide.ts). */
export function earliestBirthDate(now: Date = new Date()): string {
  return `${now.getFullYear() - 130}-01-01`;
}

/** The value of an `<input type="datetime-local">` (local wall time) as an ISO 8601 instant. */
export function localToInstant(value: string): string {
  return new Date(value).toISOString();
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Why a case conference cannot be convened for `plannedFor` (as the API judges it: case.conferences.ts), or null. */
export type PlannedForProblem = 'beforeOpened' | 'past' | 'tooFar';

/**
 * The API's rule for a conference's time, checked before sending so the form can say which part is wrong:
 * not before the case was opened (when the reader sees when that was), at most a day back (a conference
 * called at short notice), at most two years ahead. The API keeps the rule (400 CONFERENCE.INVALID).
 */
export function plannedForProblem(plannedFor: Date, now: Date, openedAt?: string): PlannedForProblem | null {
  if (openedAt !== undefined && plannedFor.getTime() < Date.parse(openedAt)) return 'beforeOpened';
  if (plannedFor.getTime() < now.getTime() - DAY_MS) return 'past';
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + 2);
  return plannedFor.getTime() > latest.getTime() ? 'tooFar' : null;
}

/** Why a case cannot be opened with this first contact (as the API judges it: case.decide.ts), or null. */
export type FirstContactProblem = 'CASE.FIRST_CONTACT_IN_FUTURE' | 'CASE.FIRST_CONTACT_TOO_FAR_BACK';

/**
 * The API's rule for a new case's first contact, checked before sending so the form can say it under the field:
 * not after now, at most 90 days back. Named by the API's own codes, whose words the page has (de.json).
 */
export function firstContactProblem(firstContactAt: Date, now: Date): FirstContactProblem | null {
  if (firstContactAt.getTime() > now.getTime()) return 'CASE.FIRST_CONTACT_IN_FUTURE';
  return firstContactAt.getTime() < now.getTime() - 90 * DAY_MS ? 'CASE.FIRST_CONTACT_TOO_FAR_BACK' : null;
}
