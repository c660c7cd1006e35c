import { useFormat } from '../i18n/i18n';

/** A date with time in the current language ("04.12.2026, 10:30"), for instants such as appointments. */
export function useDateTime(): (value: string) => string {
  return useFormat().dateTime;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Today in the user's time zone, as an `<input type="date">` holds it (YYYY-MM-DD): the latest birth date. */
export function localDay(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The earliest birth date the API takes: 1 January, 130 years back (case.decide.ts). */
export function earliestBirthDate(now: Date = new Date()): string {
  return `${now.getFullYear() - 130}-01-01`;
}

/** The value of an `<input type="datetime-local">` (local wall time) as an ISO 8601 instant. */
export function localToInstant(value: string): string {
  return new Date(value).toISOString();
}
