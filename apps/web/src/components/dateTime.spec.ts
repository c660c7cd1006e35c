import { earliestBirthDate, localDay } from './dateTime';

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
