import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../../..');

/** `KEYCLOAK_URL` or the development Keycloak of deploy/keycloak/keycloak.sh. */
export const KEYCLOAK_URL = (process.env['KEYCLOAK_URL'] ?? 'http://127.0.0.1:8181').replace(/\/+$/, '');
export const KEYCLOAK_ISSUER = `${KEYCLOAK_URL}/realms/fallverbund`;

const databaseUrl = (): string => process.env['TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether the realm of deploy/keycloak/realm-fallverbund.json is served; the reason when not. */
export async function keycloakProblem(): Promise<string | undefined> {
  try {
    const response = await fetch(`${KEYCLOAK_ISSUER}/.well-known/openid-configuration`, {
      signal: AbortSignal.timeout(5000),
    });
    return response.ok ? undefined : `answered ${response.status}`;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The API with PROFILE=production on `port`, as an operator runs it: tokens from the local Keycloak's realm
 * `fallverbund` (client `fallverbund-web`), the demo agencies of deploy/keycloak/agencies.json, PostgreSQL in
 * a schema of its own, fresh keys, and the web build the embedded e2e server made (dist/web-e2e/web).
 * `stop()` ends the process and drops the schema.
 */
export class ProductionServer {
  private constructor(
    private readonly process: ChildProcess,
    private readonly schema: string,
    private readonly dir: string,
    readonly baseUrl: string,
  ) {}

  static async start(port: number): Promise<ProductionServer> {
    const dir = mkdtempSync(join(tmpdir(), 'fallverbund-keycloak-e2e-'));
    const signingKey = join(dir, 'audit-signing-key.pem');
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileSync(signingKey, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const schema = `keycloak_e2e_${randomUUID().slice(0, 8)}`;
    const baseUrl = `http://127.0.0.1:${port}`;
    const api = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/api/src/main.ts'], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: {
        ...process.env,
        PROFILE: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_URL: databaseUrl(),
        DATABASE_SCHEMA: schema,
        ENCRYPTION_MASTER_KEY: randomBytes(32).toString('base64'),
        SEARCH_INDEX_KEY: randomBytes(32).toString('base64'),
        AUDIT_SIGNING_KEY_FILE: signingKey,
        AGENCY_DIRECTORY_FILE: join(ROOT, 'deploy/keycloak/agencies.json'),
        OIDC_ISSUER: KEYCLOAK_ISSUER,
        OIDC_AUDIENCE: 'fallverbund-api',
        OIDC_CLIENT_ID: 'fallverbund-web',
        WEB_DIR: join(ROOT, 'dist/web-e2e/web'),
        LOG_LEVEL: 'warn',
        // No broker: the events wait in the outbox for apps/relay, which this test does not need.
        RELAY: 'external',
      },
    });
    const server = new ProductionServer(api, schema, dir, baseUrl);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (api.exitCode !== null || api.signalCode !== null) {
        await server.stop();
        throw new Error(`the production API exited (${api.exitCode ?? api.signalCode ?? ''})`);
      }
      const ready = await fetch(`${baseUrl}/api/session/config`).then(
        (response) => response.ok,
        () => false,
      );
      if (ready) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`the production API did not answer on ${baseUrl} within 120 s`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
    // psql, as .ci/run's pg_isready: the browser tests' project may not import a database driver.
    const drop = `SET client_min_messages TO warning; DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`;
    execFileSync('psql', [databaseUrl(), '-v', 'ON_ERROR_STOP=1', '-qc', drop], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
}
