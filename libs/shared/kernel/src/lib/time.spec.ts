import { instantOf, isCalendarDate, isInstant, parseInstant } from './time';

describe('isCalendarDate', () => {
  it('accepts days on the calendar written YYYY-MM-DD', () => {
    expect(['2026-12-04', '2024-02-29', '2000-02-29', '1990-04-01', '0001-01-01'].every(isCalendarDate)).toBe(true);
  });

  it('refuses impossible days and every other ISO 8601 form', () => {
    const refused = ['2026-02-29', '1900-02-29', '2026-02-30', '2026-04-31', '2026-13-01', '2026-00-10', '2026-01-00'];
    const otherForms = [
      '2026-W49',
      '2026-W49-5',
      '2026-338',
      '2026-12',
      '2026',
      '20261204',
      '2026-12-04T00:00Z',
      ' 2026-12-04',
    ];
    expect([...refused, ...otherForms].filter(isCalendarDate)).toEqual([]);
  });
});

describe('parseInstant', () => {
  it('normalises instants with Z or an offset to UTC with milliseconds', () => {
    expect(parseInstant('2026-11-24T14:00:00+01:00')).toBe('2026-11-24T13:00:00.000Z');
    expect(parseInstant('2026-11-24T14:00Z')).toBe('2026-11-24T14:00:00.000Z');
    expect(parseInstant('2026-11-24T14:00:05.123456789Z')).toBe('2026-11-24T14:00:05.123Z');
    expect(parseInstant('2026-11-24T14:00:05.5-02:30')).toBe('2026-11-24T16:30:05.500Z');
    expect(parseInstant('2024-02-29T23:59:59+18:00')).toBe('2024-02-29T05:59:59.000Z');
  });

  it('refuses what the calendar or the clock does not have, which Date would roll over', () => {
    for (const text of [
      '2026-02-30T10:00Z',
      '2026-02-29T10:00Z',
      '2026-01-01T24:00Z',
      '2026-01-01T10:60Z',
      '2026-01-01T10:00:60Z',
      '2026-01-01T10:00+19:00',
      '2026-01-01T10:00+01:60',
    ])
      expect([text, parseInstant(text)]).toEqual([text, null]);
  });

  it('refuses week and ordinal dates, reduced precision, basic format, local times and other spellings', () => {
    const refused = [
      '2026-W49',
      '2026-W49-5T10:00Z',
      '2026-338',
      '2026-338T10:00Z',
      '2026-12',
      '2026-12-04',
      '2026-12-04T10Z',
      '2026-12-04T10:00',
      '20261204T100000Z',
      '2026-12-04T10:00:00+0100',
      '2026-12-04 10:00Z',
      '2026-12-04t10:00z',
      '2026-12-04T10:00:00,5Z',
      '+012026-12-04T10:00Z',
      '1e20',
      '',
    ];
    expect(refused.filter(isInstant)).toEqual([]);
  });

  it('keeps the result within four-digit years', () => {
    expect(parseInstant('0000-01-01T00:30+01:00')).toBeNull();
    expect(parseInstant('9999-12-31T23:00-02:00')).toBeNull();
    expect(parseInstant('9999-12-31T23:00Z')).toBe('9999-12-31T23:00:00.000Z');
  });
});

describe('instantOf', () => {
  it('reads a validated instant and throws on anything else', () => {
    expect(instantOf('2026-12-04T10:00+01:00')).toBe('2026-12-04T09:00:00.000Z');
    expect(() => instantOf('2026-W49')).toThrow(RangeError);
  });
});
