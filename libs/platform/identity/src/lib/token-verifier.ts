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

/** What a verifier keeps of a token that passed its signature and claim checks. */
export interface VerifiedClaims {
  readonly sub?: string;
  readonly exp?: number;
  readonly [claim: string]: unknown;
}

/**
 * Remembers, per token string, the claims of a token whose signature and claims were checked, for
 * at most `maxAgeMs` and never past its `exp`: a client sends the same bearer token with every
 * request, and checking its signature each time was a tenth of a read's CPU time in the API. Only
 * the claims are kept; what they name (the directory's user, the agency, the participant's `acr`)
 * is resolved on every request, so a user removed from the directory loses access at once. A key
 * withdrawn by the identity provider stops its tokens within `maxAgeMs`. Bounded: when full, the
 * oldest entry goes.
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, { readonly claims: VerifiedClaims; readonly untilMs: number }>();

  constructor(
    private readonly options: {
      readonly maxAgeMs?: number;
      readonly maxEntries?: number;
      readonly now?: () => number;
    } = {},
  ) {}

  async claimsOf(token: string, check: (token: string) => Promise<VerifiedClaims>): Promise<VerifiedClaims> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.#entries.get(token);
    if (hit && now < hit.untilMs) return hit.claims;
    if (hit) this.#entries.delete(token);
    const claims = await check(token);
    if (typeof claims.exp === 'number') {
      const untilMs = Math.min(claims.exp * 1000, now + (this.options.maxAgeMs ?? 60_000));
      if (this.#entries.size >= (this.options.maxEntries ?? 10_000)) {
        const oldest = this.#entries.keys().next();
        if (!oldest.done) this.#entries.delete(oldest.value);
      }
      if (now < untilMs) this.#entries.set(token, { claims, untilMs });
    }
    return claims;
  }
}
