import { expect, type Request, test } from '@playwright/test';
import { KEYCLOAK_ISSUER, keycloakProblem, ProductionServer } from './support/production-server';

/**
 * Issue 16: the web workspace signs in at a real identity provider. The API runs with PROFILE=production against
 * the local Keycloak (deploy/keycloak/keycloak.sh, realm `fallverbund`); anna.coach signs in through Keycloak's
 * own login form by the authorization code flow with PKCE (S256) and lands on her case list. Under CI=true a
 * Keycloak that is not running fails this file; elsewhere it is skipped with the reason.
 */
test.describe.configure({ mode: 'serial' });

/** A redirect URI of the realm's `fallverbund-web` client (deploy/keycloak/realm-fallverbund.json). */
const PORT = 3116;
let server: ProductionServer | undefined;

test.beforeAll(async () => {
  const problem = await keycloakProblem();
  if (problem && process.env['CI'] === 'true')
    throw new Error(`Keycloak is required under CI=true but ${KEYCLOAK_ISSUER} failed: ${problem}`);
  if (problem) {
    const reason = `Keycloak not reachable at ${KEYCLOAK_ISSUER} (${problem}): its browser tests are SKIPPED; start it with \`bash deploy/keycloak/keycloak.sh start\``;
    console.warn(reason);
    test.skip(true, reason);
  }
  server = await ProductionServer.start(PORT);
});

test.afterAll(async () => {
  await server?.stop();
});

test('anna.coach signs in at Keycloak (code flow with PKCE) and lands on her case list', async ({ page }) => {
  const base = server?.baseUrl ?? '';
  const authorize: Request[] = [];
  const tokenRequests: Request[] = [];
  page.on('request', (request) => {
    if (request.url().startsWith(`${KEYCLOAK_ISSUER}/protocol/openid-connect/auth`)) authorize.push(request);
    if (request.url() === `${KEYCLOAK_ISSUER}/protocol/openid-connect/token`) tokenRequests.push(request);
  });

  await page.goto(`${base}/`);
  await expect(page.getByRole('heading', { level: 1, name: 'Anmelden' })).toBeVisible();
  await page.getByRole('button', { name: 'Mit dem Konto Ihrer Stelle anmelden' }).click();

  // Keycloak's login form, not the workspace's.
  await page.waitForURL((url) => url.href.startsWith(`${KEYCLOAK_ISSUER}/`));
  await page.locator('#username').fill('anna.coach');
  await page.locator('#password').fill('test-only-password');
  const caseList = page.waitForResponse((response) => response.url().startsWith(`${base}/api/cases`));
  await page.locator('#kc-login').click();

  await page.waitForURL((url) => url.href.startsWith(`${base}/`));
  await expect(page.getByText('Angemeldet als Anna Coach (Jobcenter Mitte)')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: 'Meine Fälle' })).toBeVisible();
  // The API took Keycloak's access token for the case list (no 401 behind an empty list).
  expect((await caseList).status()).toBe(200);
  // The code went back in the redirect and was taken off the address bar.
  expect(new URL(page.url()).searchParams.get('code')).toBeNull();

  const request = new URL(authorize[0]?.url() ?? 'http://missing');
  expect(request.searchParams.get('client_id')).toBe('fallverbund-web');
  expect(request.searchParams.get('response_type')).toBe('code');
  expect(request.searchParams.get('code_challenge_method')).toBe('S256');
  expect(request.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const exchange = new URLSearchParams(tokenRequests[0]?.postData() ?? '');
  expect(exchange.get('grant_type')).toBe('authorization_code');
  expect(exchange.get('code_verifier')).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
});

test('the realm refuses the web client a code flow without PKCE', async ({ page }) => {
  const query = new URLSearchParams({
    client_id: 'fallverbund-web',
    response_type: 'code',
    scope: 'openid',
    redirect_uri: `${server?.baseUrl ?? ''}/`,
  });
  await page.goto(`${KEYCLOAK_ISSUER}/protocol/openid-connect/auth?${query.toString()}`);
  // Keycloak sends the browser back with the error instead of showing its login form.
  await page.waitForURL((url) => url.searchParams.get('error') !== null, { timeout: 15_000 });
  expect(new URL(page.url()).searchParams.get('error')).toBe('invalid_request');
  expect(new URL(page.url()).searchParams.get('error_description')).toMatch(/code_challenge_method/);
});
