/**
 * Domain errors carry a stable code (for clients and the problem+json answer) and a kind that the
 * HTTP layer maps once: not_found → 404, conflict → 409, forbidden → 403, invalid → 400.
 */
export type DomainErrorKind = 'not_found' | 'conflict' | 'forbidden' | 'invalid';

export abstract class DomainError extends Error {
  abstract readonly code: string;
  abstract readonly kind: DomainErrorKind;
  override get name(): string {
    return this.constructor.name;
  }
}
