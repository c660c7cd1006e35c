import { useFormat } from '../i18n/i18n';

/** A date with time in the current language ("04.12.2026, 10:30"), for instants such as appointments. */
export function useDateTime(): (value: string) => string {
  return useFormat().dateTime;
}

/** The value of an `<input type="datetime-local">` (local wall time) as an ISO 8601 instant. */
export function localToInstant(value: string): string {
  return new Date(value).toISOString();
}
