import { etagFor, versionFromIfMatch } from './if-match.decorator';
import { RequestError } from './request.errors';

describe('etagFor', () => {
  it('quotes the version as a strong ETag', () => {
    expect(etagFor(7)).toBe('"7"');
  });
});

describe('versionFromIfMatch', () => {
  it.each([
    [undefined, undefined],
    ['', undefined],
    ['*', undefined],
    ['"7"', 7],
    ['W/"7"', 7],
    [' "0" ', 0],
    [etagFor(42), 42],
  ])('reads %p as %p', (header, version) => {
    expect(versionFromIfMatch(header)).toBe(version);
  });

  it.each(['7', '"07"', '"-1"', '"7.5"', 'w/"7"', '"7", "8"', '"99999999999999999999"'])('rejects %p', (header) => {
    expect(() => versionFromIfMatch(header)).toThrow(
      expect.objectContaining({ status: 400, code: 'REQUEST.BAD_IF_MATCH' }) as RequestError,
    );
  });
});
