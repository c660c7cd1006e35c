/**
 * The one reading of dates and instants that every input goes through: the HTTP validators
 * (`@IsInstant`, `@IsCalendarDate` of the http library) accept exactly what these functions parse, and
 * the deciders and controllers parse with them, so nothing that passed validation can fail to parse.
 *
 * Accepted, nothing else: a calendar date `YYYY-MM-DD`, and an instant `YYYY-MM-DDTHH:MM[:SS[.fraction]]`
 * with `Z` or an offset `±HH:MM`. Every part must exist on the calendar and the clock (no 30 February, no
 * 24:00, no leap second); the offset is at most 18 hours. No week dates (`2026-W49`), ordinal dates
 * (`2026-338`), reduced precision (`2026-12`), basic format (`20261204T1000Z`) or local times.
 */

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|([+-])(\d{2}):(\d{2}))$/;

const isLeapYear = (year: number): boolean => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const daysIn = (year: number, month: number): number =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

const isDay = (year: number, month: number, day: number): boolean =>
  month >= 1 && month <= 12 && day >= 1 && day <= daysIn(year, month);

/** Whether `text` is a date on the calendar, written `YYYY-MM-DD`. */
export const isCalendarDate = (text: string): boolean => {
  const m = CALENDAR_DATE.exec(text);
  return m !== null && isDay(Number(m[1]), Number(m[2]), Number(m[3]));
};

/**
 * The instant `text` names, normalised to UTC (`toISOString()`, milliseconds), or null when it is not
 * an instant as described above or lies outside the years 0000 to 9999 once in UTC.
 */
export const parseInstant = (text: string): string | null => {
  const m = INSTANT.exec(text);
  if (m === null) return null;
  const [, year, month, day, hour, minute, second = '00', fraction = '', sign, offsetHours, offsetMinutes] = m;
  if (!isDay(Number(year), Number(month), Number(day))) return null;
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return null;
  if (sign !== undefined && (Number(offsetHours) > 18 || Number(offsetMinutes) > 59)) return null;
  const millis = fraction.padEnd(3, '0').slice(0, 3);
  const offset = sign === undefined ? 'Z' : `${sign}${offsetHours}:${offsetMinutes}`;
  const at = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`);
  if (Number.isNaN(at.getTime())) return null;
  const iso = at.toISOString();
  return /^\d{4}-/.test(iso) ? iso : null;
};

/** The instant as `parseInstant` reads it, for a text validated as one; throws a RangeError otherwise. */
export const instantOf = (text: string): string => {
  const instant = parseInstant(text);
  if (instant === null) throw new RangeError('not an ISO 8601 instant');
  return instant;
};

/** Whether `text` is an instant `parseInstant` reads. */
export const isInstant = (text: string): boolean => parseInstant(text) !== null;
