import { type Principal } from '@fallverbund/kernel';
import { UnauthenticatedError } from './identity.errors';

/**
 * Turns a bearer token into the staff Actor or participant it names, or rejects with UnauthenticatedError.
 * An abstract class rather than an interface so that it is also the Nest injection token.
 */
export abstract class TokenVerifier {
  abstract verify(token: string): Promise<Principal>;
}

export function invalidToken(error: unknown): UnauthenticatedError {
  const reason = error instanceof Error ? error.message : String(error);
  return new UnauthenticatedError(`Invalid bearer token: ${reason}`, { cause: error });
}
