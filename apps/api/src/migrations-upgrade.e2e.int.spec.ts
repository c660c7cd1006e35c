import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { type NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import {
  MIGRATIONS_TABLE,
  POSTGRES_MIGRATIONS,
  SQLITE_MIGRATIONS,
  PERSISTENCE,
  type Persistence,
  type PersistenceConfig,
  TEST_AUDIT_CONFIG,
} from '@fallverbund/cases-application';
import { describeWithPostgres, tempDir, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { createApp } from './app/create-app';
import { LOG_POSITION_HEADER } from './app/log-position.interceptor';

const FIXTURES = join(__dirname, '../../../libs/cases/application/src/persistence/testing/fixtures');
const release = JSON.parse(readFileSync(join(FIXTURES, 'previous-release.json'), 'utf8')) as {
  masterKey: string;
  searchIndexKey: string;
  postgres: { schema: string; caseId: string };
  sqlite: { caseId: string };
};
const keys = {
  masterKey: Buffer.from(release.masterKey, 'base64'),
  searchIndexKey: Buffer.from(release.searchIndexKey, 'base64'),
};

/**
 * Opens the previous release's database with this code (the migrations run on start) and uses it the
 * way its users did: the case, its contacts and the name search read back, a new contact is recorded,
 * and the audit log, old entries and new, verifies.
 */
const upgradeAndUse = async (persistence: PersistenceConfig, caseId: string): Promise<void> => {
  const app = await createApp(
    {
      profile: 'embedded',
      host: '127.0.0.1',
      port: 0,
      persistence,
      identity: { profile: 'embedded' },
      audit: TEST_AUDIT_CONFIG,
      bodyLimit: '64kb',
    },
    { logger: false },
  );
  try {
    await app.listen(0, '127.0.0.1');
    await useUpgraded(app, caseId);
  } finally {
    await app.close();
  }
};

const useUpgraded = async (app: NestExpressApplication, caseId: string): Promise<void> => {
  const http = request(app.getHttpServer());
  const as = async (userId: string, purpose: string) => {
    const issued = await http.post('/api/dev/token').send({ userId }).expect(201);
    return { authorization: `Bearer ${(issued.body as { accessToken: string }).accessToken}`, 'x-purpose': purpose };
  };
  const anna = await as('anna.coach', 'integration');

  const opened = await http.get(`/api/cases/${caseId}`).set(anna).expect(200);
  expect(opened.body).toMatchObject({ id: caseId, participant: { givenName: 'Mara', familyName: 'Beispiel' } });
  const contacts = await http.get(`/api/cases/${caseId}/contacts`).set(anna).expect(200);
  expect((contacts.body as { items: { summary: string }[] }).items.map((c) => c.summary).sort()).toEqual([
    'Erstgespräch im Büro',
    'Rückruf wegen Termin',
  ]);
  const found = await http.get('/api/cases').query({ q: 'Mara', birthDate: '1990-04-01' }).set(anna).expect(200);
  expect((found.body as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([caseId]);

  const recorded = await http
    .post(`/api/cases/${caseId}/contacts`)
    .set(anna)
    .send({ kind: 'phone', occurredAt: new Date().toISOString(), durationMinutes: 5, summary: 'Nach dem Update' })
    .expect(201);
  const position = recorded.headers[LOG_POSITION_HEADER.toLowerCase()];
  expect(typeof position).toBe('string');
  const after = await http
    .get(`/api/cases/${caseId}/contacts`)
    .set({ ...anna, [LOG_POSITION_HEADER]: String(position) })
    .expect(200);
  expect((after.body as { items: unknown[] }).items).toHaveLength(3);

  const persistence = app.get<Persistence>(PERSISTENCE);
  const verified = await http
    .get('/api/audit/verify')
    .set(await as('frieda.dpo', 'audit'))
    .expect(200);
  expect(verified.body).toMatchObject({ valid: true });
  // The previous release's 8 entries and this test's reads and writes after them.
  expect(await persistence.audit.size()).toBeGreaterThan(8);
  const options = persistence.dataSource.options;
  const table = options.type === 'postgres' ? `"${options.schema ?? 'public'}".${MIGRATIONS_TABLE}` : MIGRATIONS_TABLE;
  const migrated = await persistence.dataSource.query<{ name: string }[]>(`SELECT name FROM ${table}`);
  // Every migration of the driver, the baseline first (it only recorded itself on this database).
  expect(migrated.map((row) => row.name)).toEqual(
    (persistence.kind === 'postgres' ? POSTGRES_MIGRATIONS : SQLITE_MIGRATIONS).map((m) => new m().name),
  );
  expect(migrated[0]?.name).toBe(
    persistence.kind === 'postgres' ? 'PostgresBaseline1796428800000' : 'SqliteBaseline1796428800000',
  );
  const pending = await persistence.dataSource.driver.createSchemaBuilder().log();
  expect(pending.upQueries.map((q) => q.query)).toEqual([]);
};

describeWithPostgres('upgrade from the previous release (postgres)', () => {
  it('migrates a database of d512f81 with data and goes on working on it', async () => {
    const target = await testSchema('mig_up', 2);
    try {
      const dump = readFileSync(join(FIXTURES, 'previous-release.postgres.sql'), 'utf8').replaceAll(
        release.postgres.schema,
        target.schema,
      );
      await target.pool.query(`DROP SCHEMA "${target.schema}"`);
      const client = await target.pool.connect();
      try {
        await client.query(dump);
      } finally {
        // The dump empties the session's search_path: this connection is not handed out again.
        client.release(true);
      }
      await upgradeAndUse(
        { kind: 'postgres', url: testDatabaseUrl(), schema: target.schema, poolSize: 4, ...keys },
        release.postgres.caseId,
      );
    } finally {
      await target.drop();
    }
  });
});

describe('upgrade from the previous release (sqlite)', () => {
  it('migrates an embedded file of d512f81 with data and goes on working on it', async () => {
    const dir = tempDir('migrations-upgrade');
    try {
      const file = join(dir.path, 'fallverbund.sqlite');
      const db = new Database(file);
      db.exec(readFileSync(join(FIXTURES, 'previous-release.sqlite.sql'), 'utf8'));
      db.close();
      await upgradeAndUse({ kind: 'sqlite', file, ...keys }, release.sqlite.caseId);
    } finally {
      dir.remove();
    }
  });
});
