import { type NextFunction, type Request, type Response } from 'express';
import { RequestError } from './request.errors';

/**
 * How deep a JSON body may nest (objects and arrays within each other). No DTO comes near it; without
 * a bound, a body nested a few thousand levels deep overflows the stack of the validators.
 */
export const MAX_BODY_DEPTH = 32;

/** Whether `value` nests deeper than `max` levels. Walks without recursion. */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (typeof next.value !== 'object' || next.value === null) continue;
    const depth = next.depth + 1;
    if (depth > max) return true;
    for (const child of Object.values(next.value)) pending.push({ value: child, depth });
  }
  return false;
}

/** Express middleware after the JSON parser: refuses a body nested deeper than `MAX_BODY_DEPTH` (400 `REQUEST.TOO_DEEP`). */
export function limitBodyDepth(request: Request, _response: Response, next: NextFunction): void {
  if (nestsDeeperThan(request.body, MAX_BODY_DEPTH)) {
    next(new RequestError(400, 'REQUEST.TOO_DEEP', `JSON bodies may nest at most ${MAX_BODY_DEPTH} levels deep`));
    return;
  }
  next();
}
