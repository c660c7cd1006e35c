import { type Period, type RetentionClass } from './retention-table';

/** The start events of one case as far as they happened; dates as ISO strings (UTC). No clock inside. */
export interface RetentionFacts {
  /** When the case was last closed; absent while it is open. */
  readonly caseClosedAt?: string | null;
  /** When the last health note was recorded; absent if none was. */
  readonly lastTreatmentAt?: string | null;
  /** The participant's date of birth, YYYY-MM-DD. */
  readonly birthDate?: string | null;
}

const DAY_MS = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})/;

const utcDay = (iso: string): Date => {
  const match = DATE.exec(iso);
  if (!match) throw new Error(`"${iso}" is no ISO date`);
  const [, y, m, d] = match;
  const day = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (Number.isNaN(day.getTime()) || day.getUTCDate() !== Number(d)) throw new Error(`"${iso}" is no calendar date`);
  return day;
};

/** Adds years and months by the calendar; a day the last month lacks becomes its last day (§ 188 Abs. 3 BGB). */
const addPeriod = (day: Date, period: Period): Date => {
  const months = day.getUTCMonth() + period.months + 12 * period.years;
  const year = day.getUTCFullYear() + Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const end = new Date(Date.UTC(year, month, Math.min(day.getUTCDate(), lastDay)));
  return new Date(end.getTime() + period.days * DAY_MS);
};

/**
 * The last day of a period, by §§ 187, 188 BGB: counted from an event, the event's day does not count
 * and the period ends on the day with the same number; counted from a birth date, the day of birth
 * counts and the period ends the day before the birthday. Null while the start event has not happened.
 */
export const lastDayOf = (retention: RetentionClass, facts: RetentionFacts): Date | null => {
  const start =
    retention.startsAt === 'case_closed'
      ? facts.caseClosedAt
      : retention.startsAt === 'last_treatment'
        ? facts.lastTreatmentAt
        : facts.birthDate;
  if (!start) return null;
  const first = utcDay(start);
  const from = retention.startsAt === 'birth_date' ? new Date(first.getTime() - DAY_MS) : first;
  return addPeriod(from, retention.period);
};

/**
 * When the class's action becomes due for one case: the start (00:00 UTC) of the day after the
 * period's last day; null while the start event has not happened. Pure: the facts carry the dates.
 */
export const dueAt = (retention: RetentionClass, facts: RetentionFacts): Date | null => {
  const last = lastDayOf(retention, facts);
  return last === null ? null : new Date(last.getTime() + DAY_MS);
};

/** Whether the class's action is due at `now` (passed in). */
export const isDue = (retention: RetentionClass, facts: RetentionFacts, now: Date): boolean => {
  const due = dueAt(retention, facts);
  return due !== null && due.getTime() <= now.getTime();
};
