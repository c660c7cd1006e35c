import { fromLocalInput, toLocalInput } from './format';

describe('date-time inputs', () => {
  it('send the current minute as the current instant, so a case opened a moment ago is not after it', () => {
    const now = new Date(2026, 11, 4, 16, 42, 37, 500);
    expect(toLocalInput(now)).toBe('2026-12-04T16:42');
    expect(fromLocalInput('2026-12-04T16:42', now)).toBe(now.toISOString());
  });

  it('send any other minute as its start, in local time', () => {
    const now = new Date(2026, 11, 4, 16, 42, 37);
    expect(fromLocalInput('2026-12-02T14:00', now)).toBe(new Date(2026, 11, 2, 14, 0, 0).toISOString());
  });
});
