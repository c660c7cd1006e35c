import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { loadAgencyDirectory } from '@fallverbund/identity';
import {
  API_AUDIENCE,
  describeWithKeycloak,
  issuerOf,
  KeycloakAdmin,
  keycloakUrl,
  passwordGrant,
} from '@fallverbund/testing';
import { startTestApp, type TestApp } from '../testing/test-app';
import { type SessionDto } from './session.controller';

interface KeyList {
  readonly active: Record<string, string>;
  readonly keys: readonly { kid: string; algorithm: string; providerId: string }[];
}

const AGENCIES = join(__dirname, '../../../../deploy/keycloak/agencies.json');
const kidOf = (token: string): string | undefined => decodeProtectedHeader(token).kid;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The production identity profile against a real Keycloak (deploy/keycloak/keycloak.sh): the API on
 * PostgreSQL, verifying the realm's tokens through its discovery document and JWKS. The realm here is a
 * copy of deploy/keycloak/realm-fallverbund.json made for this file, so that rotating its keys leaves
 * the shared `fallverbund` realm alone.
 */
describeWithKeycloak('the API with Keycloak as identity provider (PROFILE=production)', () => {
  let admin: KeycloakAdmin;
  let realm: string;
  let t: TestApp;
  let shortLived: { token: string; exp: number };

  const grant = (user: string, client = 'fallverbund-api-tests', base?: string): Promise<string> =>
    passwordGrant(realm, client, user, base);
  const session = (token: string) => t.http.get('/api/session').set('authorization', `Bearer ${token}`);
  const userIdOf = async (username: string): Promise<string> => {
    const [user] = await admin.request<{ id: string }[]>('GET', `/${realm}/users?exact=true&username=${username}`);
    if (!user) throw new Error(`no user ${username} in ${realm}`);
    return user.id;
  };
  const expectRefused = async (token: string): Promise<string> => {
    const response = await session(token).expect(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    return (response.body as { detail?: string }).detail ?? '';
  };

  beforeAll(async () => {
    admin = await KeycloakAdmin.signIn();
    realm = await admin.createRealmCopy('fv-api-test');
    t = await startTestApp('postgres', {
      profile: 'production',
      identity: {
        profile: 'production',
        issuer: issuerOf(realm),
        audience: API_AUDIENCE,
        clientId: 'fallverbund-web',
        directory: loadAgencyDirectory(AGENCIES),
      },
    });
    // Before the tests, so that the wait for its expiry overlaps them (the first checks it is accepted, within
    // its second plus the 30 s tolerance however slow the machine; the last that it is refused).
    const token = await grant('anna.coach', 'fallverbund-api-tests-short');
    shortLived = { token, exp: decodeJwt(token).exp ?? 0 };
  });

  afterAll(async () => {
    await t?.close();
    if (realm) await admin.deleteRealm(realm);
  });

  it('accepts the one-second token while it is valid (it expires before the last test)', async () => {
    expect((await session(shortLived.token).expect(200)).body).toMatchObject({ userId: await userIdOf('anna.coach') });
  });

  it('accepts a realm user: the user id is `sub`, role and agency come from fallverbund_role and fallverbund_agency', async () => {
    const anna = (await session(await grant('anna.coach')).expect(200)).body as SessionDto;
    expect(anna).toMatchObject({
      userId: await userIdOf('anna.coach'),
      displayName: 'Anna Coach',
      role: 'caseworker',
      agency: { id: 'jobcenter-mitte', name: 'Jobcenter Mitte', type: 'jobcenter' },
    });
    const greta = (await session(await grant('greta.lead')).expect(200)).body as SessionDto;
    expect(greta).toMatchObject({ role: 'team_lead', agency: { id: 'jugendamt-mitte', type: 'youth_office' } });
    const frieda = (await session(await grant('frieda.dpo')).expect(200)).body as SessionDto;
    expect(frieda.purposes.map((p) => p.purpose)).toEqual(['audit']);
  });

  it('lets the Keycloak user work: a case opened with the token is on the user’s list', async () => {
    const headers = { authorization: `Bearer ${await grant('anna.coach')}`, 'x-purpose': 'integration' };
    const id = await t.openCase(headers);
    const list = (await t.http.get('/api/cases').set(headers).expect(200)).body as { items: { id: string }[] };
    expect(list.items.map((c) => c.id)).toContain(id);
  });

  it('refuses a user whose agency is not in the agency directory', async () => {
    expect(await expectRefused(await grant('xaver.unknown'))).toMatch(/fallverbund_agency/);
  });

  it('refuses a token of another client that is not meant for the API (wrong audience)', async () => {
    const token = await grant('anna.coach', 'other-service');
    expect(await expectRefused(token)).toMatch(/"aud" claim/);
  });

  it('refuses a token of another realm (wrong issuer)', async () => {
    await expectRefused(await passwordGrant('fallverbund', 'fallverbund-api-tests', 'anna.coach'));
  });

  it('refuses a token signed with the right key but issued under another name (wrong issuer)', async () => {
    // Keycloak in dev mode names itself after the host asked: same realm and keys, another `iss`.
    const token = await grant('anna.coach', 'fallverbund-api-tests', keycloakUrl().replace('127.0.0.1', 'localhost'));
    expect(await expectRefused(token)).toMatch(/"iss" claim/);
  });

  it('follows a key rotation without a restart', async () => {
    const before = await admin.request<KeyList>('GET', `/${realm}/keys`);
    const oldKid = before.active['RS256'];
    const oldKey = before.keys.find((key) => key.kid === oldKid);
    if (!oldKid || !oldKey) throw new Error('the realm has no active RS256 key');
    // The API has the realm's keys as they were.
    expect(kidOf(await grant('ben.lead'))).toBe(oldKid);
    await session(await grant('ben.lead')).expect(200);

    await admin.request('POST', `/${realm}/components`, {
      name: 'rsa-rotated',
      providerId: 'rsa-generated',
      providerType: 'org.keycloak.keys.KeyProvider',
      parentId: realm,
      config: { priority: ['500'], enabled: ['true'], active: ['true'], keySize: ['2048'], algorithm: ['RS256'] },
    });
    const rotated = await grant('ben.lead');
    const newKid = kidOf(rotated);
    expect(newKid).not.toBe(oldKid);
    // A kid the API has not seen makes it fetch the JWKS again (after a short cool-down, OidcTokenVerifier).
    const started = Date.now();
    let status = 0;
    while (Date.now() - started < 5000) {
      status = (await session(rotated)).status;
      if (status === 200) break;
      await sleep(250);
    }
    expect(status).toBe(200);

    // The old key withdrawn: the realm publishes only the new one, and its tokens keep working.
    await admin.request('DELETE', `/${realm}/components/${oldKey.providerId}`);
    const published = (await (await fetch(`${issuerOf(realm)}/protocol/openid-connect/certs`)).json()) as {
      keys: { kid: string }[];
    };
    expect(published.keys.map((key) => key.kid)).not.toContain(oldKid);
    const after = await grant('clara.youth');
    expect(kidOf(after)).toBe(newKid);
    expect((await session(after).expect(200)).body).toMatchObject({
      userId: await userIdOf('clara.youth'),
      role: 'caseworker',
    });
  });

  it('refuses the short-lived token once it expired (exp plus the 30 s clock tolerance)', async () => {
    const wait = (shortLived.exp + 31) * 1000 - Date.now();
    if (wait > 0) await sleep(wait);
    expect(await expectRefused(shortLived.token)).toMatch(/"exp" claim/);
  }, 60_000);
});
