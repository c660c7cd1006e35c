import { type NextFunction, type Request, type Response } from 'express';
import { limitBodyDepth, MAX_BODY_DEPTH, nestsDeeperThan } from './body-depth';
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

describe('limitBodyDepth', () => {
  const run = (body: unknown): unknown => {
    let passed: unknown = 'not called';
    limitBodyDepth({ body } as Request, {} as Response, ((error?: unknown) => (passed = error)) as NextFunction);
    return passed;
  };

  it(`lets bodies of ${MAX_BODY_DEPTH} levels through and refuses deeper ones with 400 REQUEST.TOO_DEEP`, () => {
    expect(run(nested(MAX_BODY_DEPTH))).toBeUndefined();
    expect(run(undefined)).toBeUndefined();
    expect(run(nested(MAX_BODY_DEPTH + 1))).toMatchObject({ status: 400, code: 'REQUEST.TOO_DEEP' });
    expect(run(nested(1500))).toBeInstanceOf(RequestError);
  });
});
