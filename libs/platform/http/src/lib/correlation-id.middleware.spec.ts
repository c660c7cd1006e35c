import { type Request } from 'express';
import { correlationIdOf } from './correlation-id.middleware';

const requestWith = (header?: string) =>
  ({ headers: header === undefined ? {} : { 'x-correlation-id': header } }) as unknown as Request;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('correlationIdOf', () => {
  it('keeps a UUID the client sent', () => {
    expect(correlationIdOf(requestWith('0B9E5BD4-3C1E-4D0A-9B53-6F1F4A4F1E2A'))).toBe(
      '0B9E5BD4-3C1E-4D0A-9B53-6F1F4A4F1E2A',
    );
  });

  it.each([undefined, '', 'abc', '0b9e5bd4-3c1e-4d0a-9b53-6f1f4a4f1e2a; drop table'])(
    'makes a new one for %p',
    (header) => {
      expect(correlationIdOf(requestWith(header))).toMatch(UUID_V4);
    },
  );

  it('gives the same id for the same request and different ids for different requests', () => {
    const request = requestWith();

    expect(correlationIdOf(request)).toBe(correlationIdOf(request));
    expect(correlationIdOf(request)).not.toBe(correlationIdOf(requestWith()));
  });
});
