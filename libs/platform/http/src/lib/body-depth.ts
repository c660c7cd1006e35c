import { type NextFunction, type Request, type Response } from 'express';
import { RequestError } from './request.errors';

/**
 * How deep a JSON body may nest (objects and arrays within each other). No DTO comes near it; without
 * a bound, a body nested a few thousand levels deep overflows the stack of the validators.
 */
export const MAX_BODY_DEPTH = 32;

/**
 * Names no field may have: those of what every object inherits (`__proto__`, `constructor`,
 * `toString`, …). The DTO transformer drops such a field silently instead of refusing it as unknown,
 * and `__proto__` becomes a prototype where an object is copied.
 */
const BUILT_IN_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));

/**
 * What is wrong with the shape of a parsed JSON body or query: it nests deeper than `max` levels, or
 * an object in it has a field named like a built-in (`BUILT_IN_NAMES`). Walks without recursion.
 */
export function bodyShapeProblem(value: unknown, max: number): 'too_deep' | 'built_in_field' | undefined {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > max) return 'too_deep';
    if (Object.keys(next.value).some((key) => BUILT_IN_NAMES.has(key))) return 'built_in_field';
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return undefined;
}

/** Whether `value` nests deeper than `max` levels. */
export const nestsDeeperThan = (value: unknown, max: number): boolean => bodyShapeProblem(value, max) === 'too_deep';

/**
 * Express middleware after the JSON parser, before any validator: refuses a body nested deeper than
 * `MAX_BODY_DEPTH` (400 `REQUEST.TOO_DEEP`), and a body or query with a field named like a built-in
 * (400 `REQUEST.FORBIDDEN_FIELD`).
 */
export function checkRequestShape(request: Request, _response: Response, next: NextFunction): void {
  const problem = bodyShapeProblem(request.body, MAX_BODY_DEPTH);
  if (problem === 'too_deep') {
    next(new RequestError(400, 'REQUEST.TOO_DEEP', `JSON bodies may nest at most ${MAX_BODY_DEPTH} levels deep`));
    return;
  }
  // The query parser nests too (a[b][c]=1), though far less deep; only the field name matters there.
  if (problem === 'built_in_field' || bodyShapeProblem(request.query, Infinity) === 'built_in_field') {
    const names = '__proto__, constructor, toString or another name every object inherits';
    next(new RequestError(400, 'REQUEST.FORBIDDEN_FIELD', `No field in a body or query may be named ${names}`));
    return;
  }
  next();
}
