import { dueAt, isDue, lastDayOf } from './due-at';
import { parsePeriod, type RetentionClass } from './retention-table';

const retention = (period: string, startsAt: RetentionClass['startsAt']): RetentionClass => ({
  id: 'test',
  domain: 'general',
  categories: ['identity'],
  period: parsePeriod(period),
  startsAt,
  atTheEnd: 'erase_subject_key',
  legalSource: 'test',
});

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('dueAt', () => {
  it('is due the day after the day with the same number, ten years after closing (§§ 187 Abs. 1, 188 Abs. 2 BGB)', () => {
    const tenYears = retention('P10Y', 'case_closed');
    expect(iso(lastDayOf(tenYears, { caseClosedAt: '2026-05-10T14:30:00.000Z' }))).toBe('2036-05-10T00:00:00.000Z');
    expect(iso(dueAt(tenYears, { caseClosedAt: '2026-05-10T14:30:00.000Z' }))).toBe('2036-05-11T00:00:00.000Z');
  });

  it('ends a period started on 29 February on 28 February of a common year (§ 188 Abs. 3 BGB)', () => {
    expect(iso(dueAt(retention('P10Y', 'case_closed'), { caseClosedAt: '2024-02-29T09:00:00Z' }))).toBe(
      '2034-03-01T00:00:00.000Z',
    );
    // …and on 29 February when the last year is a leap year.
    expect(iso(dueAt(retention('P4Y', 'case_closed'), { caseClosedAt: '2024-02-29T09:00:00Z' }))).toBe(
      '2028-03-01T00:00:00.000Z',
    );
    expect(iso(lastDayOf(retention('P4Y', 'case_closed'), { caseClosedAt: '2024-02-29T09:00:00Z' }))).toBe(
      '2028-02-29T00:00:00.000Z',
    );
  });

  it('clamps a month end: one month after 31 January 2024 is 29 February', () => {
    expect(iso(lastDayOf(retention('P1M', 'case_closed'), { caseClosedAt: '2024-01-31T12:00:00Z' }))).toBe(
      '2024-02-29T00:00:00.000Z',
    );
    expect(iso(lastDayOf(retention('P1M', 'case_closed'), { caseClosedAt: '2025-01-31T12:00:00Z' }))).toBe(
      '2025-02-28T00:00:00.000Z',
    );
  });

  it('is due on the 100th birthday for § 9b SGB VIII (70 years after the 30th)', () => {
    const hundred = retention('P100Y', 'birth_date');
    expect(iso(dueAt(hundred, { birthDate: '1990-04-01' }))).toBe('2090-04-01T00:00:00.000Z');
    expect(iso(dueAt(hundred, { birthDate: '2000-01-01' }))).toBe('2100-01-01T00:00:00.000Z');
  });

  it('counts a birth on 29 February to 28 February of the (common) year 2100, due on 1 March', () => {
    const hundred = retention('P100Y', 'birth_date');
    expect(iso(lastDayOf(hundred, { birthDate: '2000-02-29' }))).toBe('2100-02-28T00:00:00.000Z');
    expect(iso(dueAt(hundred, { birthDate: '2000-02-29' }))).toBe('2100-03-01T00:00:00.000Z');
    // 2096 is a leap year: the 100th year of someone born 29 Feb 1996 ends on 28 Feb 2096, the day before.
    expect(iso(dueAt(hundred, { birthDate: '1996-02-29' }))).toBe('2096-02-29T00:00:00.000Z');
  });

  it('counts from the right fact and is null while the start event has not happened', () => {
    expect(dueAt(retention('P10Y', 'case_closed'), { birthDate: '1990-04-01' })).toBeNull();
    expect(dueAt(retention('P10Y', 'last_treatment'), { caseClosedAt: '2026-01-01T00:00:00Z' })).toBeNull();
    expect(iso(dueAt(retention('P10Y', 'last_treatment'), { lastTreatmentAt: '2026-03-15T10:00:00Z' }))).toBe(
      '2036-03-16T00:00:00.000Z',
    );
  });

  it('makes P0D due the day after the event', () => {
    expect(iso(dueAt(retention('P0D', 'case_closed'), { caseClosedAt: '2026-12-31T23:59:59Z' }))).toBe(
      '2027-01-01T00:00:00.000Z',
    );
  });

  it('is due exactly from the start of the due day (time passed in)', () => {
    const tenYears = retention('P10Y', 'case_closed');
    const facts = { caseClosedAt: '2026-05-10T14:30:00Z' };
    expect(isDue(tenYears, facts, new Date('2036-05-10T23:59:59.999Z'))).toBe(false);
    expect(isDue(tenYears, facts, new Date('2036-05-11T00:00:00.000Z'))).toBe(true);
    expect(isDue(tenYears, {}, new Date('2100-01-01T00:00:00Z'))).toBe(false);
  });

  it('refuses a date that does not exist', () => {
    expect(() => dueAt(retention('P10Y', 'birth_date'), { birthDate: '2001-02-29' })).toThrow('no calendar date');
  });
});
