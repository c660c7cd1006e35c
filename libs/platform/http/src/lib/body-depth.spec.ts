import { type NextFunction, type Request, type Response } from 'express';
import { checkRequestShape, MAX_BODY_DEPTH, nestsDeeperThan } from './body-depth';
import { RequestError } from './request.errors';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

describe('nestsDeeperThan', () => {
  it('counts objects and arrays within each other, not scalars', () => {
    expect(nestsDeeperThan('text', 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan(nested(3), 3)).toBe(false);
    expect(nestsDeeperThan(nested(4), 3)).toBe(true);
    expect(nestsDeeperThan({ wide: Array.from({ length: 1000 }, () => ({ x: [1] })) }, 4)).toBe(false);
  });

  it('walks a million levels without overflowing the stack', () => {
    expect(nestsDeeperThan(nested(1_000_000), MAX_BODY_DEPTH)).toBe(true);
  });
});

describe('checkRequestShape', () => {
  const run = (body: unknown, query: unknown = {}): unknown => {
    let passed: unknown = 'not called';
    checkRequestShape(
      { body, query } as Request,
      {} as Response,
      ((error?: unknown) => (passed = error)) as NextFunction,
    );
    return passed;
  };

  it(`lets bodies of ${MAX_BODY_DEPTH} levels through and refuses deeper ones with 400 REQUEST.TOO_DEEP`, () => {
    expect(run(nested(MAX_BODY_DEPTH))).toBeUndefined();
    expect(run(undefined)).toBeUndefined();
    expect(run(nested(MAX_BODY_DEPTH + 1))).toMatchObject({ status: 400, code: 'REQUEST.TOO_DEEP' });
    expect(run(nested(1500))).toBeInstanceOf(RequestError);
  });

  it('refuses a field named __proto__, toString or constructor at any depth with 400 REQUEST.FORBIDDEN_FIELD', () => {
    expect(run(JSON.parse('{"a":[{"__proto__":{"admin":true}}]}'))).toMatchObject({
      status: 400,
      code: 'REQUEST.FORBIDDEN_FIELD',
    });
    expect(run({ userId: 'anna.coach', toString: true })).toMatchObject({ code: 'REQUEST.FORBIDDEN_FIELD' });
    expect(run([{ a: { constructor: 2 } }])).toMatchObject({ code: 'REQUEST.FORBIDDEN_FIELD' });
    expect(run({ proto: 1, prototype: 2, ToString: 3 })).toBeUndefined();
    const query = JSON.parse('{"limit":"5","__proto__":"1"}') as unknown; // as Node's query parser makes it
    expect(run(undefined, query)).toMatchObject({ status: 400, code: 'REQUEST.FORBIDDEN_FIELD' });
    expect(run(undefined, { limit: '5', a: { b: '1' } })).toBeUndefined();
  });
});
