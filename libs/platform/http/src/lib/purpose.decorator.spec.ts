import { PURPOSES } from '@fallverbund/kernel';
import { purposeFrom } from './purpose.decorator';
import { RequestError } from './request.errors';

describe('purposeFrom', () => {
  it.each(PURPOSES)('accepts %s', (purpose) => {
    expect(purposeFrom(purpose)).toBe(purpose);
  });

  it.each([undefined, ''])('answers %p with REQUEST.PURPOSE_MISSING', (header) => {
    expect(() => purposeFrom(header)).toThrow(
      expect.objectContaining({ status: 400, code: 'REQUEST.PURPOSE_MISSING' }) as RequestError,
    );
  });

  it.each(['curiosity', 'Audit', 'audit, coordination', ['audit']])(
    'answers %p with REQUEST.PURPOSE_UNKNOWN and the valid codes',
    (header) => {
      expect(() => purposeFrom(header)).toThrow(
        expect.objectContaining({
          status: 400,
          code: 'REQUEST.PURPOSE_UNKNOWN',
          message: expect.stringContaining('child_protection') as string,
        }) as RequestError,
      );
    },
  );
});
