import { decodeJwt, generateKeyPair, SignJWT } from 'jose';
import { DevTokenIssuer, DevTokenVerifier, EMBEDDED_AUDIENCE, EMBEDDED_ISSUER, type SigningKeys } from './dev-token';
import { DEMO_DIRECTORY, Directory } from './directory';
import { UnauthenticatedError, UnknownUserError } from './identity.errors';

describe('embedded dev tokens', () => {
  let keys: SigningKeys;
  let issuer: DevTokenIssuer;
  let verifier: DevTokenVerifier;

  beforeAll(async () => {
    keys = await generateKeyPair('EdDSA');
    issuer = new DevTokenIssuer(DEMO_DIRECTORY, keys);
    verifier = new DevTokenVerifier(issuer.publicKey, DEMO_DIRECTORY);
  });

  const signed = (claims: { sub?: string; iss?: string; aud?: string }): Promise<string> =>
    new SignJWT()
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject(claims.sub ?? 'anna.coach')
      .setIssuer(claims.iss ?? EMBEDDED_ISSUER)
      .setAudience(claims.aud ?? EMBEDDED_AUDIENCE)
      .setExpirationTime('1h')
      .sign(keys.privateKey);

  it('round-trips a demo user to their actor', async () => {
    const { accessToken, expiresIn } = await issuer.issue('anna.coach');

    expect(expiresIn).toBe(8 * 60 * 60);
    await expect(verifier.verify(accessToken)).resolves.toEqual({
      userId: 'anna.coach',
      displayName: 'anna.coach',
      role: 'caseworker',
      agencyId: 'jobcenter-mitte',
      agencyType: 'jobcenter',
    });
  });

  it('issues a JWT for the API audience that expires after 8 hours', async () => {
    const now = new Date('2025-03-01T08:00:00Z');
    const { accessToken } = await new DevTokenIssuer(DEMO_DIRECTORY, keys, () => now).issue('ben.lead');

    const { iat, ...claims } = decodeJwt(accessToken);
    expect(claims).toEqual({ sub: 'ben.lead', iss: EMBEDDED_ISSUER, aud: EMBEDDED_AUDIENCE, exp: iat! + 8 * 60 * 60 });
    expect(iat).toBe(now.getTime() / 1000);
  });

  it('will not issue a token for an unknown user', async () => {
    await expect(issuer.issue('mallory')).rejects.toThrow(UnknownUserError);
    await expect(issuer.issue('mallory')).rejects.toMatchObject({ code: 'AUTH.UNKNOWN_USER', kind: 'invalid' });
  });

  it('refuses an expired token', async () => {
    const nineHoursAgo = new Date(Date.now() - 9 * 60 * 60 * 1000);
    const { accessToken } = await new DevTokenIssuer(DEMO_DIRECTORY, keys, () => nineHoursAgo).issue('anna.coach');

    await expect(verifier.verify(accessToken)).rejects.toThrow(/"exp" claim timestamp check failed/);
  });

  it('refuses a token for another audience', async () => {
    await expect(verifier.verify(await signed({ aud: 'another-api' }))).rejects.toThrow(/"aud" claim/);
  });

  it('refuses a token from another issuer', async () => {
    await expect(verifier.verify(await signed({ iss: 'urn:someone:else' }))).rejects.toThrow(/"iss" claim/);
  });

  it('refuses a token signed with another key', async () => {
    const { accessToken } = await (await DevTokenIssuer.generate(DEMO_DIRECTORY)).issue('anna.coach');

    await expect(verifier.verify(accessToken)).rejects.toThrow(/signature verification failed/);
  });

  it('refuses a validly signed token for a user not in the directory', async () => {
    await expect(verifier.verify(await signed({ sub: 'mallory' }))).rejects.toThrow('Unknown user "mallory"');
  });

  it('refuses a token of a user removed from the directory since', async () => {
    const { accessToken } = await issuer.issue('anna.coach');
    const shrunk = new Directory([{ id: 'jobcenter-mitte', name: 'Jobcenter Mitte', type: 'jobcenter' }]);

    await expect(new DevTokenVerifier(issuer.publicKey, shrunk).verify(accessToken)).rejects.toThrow(
      UnauthenticatedError,
    );
  });

  it('refuses garbage with an UnauthenticatedError carrying code and status', async () => {
    await expect(verifier.verify('not-a-jwt')).rejects.toMatchObject({
      name: 'UnauthenticatedError',
      code: 'AUTH.UNAUTHENTICATED',
      status: 401,
    });
  });
});
