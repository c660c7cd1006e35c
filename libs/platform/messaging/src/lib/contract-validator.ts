import { CONTRACTS, INTEGRATION_EVENT_TYPES, type IntegrationEventType } from '@fallverbund/contracts';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * Validates event data against the JSON Schemas of `@fallverbund/contracts`.
 *
 * - `strict` (producers): the schemas are closed, so a property the contract does not name is an
 *   error. This is the minimisation guard: a producer bug that adds, say, a note's text fails
 *   before anything leaves the platform.
 * - `tolerant` (consumers): unknown properties are removed instead of refused (ajv
 *   `removeAdditional`), so adding a field within a major version does not break old consumers,
 *   and handlers only ever see the fields of the contract they were written against.
 */
export class ContractValidator {
  private readonly validators: ReadonlyMap<IntegrationEventType, ValidateFunction>;

  constructor(readonly mode: 'strict' | 'tolerant') {
    const ajv = new Ajv2020({ allErrors: false, removeAdditional: mode === 'tolerant' });
    addFormats(ajv, ['date', 'date-time']);
    this.validators = new Map(INTEGRATION_EVENT_TYPES.map((type) => [type, ajv.compile(CONTRACTS[type].schema)]));
  }

  /** The first problem, as `<path> <message>`, or undefined. In tolerant mode it may strip `data`. */
  problem(type: IntegrationEventType, data: unknown): string | undefined {
    const validate = this.validators.get(type);
    if (!validate) return `no schema for ${type}`;
    if (validate(data)) return undefined;
    return describe(validate.errors?.[0]);
  }
}

const describe = (error: ErrorObject | undefined): string => {
  if (!error) return 'invalid';
  const path = error.instancePath || '/';
  const allowed = (error.params as { allowedValues?: unknown }).allowedValues;
  const extra = (error.params as { additionalProperty?: unknown }).additionalProperty;
  const detail =
    allowed !== undefined ? ` (${JSON.stringify(allowed)})` : typeof extra === 'string' ? ` (${extra})` : '';
  return `${path} ${error.message ?? 'is invalid'}${detail}`;
};
