/**
 * A JSON Schema (draft 2020-12) as a plain object. Kept as a loose type on purpose: the contracts
 * library is plain TypeScript without a validator; `@fallverbund/messaging` compiles the schemas
 * with ajv, and other teams can copy them into any JSON Schema tool.
 */
export type JsonSchema = { readonly [keyword: string]: unknown };

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

/** A closed object: every listed property required, nothing else allowed. */
export const closedObject = (
  id: string,
  title: string,
  properties: Readonly<Record<string, JsonSchema>>,
): JsonSchema => ({
  $schema: JSON_SCHEMA_DIALECT,
  $id: id,
  title,
  type: 'object',
  properties,
  required: Object.keys(properties),
  additionalProperties: false,
});

/** Building blocks shared by the schemas. */
export const ID: JsonSchema = { type: 'string', minLength: 1, maxLength: 200 };
export const MONTH: JsonSchema = { type: 'string', pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$' };
export const DATE: JsonSchema = { type: 'string', format: 'date' };
export const COUNT: JsonSchema = { type: 'integer', minimum: 0 };
export const enumOf = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] });
export const setOf = (item: JsonSchema, minItems = 1): JsonSchema => ({
  type: 'array',
  items: item,
  minItems,
  uniqueItems: true,
});
