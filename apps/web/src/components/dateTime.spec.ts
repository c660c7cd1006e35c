import { earliestBirthDate, firstContactProblem, localDay, plannedForProblem } from './dateTime';

describe('the latest birth date a form offers', () => {
  it('is the day in the user’s time zone, also shortly after midnight', () => {
    // Local time: in Berlin 00:30 is still the previous day in UTC, which toISOString would give.
    const justAfterMidnight = new Date(2026, 11, 6, 0, 30);

    expect(localDay(justAfterMidnight)).toBe('2026-12-06');
  });

  it('goes back 130 years, as the API does', () => {
    expect(earliestBirthDate(new Date(2026, 11, 6))).toBe('1896-01-01');
  });

  it('pads month and day', () => {
    expect(localDay(new Date(2027, 0, 5, 12, 0))).toBe('2027-01-05');
  });
});

describe('the time of a case conference, checked as the API checks it', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  const opened = '2026-12-05T08:00:00Z';

  it('takes a time to come, and one called at short notice up to a day back', () => {
    expect(plannedForProblem(new Date('2026-12-10T10:00:00Z'), now, opened)).toBeNull();
    expect(plannedForProblem(new Date('2026-12-05T13:00:00Z'), now, opened)).toBeNull();
  });

  it('refuses a time before the case was opened, first', () => {
    expect(plannedForProblem(new Date('2026-12-05T07:59:00Z'), now, opened)).toBe('beforeOpened');
    expect(plannedForProblem(new Date('2020-01-01T10:00:00Z'), now, opened)).toBe('beforeOpened');
  });

  it('refuses more than a day back when the opening is not known to the reader', () => {
    expect(plannedForProblem(new Date('2026-12-05T11:59:00Z'), now)).toBe('past');
  });

  it('refuses more than two years ahead', () => {
    expect(plannedForProblem(new Date('2028-12-06T12:00:00Z'), now, opened)).toBeNull();
    expect(plannedForProblem(new Date('2028-12-06T12:01:00Z'), now, opened)).toBe('tooFar');
  });
});

describe('the first contact of a new case, checked as the API checks it', () => {
  const now = new Date('2026-12-06T12:00:00Z');

  it('takes now and up to exactly 90 days back', () => {
    expect(firstContactProblem(now, now)).toBeNull();
    expect(firstContactProblem(new Date('2026-09-07T12:00:00Z'), now)).toBeNull();
  });

  it('refuses a moment after now and one more than 90 days back, by the API’s codes', () => {
    expect(firstContactProblem(new Date('2026-12-06T12:00:01Z'), now)).toBe('CASE.FIRST_CONTACT_IN_FUTURE');
    expect(firstContactProblem(new Date('2026-09-07T11:59:59Z'), now)).toBe('CASE.FIRST_CONTACT_TOO_FAR_BACK');
  });
});
