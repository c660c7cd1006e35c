import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, type JWTPayload, SignJWT } from 'jose';
import { DEMO_DIRECTORY } from './directory';
import { UnauthenticatedError } from './identity.errors';
import { OidcTokenVerifier, oidcOptionsFromEnv } from './oidc-token-verifier';

interface SigningKey {
  readonly kid: string;
  readonly alg: 'RS256' | 'ES256' | 'EdDSA';
  readonly privateKey: CryptoKey;
  readonly jwk: JWK;
}

async function signingKey(kid: string, alg: SigningKey['alg']): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg);
  return { kid, alg, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

describe('OidcTokenVerifier against a local JWKS', () => {
  const audience = 'fallverbund-api';
  let server: Server;
  let issuer: string;
  let served: SigningKey[];
  let requests: string[];
  let discoveryDown: boolean;
  let rsa: SigningKey;
  let ec: SigningKey;
  let ed: SigningKey;

  beforeAll(async () => {
    [rsa, ec, ed] = await Promise.all([
      signingKey('rsa-1', 'RS256'),
      signingKey('ec-1', 'ES256'),
      signingKey('ed-1', 'EdDSA'),
    ]);
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (discoveryDown) {
        res.writeHead(503).end();
        return;
      }
      const body =
        req.url === '/.well-known/openid-configuration'
          ? { issuer, jwks_uri: `${issuer}/keys` }
          : req.url === '/keys'
            ? { keys: served.map((key) => key.jwk) }
            : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))));

  beforeEach(() => {
    served = [rsa, ec, ed];
    requests = [];
    discoveryDown = false;
  });

  const verifier = (jwksUri?: string): OidcTokenVerifier =>
    new OidcTokenVerifier({ issuer, audience, ...(jwksUri ? { jwksUri } : {}) }, DEMO_DIRECTORY);

  const sign = (key: SigningKey, claims: JWTPayload = {}, kid = key.kid): Promise<string> =>
    new SignJWT({
      sub: 'u-4711',
      name: 'Anna Coach',
      fallverbund_role: 'caseworker',
      fallverbund_agency: 'jobcenter-mitte',
      iss: issuer,
      aud: audience,
      exp: Math.floor(Date.now() / 1000) + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: key.alg, kid })
      .sign(key.privateKey);

  it('finds the keys through discovery and maps the claims to an actor', async () => {
    await expect(verifier().verify(await sign(rsa))).resolves.toEqual({
      userId: 'u-4711',
      displayName: 'Anna Coach',
      role: 'caseworker',
      agencyId: 'jobcenter-mitte',
      agencyType: 'jobcenter',
    });
    expect(requests).toEqual(['/.well-known/openid-configuration', '/keys']);
  });

  it('uses a configured JWKS URI without discovery', async () => {
    const actor = await verifier(`${issuer}/keys`).verify(await sign(ec, { fallverbund_agency: 'praxis-yilmaz' }));

    expect(actor).toMatchObject({ agencyId: 'praxis-yilmaz', agencyType: 'health_provider' });
    expect(requests).toEqual(['/keys']);
  });

  it('accepts EdDSA and falls back to preferred_username for the display name', async () => {
    const token = await sign(ed, { name: undefined, preferred_username: 'a.coach' });

    await expect(verifier().verify(token)).resolves.toMatchObject({ displayName: 'a.coach' });
  });

  it('keeps the keys: a second token needs no second request', async () => {
    const oidc = verifier();
    await oidc.verify(await sign(rsa));
    const actor = await oidc.verify(await sign(ec, { sub: 'u-2' }));

    expect(actor.userId).toBe('u-2');
    expect(requests).toEqual(['/.well-known/openid-configuration', '/keys']);
  });

  it('refuses a token of another issuer', async () => {
    await expect(verifier().verify(await sign(rsa, { iss: 'https://evil.example' }))).rejects.toThrow(/"iss" claim/);
  });

  it('refuses a token for another audience', async () => {
    await expect(verifier().verify(await sign(rsa, { aud: 'other-api' }))).rejects.toThrow(/"aud" claim/);
  });

  it('tolerates 30 seconds of clock skew, no more', async () => {
    const now = Math.floor(Date.now() / 1000);
    const oidc = verifier();

    await expect(oidc.verify(await sign(rsa, { exp: now - 10 }))).resolves.toMatchObject({ userId: 'u-4711' });
    await expect(oidc.verify(await sign(rsa, { exp: now - 60 }))).rejects.toThrow(/"exp" claim/);
  });

  it('refuses a token without exp', async () => {
    await expect(verifier().verify(await sign(rsa, { exp: undefined }))).rejects.toThrow(/"exp" claim/);
  });

  it('refuses a symmetric algorithm even when the kid is known', async () => {
    const token = await new SignJWT({ sub: 'u-1', iss: issuer, aud: audience, exp: Math.floor(Date.now() / 1000) + 60 })
      .setProtectedHeader({ alg: 'HS256', kid: rsa.kid })
      .sign(new TextEncoder().encode('a-shared-secret-of-at-least-32-bytes!'));

    await expect(verifier().verify(token)).rejects.toThrow(/"alg" \(Algorithm\) Header Parameter value not allowed/);
    expect(requests).toEqual([]);
  });

  it('refuses a token whose role is not a platform role', async () => {
    await expect(verifier().verify(await sign(rsa, { fallverbund_role: 'admin' }))).rejects.toThrow('fallverbund_role');
  });

  it('refuses a token whose agency is not in the directory', async () => {
    await expect(verifier().verify(await sign(rsa, { fallverbund_agency: 'nowhere' }))).rejects.toThrow(
      'fallverbund_agency',
    );
  });

  it('refuses a token signed with a key the JWKS does not publish', async () => {
    const stranger = await signingKey('unknown-kid', 'ES256');

    await expect(verifier().verify(await sign(stranger))).rejects.toThrow(
      /no applicable key found in the JSON Web Key Set/,
    );
  });

  it('refuses a known kid signed by another key', async () => {
    const impostor = await signingKey(rsa.kid, 'RS256');

    await expect(verifier().verify(await sign(impostor))).rejects.toThrow(/signature verification failed/);
  });

  it('follows a key rotation: the new kid is accepted, the retired one refused', async () => {
    const next = await signingKey('rsa-2', 'RS256');
    const before = await sign(rsa);
    served = [next];

    const oidc = verifier();
    await expect(oidc.verify(await sign(next))).resolves.toMatchObject({ userId: 'u-4711' });
    await expect(oidc.verify(before)).rejects.toThrow(/no applicable key found/);
  });

  it('refuses everything, with UnauthenticatedError, when discovery names another issuer', async () => {
    const oidc = new OidcTokenVerifier({ issuer: `${issuer}/`, audience }, DEMO_DIRECTORY);

    const refusal = oidc.verify(await sign(rsa, { iss: `${issuer}/` }));
    await expect(refusal).rejects.toThrow(UnauthenticatedError);
    await expect(refusal).rejects.toThrow(/names another issuer/);
  });

  it('refuses garbage without asking the IdP', async () => {
    await expect(verifier().verify('garbage')).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED', status: 401 });
    expect(requests).toEqual([]);
  });

  describe('a participant', () => {
    const participantClaims = {
      sub: 'p-1',
      name: 'Lena T',
      fallverbund_role: 'participant',
      fallverbund_agency: undefined,
    };

    it('is a participant without an agency when signed in at an accepted trust level (acr)', async () => {
      const token = await sign(ed, { ...participantClaims, acr: 'http://eidas.europa.eu/LoA/substantial' });
      await expect(verifier().verify(token)).resolves.toEqual({
        userId: 'p-1',
        displayName: 'Lena T',
        role: 'participant',
      });
    });

    it('is refused without acr, or at a level the instance does not accept', async () => {
      for (const acr of [undefined, 'http://eidas.europa.eu/LoA/low', '1']) {
        const token = await sign(ed, { ...participantClaims, ...(acr ? { acr } : {}) });
        await expect(verifier().verify(token)).rejects.toThrow(/trust level \(acr\)/);
      }
    });

    it('is held to the levels PARTICIPANT_ACR_VALUES names', async () => {
      const oidc = new OidcTokenVerifier({ issuer, audience, participantAcrValues: ['urn:idp:2fa'] }, DEMO_DIRECTORY);
      await expect(oidc.verify(await sign(ed, { ...participantClaims, acr: 'urn:idp:2fa' }))).resolves.toMatchObject({
        role: 'participant',
      });
      await expect(
        oidc.verify(await sign(ed, { ...participantClaims, acr: 'http://eidas.europa.eu/LoA/high' })),
      ).rejects.toThrow(UnauthenticatedError);
    });
  });

  it('tries discovery again after it failed', async () => {
    const oidc = verifier();
    const token = await sign(rsa);
    discoveryDown = true;
    await expect(oidc.verify(token)).rejects.toThrow(/OIDC discovery at .* answered 503/);

    discoveryDown = false;
    await expect(oidc.verify(token)).resolves.toMatchObject({ userId: 'u-4711' });
    expect(requests).toEqual(['/.well-known/openid-configuration', '/.well-known/openid-configuration', '/keys']);
  });
});

describe('oidcOptionsFromEnv', () => {
  it('reads issuer, audience and the optional JWKS URI', () => {
    expect(oidcOptionsFromEnv({ OIDC_ISSUER: 'https://idp', OIDC_AUDIENCE: 'api' })).toEqual({
      issuer: 'https://idp',
      audience: 'api',
    });
    expect(
      oidcOptionsFromEnv({ OIDC_ISSUER: 'https://idp', OIDC_AUDIENCE: 'api', OIDC_JWKS_URI: 'https://idp/keys' }),
    ).toEqual({ issuer: 'https://idp', audience: 'api', jwksUri: 'https://idp/keys' });
  });

  it('reads the trust levels a participant must sign in at, comma-separated', () => {
    expect(
      oidcOptionsFromEnv({ OIDC_ISSUER: 'https://idp', OIDC_AUDIENCE: 'api', PARTICIPANT_ACR_VALUES: ' a, b ,,' }),
    ).toEqual({ issuer: 'https://idp', audience: 'api', participantAcrValues: ['a', 'b'] });
  });

  it('names the missing variable', () => {
    expect(() => oidcOptionsFromEnv({ OIDC_ISSUER: 'https://idp' })).toThrow('OIDC_AUDIENCE must be set');
  });
});
