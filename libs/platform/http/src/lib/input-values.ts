import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';
import { isCalendarDate, isInstant } from '@fallverbund/kernel';

/**
 * The largest number a paging or position parameter (`offset`, `after`, `index`, `treeSize`, …) may
 * name: far beyond any list or log this service keeps, and small enough for every database integer and
 * for exact arithmetic in JavaScript.
 */
export const MAX_POSITION = 1_000_000_000;

// A query value is text: only plain decimal digits become a number (no sign, exponent, hex, blanks,
// fraction or empty string, all of which Number() would accept); anything else stays as it came and
// fails IsInt. Numbers of a JSON body pass as they are.
const DECIMAL = /^\d{1,16}$/;
const toInteger = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && DECIMAL.test(value) ? Number(value) : value;

/**
 * A whole number from `min` to `max` (default `MAX_POSITION`), in the query, the path or a body; a
 * query value must be written in plain decimal digits. Anything else is refused (400
 * `REQUEST.VALIDATION`) before a handler runs.
 */
export const IsBoundedInteger = (field: string, min: number, max: number = MAX_POSITION): PropertyDecorator =>
  applyDecorators(
    Transform(toInteger),
    ValidateBy(
      {
        name: 'isBoundedInteger',
        validator: {
          validate: (value: unknown) =>
            typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max,
        },
      },
      { message: `${field} must be a whole number from ${min} to ${max}` },
    ),
  );

/**
 * An instant as the kernel's `parseInstant` reads it (`2026-11-24T14:00:00+01:00`, `…Z`): what passes
 * this parses, and nothing else passes (no week or ordinal dates, no 30 February).
 */
export const IsInstant = (field: string, options: Pick<ValidationOptions, 'each'> = {}): PropertyDecorator =>
  ValidateBy(
    { name: 'isInstant', validator: { validate: (value: unknown) => typeof value === 'string' && isInstant(value) } },
    { ...options, message: `${field} must be an ISO 8601 instant with Z or an offset, e.g. 2026-11-24T14:00:00+01:00` },
  );

/** A calendar date `YYYY-MM-DD` as the kernel's `isCalendarDate` reads it. */
export const IsCalendarDate = (field: string, options: Pick<ValidationOptions, 'each'> = {}): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isCalendarDate',
      validator: { validate: (value: unknown) => typeof value === 'string' && isCalendarDate(value) },
    },
    { ...options, message: `${field} must be a calendar date as YYYY-MM-DD` },
  );
