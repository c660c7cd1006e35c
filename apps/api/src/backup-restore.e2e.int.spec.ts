import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { cpSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Pool } from 'pg';
import { describeWithPostgres, freePort, sleep, tempDir, testDatabaseUrl, testSchema } from '@fallverbund/testing';

/**
 * The backup and restore drill (docs/operations.md, "Backup and restore"): data written through the
 * API, deploy/backup/backup.sh, deploy/backup/restore.sh into a fresh database, the read models
 * rebuilt from the log, and the restored API answers as the original did, with an audit log that
 * verifies against the checkpoint signed before the backup. Without the keys saved with the backup,
 * or with other ones, the restore, the rebuild or the start stops with a message naming the key.
 */
const root = join(__dirname, '../../..');
const backupScript = join(root, 'deploy/backup/backup.sh');
const restoreScript = join(root, 'deploy/backup/restore.sh');

interface Finished {
  code: number | null;
  output: string;
}

/** Runs a command to its end; stdout and stderr together (a refusal may be logged on either). */
const run = (command: string, args: string[], env: Record<string, string>): Promise<Finished> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });

const swc = (script: string): [string, string[]] => [process.execPath, ['-r', '@swc-node/register', script]];

interface Api {
  child: ChildProcess;
  base: string;
  stop(): Promise<void>;
}

/** Starts apps/api/src/main.ts; resolves once it answers, or with the exit and its output. */
const startApi = async (env: Record<string, string>): Promise<Api | Finished> => {
  const port = await freePort();
  const [command, args] = swc('apps/api/src/main.ts');
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', AUDIT_CHECKPOINT_INTERVAL_SECONDS: '0', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) {
      await exited;
      return { code: child.exitCode, output };
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the API did not start: ${output}`);
    }
    const up = await fetch(`${base}/api/docs-json`)
      .then((r) => r.ok)
      .catch(() => false);
    if (up) {
      return {
        child,
        base,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    }
    await sleep(250);
  }
};

const started = async (env: Record<string, string>): Promise<Api> => {
  const api = await startApi(env);
  if (!('base' in api)) throw new Error(`the API exited with ${api.code}: ${api.output}`);
  return api;
};

const refusedToStart = async (env: Record<string, string>): Promise<Finished> => {
  const api = await startApi(env);
  if ('base' in api) {
    await api.stop();
    throw new Error('the API started');
  }
  return api;
};

/** A client of one running API: dev tokens, declared purpose, read-your-writes by log position. */
const client = (base: string) => {
  let newest: string | null = null;
  const tokens = new Map<string, string>();
  const token = async (userId: string): Promise<string> => {
    const known = tokens.get(userId);
    if (known) return known;
    const response = await fetch(`${base}/api/dev/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId }),
    });
    const issued = ((await response.json()) as { accessToken: string }).accessToken;
    tokens.set(userId, issued);
    return issued;
  };
  const call = async (method: string, userId: string, purpose: string, path: string, body?: object) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${await token(userId)}`,
        'x-purpose': purpose,
        'content-type': 'application/json',
        ...(newest ? { 'fallverbund-log-position': newest } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const position = response.headers.get('fallverbund-log-position');
    if (position) newest = position;
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as unknown) : null };
  };
  return {
    get: async (userId: string, purpose: string, path: string): Promise<unknown> => {
      const { status, body } = await call('GET', userId, purpose, path);
      if (status !== 200) throw new Error(`GET ${path}: ${status} ${JSON.stringify(body)}`);
      return body;
    },
    post: async (userId: string, purpose: string, path: string, body: object = {}): Promise<{ id?: string }> => {
      const answer = await call('POST', userId, purpose, path, body);
      if (answer.status !== 201) throw new Error(`POST ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body as { id?: string };
    },
  };
};

type Client = ReturnType<typeof client>;

interface Verify {
  valid: boolean;
  size: number;
  checkpointChecked: boolean;
  checkpoint: { treeSize: number; rootHash: string; keyId: string } | null;
}
interface AuditEntries {
  items: { index: number; leafHash: string }[];
}

/** What the drill compares before the backup and after the restore. */
const answers = async (api: Client, caseId: string) => ({
  case: await api.get('anna.coach', 'integration', `/api/cases/${caseId}`),
  timeline: await api.get('anna.coach', 'integration', `/api/cases/${caseId}/timeline`),
  contacts: await api.get('anna.coach', 'integration', `/api/cases/${caseId}/contacts`),
  referrals: await api.get('anna.coach', 'health_promotion', `/api/cases/${caseId}/referrals`),
  partnerInbox: await api.get('emil.counsel', 'health_promotion', '/api/referrals'),
  // The name search reads the blind index, rebuilt with SEARCH_INDEX_KEY after the restore.
  search: await api.get('anna.coach', 'integration', '/api/cases?q=Sicherung&birthDate=1985-02-03'),
});

describeWithPostgres('backup and restore drill', () => {
  const work = tempDir('deploy-drill');
  const keys = {
    master: randomBytes(32).toString('base64'),
    search: randomBytes(32).toString('base64'),
    auditFile: join(work.path, 'audit-signing-key.pem'),
    otherAuditFile: join(work.path, 'other-audit-signing-key.pem'),
  };
  const pem = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(keys.auditFile, pem(), { mode: 0o600 });
  writeFileSync(keys.otherAuditFile, pem(), { mode: 0o600 });
  const dumps = join(work.path, 'dumps');
  const keyBackups = join(work.path, 'keys');
  const targetName = `deploy_restore_${randomUUID().slice(0, 8)}`;
  const targetUrl = (() => {
    const url = new URL(testDatabaseUrl());
    url.pathname = `/${targetName}`;
    return url.toString();
  })();
  const admin = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
  let source: Awaited<ReturnType<typeof testSchema>>;
  let caseId: string;
  let before: Awaited<ReturnType<typeof answers>>;
  let verifiedBefore: Verify;
  let entriesBefore: AuditEntries;
  let manifest: string;
  let keyFolder: string;

  /** A fresh DATA_DIR per start, so no key file from an earlier start is found there. */
  const apiEnv = (database: string, overrides: Record<string, string | undefined> = {}): Record<string, string> => {
    const env: Record<string, string | undefined> = {
      DATA_DIR: join(work.path, `data-${randomUUID().slice(0, 8)}`),
      DATABASE_URL: database,
      DATABASE_SCHEMA: source.schema,
      ENCRYPTION_MASTER_KEY: keys.master,
      SEARCH_INDEX_KEY: keys.search,
      AUDIT_SIGNING_KEY_FILE: keys.auditFile,
      ...overrides,
    };
    // Unset means absent, not inherited from the test's own environment.
    return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v ?? '']));
  };

  beforeAll(async () => {
    source = await testSchema('deploy_drill', 2);
    const api = await started(apiEnv(testDatabaseUrl()));
    try {
      const http = client(api.base);
      caseId = (
        await http.post('anna.coach', 'integration', '/api/cases', {
          participant: { givenName: 'Sina', familyName: 'Sicherung', birthDate: '1985-02-03' },
        })
      ).id!;
      await http.post('anna.coach', 'integration', `/api/cases/${caseId}/consents`, {
        purposes: ['health_promotion'],
        dataCategories: ['identity', 'addiction'],
        recipientAgencyIds: ['suchtberatung-nord'],
        form: 'written',
        grantedBy: 'participant',
      });
      await http.post('anna.coach', 'integration', `/api/cases/${caseId}/contacts`, {
        kind: 'office',
        occurredAt: new Date().toISOString(),
        durationMinutes: 45,
      });
      await http.post('anna.coach', 'health_promotion', `/api/cases/${caseId}/referrals`, {
        partnerAgencyId: 'suchtberatung-nord',
        purpose: 'health_promotion',
        sharedCategories: ['identity', 'addiction'],
        reason: 'Beratung zum Alkoholkonsum gewünscht',
      });
      before = await answers(http, caseId);
      await http.post('frieda.dpo', 'audit', '/api/audit/checkpoints');
      verifiedBefore = (await http.get('frieda.dpo', 'audit', '/api/audit/verify')) as Verify;
      entriesBefore = (await http.get(
        'frieda.dpo',
        'audit',
        `/api/audit/entries?caseId=${caseId}&order=asc`,
      )) as AuditEntries;
    } finally {
      await api.stop();
    }

    const backup = await run('bash', [backupScript, dumps, keyBackups], {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: source.schema,
      ENCRYPTION_MASTER_KEY: keys.master,
      SEARCH_INDEX_KEY: keys.search,
      AUDIT_SIGNING_KEY_FILE: keys.auditFile,
    });
    if (backup.code !== 0) throw new Error(`backup.sh failed: ${backup.output}`);
    const name = readdirSync(dumps)
      .find((f) => f.endsWith('.manifest'))!
      .replace(/\.manifest$/, '');
    manifest = join(dumps, `${name}.manifest`);
    keyFolder = join(keyBackups, `${name}.keys`);
    await admin.query(`CREATE DATABASE "${targetName}"`);
  }, 240_000);

  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${targetName}" WITH (FORCE)`);
    await admin.end();
    await source.drop();
    work.remove();
  });

  it('wrote answers worth comparing before the backup', () => {
    expect(verifiedBefore).toMatchObject({ valid: true, checkpointChecked: true });
    expect(verifiedBefore.checkpoint?.treeSize).toBeGreaterThan(0);
    expect(entriesBefore.items.length).toBeGreaterThan(5);
    expect(before.case).toMatchObject({ id: caseId, participant: { familyName: 'Sicherung' } });
    expect((before.referrals as { items: unknown[] }).items).toHaveLength(1);
    expect((before.search as { items: { id: string }[] }).items.map((i) => i.id)).toEqual([caseId]);
  });

  it('keeps the keys out of the dump folder, and restore.sh refuses a missing or wrong key', async () => {
    expect(readdirSync(dumps).sort()).toEqual(
      [manifest.replace(/.*\//, ''), manifest.replace(/.*\//, '').replace(/\.manifest$/, '.dump')].sort(),
    );
    expect(readdirSync(keyFolder).sort()).toEqual(['audit-signing-key.pem', 'master.key', 'search-index.key']);

    const damaged = (label: string, change: (folder: string) => void): string => {
      const folder = join(work.path, label);
      cpSync(keyFolder, folder, { recursive: true });
      change(folder);
      return folder;
    };
    const cases: [string, RegExp][] = [
      [damaged('no-master', (f) => rmSync(join(f, 'master.key'))), /ENCRYPTION_MASTER_KEY missing/],
      [
        damaged('wrong-master', (f) => writeFileSync(join(f, 'master.key'), randomBytes(32).toString('base64'))),
        /ENCRYPTION_MASTER_KEY is wrong/,
      ],
      [
        damaged('wrong-search', (f) => writeFileSync(join(f, 'search-index.key'), randomBytes(32).toString('base64'))),
        /SEARCH_INDEX_KEY is wrong/,
      ],
      [damaged('no-audit', (f) => rmSync(join(f, 'audit-signing-key.pem'))), /AUDIT_SIGNING_KEY_FILE missing/],
      [
        damaged('wrong-audit', (f) => cpSync(keys.otherAuditFile, join(f, 'audit-signing-key.pem'))),
        /AUDIT_SIGNING_KEY_FILE is wrong/,
      ],
    ];
    for (const [folder, message] of cases) {
      const refused = await run('bash', [restoreScript, manifest, folder], { DATABASE_URL: targetUrl });
      expect({ code: refused.code, message: message.test(refused.output) ? 'named' : refused.output }).toEqual({
        code: 1,
        message: 'named',
      });
    }
    // Nothing was restored by a refusal.
    const target = new Pool({ connectionString: targetUrl, max: 1 });
    try {
      const { rows } = await target.query<{ n: string }>(`SELECT count(*) AS n FROM pg_tables WHERE schemaname = $1`, [
        source.schema,
      ]);
      expect(rows[0]?.n).toBe('0');
    } finally {
      await target.end();
    }
  });

  it('restores into a fresh database, rebuilds the read models and answers as before', async () => {
    const restore = await run('bash', [restoreScript, manifest, keyFolder], { DATABASE_URL: targetUrl });
    expect({ code: restore.code, output: restore.output }).toMatchObject({ code: 0 });
    // The restore checks the target is fresh: a second run is refused.
    const again = await run('bash', [restoreScript, manifest, keyFolder], { DATABASE_URL: targetUrl });
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/restore into a fresh database/);

    const [command, args] = swc('apps/api/src/rebuild-read-models.ts');
    const rebuild = await run(command, args, apiEnv(targetUrl));
    expect({ code: rebuild.code, output: rebuild.output }).toMatchObject({
      code: 0,
      output: expect.stringMatching(/rebuilt read models from \d+ events/) as unknown,
    });

    const api = await started(apiEnv(targetUrl));
    try {
      const http = client(api.base);
      expect(await answers(http, caseId)).toEqual(before);
      const verified = (await http.get('frieda.dpo', 'audit', '/api/audit/verify')) as Verify;
      expect(verified).toMatchObject({ valid: true, checkpointChecked: true, checkpoint: verifiedBefore.checkpoint });
      expect(verified.size).toBeGreaterThan(verifiedBefore.size);
      const entries = (await http.get(
        'frieda.dpo',
        'audit',
        `/api/audit/entries?caseId=${caseId}&order=asc`,
      )) as AuditEntries;
      expect(entries.items.slice(0, entriesBefore.items.length)).toEqual(entriesBefore.items);
    } finally {
      await api.stop();
    }
  }, 240_000);

  it('refuses to start or rebuild without the master key or with another one, naming it', async () => {
    const [command, args] = swc('apps/api/src/rebuild-read-models.ts');
    const rebuild = await run(
      command,
      args,
      apiEnv(targetUrl, { ENCRYPTION_MASTER_KEY: randomBytes(32).toString('base64') }),
    );
    expect(rebuild.code).toBe(1);
    expect(rebuild.output).toMatch(/ENCRYPTION_MASTER_KEY does not open the subject keys stored in this database/);

    const wrong = await refusedToStart(
      apiEnv(targetUrl, { ENCRYPTION_MASTER_KEY: randomBytes(32).toString('base64') }),
    );
    expect(wrong.output).toMatch(/ENCRYPTION_MASTER_KEY does not open the subject keys stored in this database/);
    // Without it the embedded profile makes a new key file in DATA_DIR: refused the same way.
    const missing = await refusedToStart(apiEnv(targetUrl, { ENCRYPTION_MASTER_KEY: undefined }));
    expect(missing.output).toMatch(/ENCRYPTION_MASTER_KEY does not open the subject keys stored in this database/);
    // Production never makes one.
    const production = await refusedToStart(
      apiEnv(targetUrl, { ENCRYPTION_MASTER_KEY: undefined, PROFILE: 'production', AGENCY_DIRECTORY_FILE: '/none' }),
    );
    expect(production.output).toMatch(/PROFILE=production needs ENCRYPTION_MASTER_KEY/);
  }, 240_000);

  it('refuses to start without the audit signing key or with another one, unless the change is declared', async () => {
    const keyId = verifiedBefore.checkpoint!.keyId;
    const wrong = await refusedToStart(apiEnv(targetUrl, { AUDIT_SIGNING_KEY_FILE: keys.otherAuditFile }));
    expect(wrong.output).toMatch(/AUDIT_SIGNING_KEY_FILE: the newest audit checkpoint .* was signed by key/);
    expect(wrong.output).toContain(keyId);
    const missing = await refusedToStart(apiEnv(targetUrl, { AUDIT_SIGNING_KEY_FILE: undefined }));
    expect(missing.output).toMatch(/AUDIT_SIGNING_KEY_FILE: the newest audit checkpoint/);

    const rotated = await started(
      apiEnv(targetUrl, { AUDIT_SIGNING_KEY_FILE: keys.otherAuditFile, AUDIT_SIGNING_KEY_PREVIOUS_KEY_ID: keyId }),
    );
    try {
      const verified = (await client(rotated.base).get('frieda.dpo', 'audit', '/api/audit/verify')) as Verify;
      expect(verified).toMatchObject({ valid: true, checkpointChecked: false });
    } finally {
      await rotated.stop();
    }
  }, 240_000);
});
