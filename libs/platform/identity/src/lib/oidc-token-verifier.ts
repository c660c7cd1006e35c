import { type Principal, STAFF_ROLES, type StaffRole } from '@fallverbund/kernel';
import { createRemoteJWKSet, type JWTPayload, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { type Directory, participantPrincipal } from './directory';
import { UnauthenticatedError } from './identity.errors';
import { invalidToken, type TokenVerifier, VerifiedTokenCache } from './token-verifier';

export interface OidcOptions {
  /** Exact `iss` of the tokens, e.g. `https://login.example.org/realms/fallverbund`. */
  readonly issuer: string;
  /** The `aud` this API expects. */
  readonly audience: string;
  /** Where the signing keys are; without it they are found through the issuer's discovery document. */
  readonly jwksUri?: string;
  /** OIDC_CLIENT_ID: the web workspace's public client (authorization code with PKCE); default: the audience. */
  readonly clientId?: string;
  /**
   * PARTICIPANT_ACR_VALUES (comma-separated): the trust levels (`acr` claim) a participant's token must
   * carry, since a participant sees a whole case about themselves; default: eIDAS substantial or high.
   */
  readonly participantAcrValues?: readonly string[];
}

/** eIDAS levels of assurance "substantial" and "high" (as German eID and most state IdPs name them). */
export const DEFAULT_PARTICIPANT_ACR_VALUES: readonly string[] = [
  'http://eidas.europa.eu/LoA/substantial',
  'http://eidas.europa.eu/LoA/high',
];

/** Reads OIDC_ISSUER, OIDC_AUDIENCE and the optional OIDC_JWKS_URI; throws when a required one is missing. */
export function oidcOptionsFromEnv(env: Record<string, string | undefined> = process.env): OidcOptions {
  const required = (name: string): string => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`${name} must be set for the production identity profile`);
    return value;
  };
  const jwksUri = env['OIDC_JWKS_URI']?.trim();
  const clientId = env['OIDC_CLIENT_ID']?.trim();
  const acr = env['PARTICIPANT_ACR_VALUES']
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return {
    issuer: required('OIDC_ISSUER'),
    audience: required('OIDC_AUDIENCE'),
    ...(jwksUri ? { jwksUri } : {}),
    ...(clientId ? { clientId } : {}),
    ...(acr && acr.length > 0 ? { participantAcrValues: acr } : {}),
  };
}

const DISCOVERY_TIMEOUT_MS = 5000;

/**
 * How long after fetching the JWKS a token with an unknown `kid` is refused without fetching it again.
 * jose's default is 30 s, so a key the IdP rotated in within 30 s of the last fetch failed every new
 * token until then; one fetch a second is still no load on the IdP.
 */
const JWKS_REFETCH_COOLDOWN_MS = 1000;

/**
 * Verifies access tokens of an OpenID Connect provider against its published keys (RS256, ES256,
 * EdDSA). The actor's role and agency come from the `fallverbund_role` and `fallverbund_agency`
 * claims; the agency must be in the directory. A participant (`fallverbund_role: participant`) has no
 * agency, and must have signed in at one of the trust levels `participantAcrValues` names (`acr`).
 */
export class OidcTokenVerifier implements TokenVerifier {
  private keySet: Promise<JWTVerifyGetKey> | undefined;
  private readonly verified = new VerifiedTokenCache();

  constructor(
    private readonly options: OidcOptions,
    private readonly directory: Directory,
  ) {}

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      // Keys are resolved only after the token parsed, so garbage never causes a request to the IdP.
      payload = await this.verified.claimsOf(token, async (t) => {
        const verified = await jwtVerify(t, async (header, jws) => (await this.keys())(header, jws), {
          issuer: this.options.issuer,
          audience: this.options.audience,
          algorithms: ['RS256', 'ES256', 'EdDSA'],
          clockTolerance: 30,
          requiredClaims: ['sub', 'exp'],
        });
        return verified.payload;
      });
    } catch (error) {
      throw invalidToken(error);
    }
    return this.actorFrom(payload);
  }

  private actorFrom(payload: JWTPayload): Principal {
    const { sub, name, preferred_username: username, fallverbund_role: role, fallverbund_agency: agencyId } = payload;
    if (typeof sub !== 'string' || sub === '') throw new UnauthenticatedError('Token has no subject');
    const displayName = [name, username].find((value) => typeof value === 'string' && value !== '') as
      string | undefined;
    if (role === 'participant') {
      const accepted = this.options.participantAcrValues ?? DEFAULT_PARTICIPANT_ACR_VALUES;
      if (typeof payload['acr'] !== 'string' || !accepted.includes(payload['acr']))
        throw new UnauthenticatedError('A participant must sign in at a trust level (acr) this instance accepts');
      return participantPrincipal(sub, displayName ?? sub);
    }
    if (!STAFF_ROLES.includes(role as StaffRole))
      throw new UnauthenticatedError('Token has no valid fallverbund_role claim');
    const agency = typeof agencyId === 'string' ? this.directory.agency(agencyId) : undefined;
    if (!agency) throw new UnauthenticatedError('Token names no agency of the directory in fallverbund_agency');
    return {
      userId: sub,
      displayName: displayName ?? sub,
      role: role as StaffRole,
      agencyId: agency.id,
      agencyType: agency.type,
    };
  }

  private keys(): Promise<JWTVerifyGetKey> {
    // A failed discovery is forgotten so that the next request tries again instead of failing forever.
    this.keySet ??= this.jwksUri().then(
      (uri) => createRemoteJWKSet(uri, { cooldownDuration: JWKS_REFETCH_COOLDOWN_MS }),
      (error: unknown) => {
        this.keySet = undefined;
        throw error;
      },
    );
    return this.keySet;
  }

  private async jwksUri(): Promise<URL> {
    if (this.options.jwksUri) return new URL(this.options.jwksUri);
    const discoveryUrl = `${this.options.issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(discoveryUrl, { signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`OIDC discovery at ${discoveryUrl} answered ${response.status}`);
    const document = (await response.json()) as { issuer?: unknown; jwks_uri?: unknown };
    // OIDC Discovery 1.0 §4.3: a document for another issuer must not be used.
    if (document.issuer !== this.options.issuer)
      throw new Error(`OIDC discovery at ${discoveryUrl} names another issuer`);
    if (typeof document.jwks_uri !== 'string') throw new Error(`OIDC discovery at ${discoveryUrl} has no jwks_uri`);
    return new URL(document.jwks_uri);
  }
}
