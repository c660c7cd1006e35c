import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `KEYCLOAK_URL` or the development Keycloak of `deploy/keycloak/keycloak.sh`. */
export const keycloakUrl = (): string => (process.env['KEYCLOAK_URL'] ?? 'http://127.0.0.1:8181').replace(/\/+$/, '');

/** `describe` when the global setup reached Keycloak, `describe.skip` (with its warning) otherwise. */
export const describeWithKeycloak: jest.Describe =
  process.env['FALLVERBUND_KEYCLOAK'] === 'missing' ? describe.skip : describe;

/** The realm export that deploy/keycloak/keycloak.sh imports. */
export const REALM_FILE = join(__dirname, '../../../../../deploy/keycloak/realm-fallverbund.json');

/** The TEST-ONLY password of every user in the realm export. */
export const TEST_PASSWORD = 'test-only-password';

/** The audience the realm's clients put into access tokens for the API. */
export const API_AUDIENCE = 'fallverbund-api';

export const issuerOf = (realm: string, base = keycloakUrl()): string => `${base}/realms/${realm}`;

const form = (fields: Record<string, string>): URLSearchParams => new URLSearchParams(fields);

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`Keycloak ${what}: ${response.status} ${await response.text()}`);
  return response;
}

/**
 * An access token by the resource owner password grant (the realm's TEST-ONLY direct-grant clients).
 * `base` may name another host for the same server (Keycloak in dev mode takes the issuer from it).
 */
export async function passwordGrant(
  realm: string,
  clientId: string,
  username: string,
  base = keycloakUrl(),
): Promise<string> {
  const response = await ok(
    await fetch(`${issuerOf(realm, base)}/protocol/openid-connect/token`, {
      method: 'POST',
      body: form({ grant_type: 'password', client_id: clientId, username, password: TEST_PASSWORD, scope: 'openid' }),
    }),
    `password grant for ${username} at ${clientId}`,
  );
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Keycloak's admin REST API as the bootstrap admin of keycloak.sh (KEYCLOAK_ADMIN_USER / _PASSWORD). */
export class KeycloakAdmin {
  private constructor(private readonly token: string) {}

  static async signIn(): Promise<KeycloakAdmin> {
    const response = await ok(
      await fetch(`${issuerOf('master')}/protocol/openid-connect/token`, {
        method: 'POST',
        body: form({
          grant_type: 'password',
          client_id: 'admin-cli',
          username: process.env['KEYCLOAK_ADMIN_USER'] ?? 'admin',
          password: process.env['KEYCLOAK_ADMIN_PASSWORD'] ?? 'admin',
        }),
      }),
      'admin sign-in',
    );
    return new KeycloakAdmin(((await response.json()) as { access_token: string }).access_token);
  }

  async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await ok(
      await fetch(`${keycloakUrl()}/admin/realms${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
      `${method} ${path}`,
    );
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  /**
   * A copy of the realm export under a name of its own (`label` plus a random suffix), for a test that
   * changes a realm (keys, clients): the shared `fallverbund` realm stays as imported. User ids are left
   * to Keycloak, since they are unique across realms.
   */
  async createRealmCopy(label: string): Promise<string> {
    const realm = `${label}-${randomUUID().slice(0, 8)}`;
    const exported = JSON.parse(readFileSync(REALM_FILE, 'utf8')) as {
      users?: { id?: string }[];
    } & Record<string, unknown>;
    const users = (exported.users ?? []).map(({ id: _id, ...user }) => user);
    await this.request('POST', '', { ...exported, id: realm, realm, users });
    return realm;
  }

  async deleteRealm(realm: string): Promise<void> {
    await this.request('DELETE', `/${realm}`);
  }
}
