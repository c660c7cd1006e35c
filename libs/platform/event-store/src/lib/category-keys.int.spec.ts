import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describeWithPostgres, tempDir, testSchema } from '@fallverbund/testing';
import { AsyncMutex } from './async-mutex';
import { categoryKeyId } from './personal-envelope';
import { openSqlite } from './sqlite-event-store';
import {
  PostgresSubjectKeyStore,
  SqliteSubjectKeyStore,
  SubjectErasedError,
  type SubjectKeyStore,
} from './subject-keys';

/** Keys per data category (issue 17): `subject#category` in the same store, erased alone or with the subject. */
const categoryKeyContract = (
  name: string,
  make: () => Promise<{ store: SubjectKeyStore; reopen: () => Promise<SubjectKeyStore> }>,
) =>
  describe(name, () => {
    it('creates a category key on first use, apart from the subject key, and returns it again', async () => {
      const { store, reopen } = await make();
      const subject = await store.keyFor('s1');
      const health = await store.keyFor(categoryKeyId('s1', 'health'));
      const plan = await store.keyFor(categoryKeyId('s1', 'plan'));
      expect(new Set([subject, health, plan].map((k) => k.toString('hex'))).size).toBe(3);
      const again = await reopen();
      expect((await again.keyFor('s1#health')).equals(health)).toBe(true);
      expect((await again.keysFor(['s1#plan', 's1#health'])).get('s1#plan')?.equals(plan)).toBe(true);
    });

    it('erases one category key for good and leaves the subject key and the other categories', async () => {
      const { store, reopen } = await make();
      const subject = await store.keyFor('s2');
      await store.keyFor('s2#health');
      const plan = await store.keyFor('s2#plan');
      await store.erase('s2#health', new Date('2026-12-05T08:00:00Z'));
      for (const s of [store, await reopen()]) {
        const keys = await s.keysFor(['s2', 's2#health', 's2#plan']);
        expect([...keys.keys()].sort()).toEqual(['s2', 's2#plan']);
        expect(keys.get('s2')?.equals(subject)).toBe(true);
        expect(keys.get('s2#plan')?.equals(plan)).toBe(true);
        await expect(s.keyFor('s2#health')).rejects.toThrow(SubjectErasedError);
        expect(await s.isErased('s2#health')).toBe(true);
        expect(await s.isErased('s2')).toBe(false);
        expect(await s.isErased('s2#plan')).toBe(false);
      }
    });

    it('erasing the subject erases every category key of it, and none is created again', async () => {
      const { store, reopen } = await make();
      await store.keyFor('s3');
      await store.keyFor('s3#health');
      await store.keyFor('s3#identity');
      const other = await store.keyFor('s30#health'); // a subject whose id starts alike stays
      await store.erase('s3', new Date('2026-12-05T08:00:00Z'));
      for (const s of [store, await reopen()]) {
        expect((await s.keysFor(['s3', 's3#health', 's3#identity'])).size).toBe(0);
        await expect(s.keyFor('s3#health')).rejects.toThrow(SubjectErasedError);
        await expect(s.keyFor('s3#addiction')).rejects.toThrow(SubjectErasedError);
        expect(await s.isErased('s3#addiction')).toBe(true);
        expect((await s.keysFor(['s30#health'])).get('s30#health')?.equals(other)).toBe(true);
      }
    });
  });

describeWithPostgres('PostgresSubjectKeyStore: category keys', () => {
  let schema: Awaited<ReturnType<typeof testSchema>>;
  beforeAll(async () => {
    schema = await testSchema('category_keys', 4);
  });
  afterAll(() => schema.drop());
  const masterKey = randomBytes(32);
  categoryKeyContract('on PostgreSQL', async () => {
    const create = () => PostgresSubjectKeyStore.create({ pool: schema.pool, schema: schema.schema, masterKey });
    return { store: await create(), reopen: create };
  });
});

describe('SqliteSubjectKeyStore: category keys', () => {
  const dir = tempDir('category-keys');
  const db = openSqlite(join(dir.path, 'keys.sqlite'));
  afterAll(() => {
    db.close();
    dir.remove();
  });
  const masterKey = randomBytes(32);
  categoryKeyContract('on SQLite', () => {
    const create = () => Promise.resolve(new SqliteSubjectKeyStore(db, new AsyncMutex(), masterKey));
    return create().then((store) => ({ store, reopen: create }));
  });
});
