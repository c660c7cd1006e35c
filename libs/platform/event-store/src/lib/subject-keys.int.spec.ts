import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describeWithPostgres, tempDir, testSchema } from '@fallverbund/testing';
import { AsyncMutex } from './async-mutex';
import { openSqlite } from './sqlite-event-store';
import { MasterKeyMismatchError, PostgresSubjectKeyStore, SqliteSubjectKeyStore } from './subject-keys';

describeWithPostgres('PostgresSubjectKeyStore and its master key', () => {
  let schema: Awaited<ReturnType<typeof testSchema>>;
  beforeAll(async () => {
    schema = await testSchema('deploy_subject_keys', 4);
  });
  afterAll(() => schema.drop());

  it('opens again with the master key that wrapped its keys, and refuses another one at start', async () => {
    const masterKey = randomBytes(32);
    const first = await PostgresSubjectKeyStore.create({ pool: schema.pool, schema: schema.schema, masterKey });
    const key = await first.keyFor('subject-1');

    const again = await PostgresSubjectKeyStore.create({ pool: schema.pool, schema: schema.schema, masterKey });
    expect((await again.keysFor(['subject-1'])).get('subject-1')).toEqual(key);

    const wrong = PostgresSubjectKeyStore.create({
      pool: schema.pool,
      schema: schema.schema,
      masterKey: randomBytes(32),
    });
    await expect(wrong).rejects.toThrow(MasterKeyMismatchError);
    await expect(wrong).rejects.toThrow(/ENCRYPTION_MASTER_KEY does not open the subject keys/);
    // As the platform opens it, after its migrations made the tables.
    await expect(
      PostgresSubjectKeyStore.create({
        pool: schema.pool,
        schema: schema.schema,
        masterKey: randomBytes(32),
        createTables: false,
      }),
    ).rejects.toThrow(MasterKeyMismatchError);
  });

  it('accepts any master key while no subject key is stored', async () => {
    const empty = await testSchema('deploy_subject_keys_empty', 2);
    try {
      await PostgresSubjectKeyStore.create({ pool: empty.pool, schema: empty.schema, masterKey: randomBytes(32) });
      const other = await PostgresSubjectKeyStore.create({
        pool: empty.pool,
        schema: empty.schema,
        masterKey: randomBytes(32),
      });
      expect((await other.keyFor('subject-1')).length).toBe(32);
    } finally {
      await empty.drop();
    }
  });
});

describe('SqliteSubjectKeyStore and its master key', () => {
  it('refuses a master key that does not open the stored keys', async () => {
    const dir = tempDir('deploy-subject-keys');
    const db = openSqlite(join(dir.path, 'keys.sqlite'));
    try {
      const masterKey = randomBytes(32);
      const key = await new SqliteSubjectKeyStore(db, new AsyncMutex(), masterKey).keyFor('subject-1');
      expect(
        (await new SqliteSubjectKeyStore(db, new AsyncMutex(), masterKey).keysFor(['subject-1'])).get('subject-1'),
      ).toEqual(key);
      expect(() => new SqliteSubjectKeyStore(db, new AsyncMutex(), randomBytes(32))).toThrow(MasterKeyMismatchError);
      expect(() => new SqliteSubjectKeyStore(db, new AsyncMutex(), randomBytes(32), { createTables: false })).toThrow(
        MasterKeyMismatchError,
      );
    } finally {
      db.close();
      dir.remove();
    }
  });
});
