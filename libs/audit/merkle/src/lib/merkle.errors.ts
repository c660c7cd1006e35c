import { DomainError } from '@fallverbund/kernel';

/** A leaf index or tree size that does not fit the tree a proof or root is asked for. */
export class TreeRangeError extends DomainError {
  readonly code = 'MERKLE.OUT_OF_RANGE';
  readonly kind = 'invalid';
}

export class InvalidHexError extends DomainError {
  readonly code = 'MERKLE.INVALID_HEX';
  readonly kind = 'invalid';
}
