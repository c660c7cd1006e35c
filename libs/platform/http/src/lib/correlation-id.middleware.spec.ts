import { type Request } from 'express';
import { correlationIdOf, requestIdOf } from './correlation-id.middleware';

const requestWith = (header?: string) =>
  ({ headers: header === undefined ? {} : { 'x-correlation-id': header } }) as unknown as Request;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdOf', () => {
  it('makes its own id whatever the client sends', () => {
    const sent = '0b9e5bd4-3c1e-4d0a-9b53-6f1f4a4f1e2a';
    const id = requestIdOf(requestWith(sent));
    expect(id).toMatch(UUID_V4);
    expect(id).not.toBe(sent);
  });

  it('gives the same id for the same request and different ids for different requests', () => {
    const request = requestWith();
    expect(requestIdOf(request)).toBe(requestIdOf(request));
    expect(requestIdOf(request)).not.toBe(requestIdOf(requestWith()));
  });
});

describe('correlationIdOf', () => {
  it.each(['0B9E5BD4-3C1E-4D0A-9B53-6F1F4A4F1E2A', '4bf92f3577b34da6a3ce929d0e0e4736', 'batch-7:step.2'])(
    'keeps %p as given',
    (header) => {
      expect(correlationIdOf(requestWith(header))).toBe(header);
    },
  );

  it.each([
    undefined,
    '',
    'x'.repeat(129),
    '0b9e5bd4-3c1e-4d0a-9b53-6f1f4a4f1e2a; drop table',
    'Mara Beispiel',
    'a\nb',
  ])('keeps nothing of %p', (header) => {
    expect(correlationIdOf(requestWith(header))).toBeNull();
  });
});
