import { DATA_CATEGORIES } from '@fallverbund/kernel';
import { ValidateBy } from 'class-validator';

/**
 * A scope of a whole case or some of its categories (restriction, request for erasure): `"case"`, or a
 * non-empty list of distinct data categories. One rule with one message, so that a scope of neither
 * form is not answered with the list rules' messages alone.
 */
export const IsCaseScope = (): PropertyDecorator =>
  ValidateBy({
    name: 'isCaseScope',
    validator: {
      validate: (value: unknown) =>
        value === 'case' ||
        (Array.isArray(value) &&
          value.length > 0 &&
          new Set(value).size === value.length &&
          value.every((c) => (DATA_CATEGORIES as readonly unknown[]).includes(c))),
      defaultMessage: () =>
        `scope must be "case" or a non-empty list of distinct data categories (${DATA_CATEGORIES.join(', ')})`,
    },
  });
