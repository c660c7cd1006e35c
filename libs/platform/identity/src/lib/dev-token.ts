import { type Principal } from '@fallverbund/kernel';
import { type CryptoKey, generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { type Directory } from './directory';
import { UnauthenticatedError, UnknownUserError } from './identity.errors';
import { invalidToken, type TokenVerifier, VerifiedTokenCache } from './token-verifier';

/** `iss` of tokens made by the embedded profile; production tokens come from the OIDC issuer. */
export const EMBEDDED_ISSUER = 'urn:fallverbund:embedded';
/** `aud` of tokens made by the embedded profile. */
export const EMBEDDED_AUDIENCE = 'fallverbund-api';
const LIFETIME_SECONDS = 8 * 60 * 60;
const ALGORITHM = 'EdDSA';

export interface IssuedToken {
  readonly accessToken: string;
  /** Seconds until the token expires. */
  readonly expiresIn: number;
}

export interface SigningKeys {
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

/**
 * Issues tokens for the directory's users in the embedded profile. The key pair lives only in this
 * process, so tokens die with it and nothing secret has to be configured.
 */
export class DevTokenIssuer {
  constructor(
    private readonly directory: Directory,
    private readonly keys: SigningKeys,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** An issuer with a fresh Ed25519 key pair. */
  static async generate(directory: Directory, now?: () => Date): Promise<DevTokenIssuer> {
    return new DevTokenIssuer(directory, await generateKeyPair(ALGORITHM), now);
  }

  get publicKey(): CryptoKey {
    return this.keys.publicKey;
  }

  /** Throws UnknownUserError for a user the directory does not know. */
  async issue(userId: string): Promise<IssuedToken> {
    if (!this.directory.principalFor(userId)) throw new UnknownUserError(userId);
    const issuedAt = Math.floor(this.now().getTime() / 1000);
    const accessToken = await new SignJWT()
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(EMBEDDED_ISSUER)
      .setAudience(EMBEDDED_AUDIENCE)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + LIFETIME_SECONDS)
      .sign(this.keys.privateKey);
    return { accessToken, expiresIn: LIFETIME_SECONDS };
  }
}

/** Verifies DevTokenIssuer tokens and resolves their subject through the directory. */
export class DevTokenVerifier implements TokenVerifier {
  private readonly verified = new VerifiedTokenCache();

  constructor(
    private readonly publicKey: CryptoKey,
    private readonly directory: Directory,
  ) {}

  async verify(token: string): Promise<Principal> {
    let subject: string | undefined;
    try {
      const claims = await this.verified.claimsOf(token, async (t) => {
        const { payload } = await jwtVerify(t, this.publicKey, {
          issuer: EMBEDDED_ISSUER,
          audience: EMBEDDED_AUDIENCE,
          algorithms: [ALGORITHM],
          requiredClaims: ['sub', 'exp'],
        });
        return payload;
      });
      subject = claims.sub;
    } catch (error) {
      throw invalidToken(error);
    }
    const actor = subject === undefined ? undefined : this.directory.principalFor(subject);
    // A user removed from the directory loses access even with a token that has not expired yet.
    if (!actor) throw new UnauthenticatedError(`Unknown user "${subject}"`);
    return actor;
  }
}
