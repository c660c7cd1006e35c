import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { Matches } from 'class-validator';

/** A UUID in its canonical spelling: lower-case hex, hyphenated (RFC 9562). */
export const CANONICAL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The canonical spelling of a UUID in any case, or undefined when `value` is no UUID. */
export function canonicalUuid(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const lower = value.toLowerCase();
  return CANONICAL_UUID.test(lower) ? lower : undefined;
}

/**
 * For an id of a DTO (path or query): any spelling of a UUID becomes its lower-case canonical form
 * before validation, anything else is refused (400 `REQUEST.VALIDATION`). Every lookup, and every
 * audit entry, then sees the one id a resource has.
 */
export const IsCanonicalUuid = (field: string): PropertyDecorator =>
  applyDecorators(
    Transform(({ value }: { value: unknown }) => canonicalUuid(value) ?? value),
    Matches(CANONICAL_UUID, { message: `${field} must be a UUID` }),
  );
