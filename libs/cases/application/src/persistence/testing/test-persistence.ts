import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { tempDir, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { openPersistence, type Persistence } from '../persistence';
import { type PersistenceConfig } from '../persistence.config';

export type PersistenceProfile = 'sqlite' | 'postgres';

/** The drivers an integration spec runs on: both, or SQLite alone when the global setup found no PostgreSQL. */
export const PERSISTENCE_PROFILES: readonly PersistenceProfile[] =
  process.env['FALLVERBUND_POSTGRES'] === 'missing' ? ['sqlite'] : ['sqlite', 'postgres'];

export interface TestPersistence {
  readonly persistence: Persistence;
  /** What it was opened with (a fresh master key), to open a second connection to the same data. */
  readonly config: PersistenceConfig;
  /** The PostgreSQL schema of its own; undefined on SQLite. */
  readonly schema: string | undefined;
  /** Closes it and drops the schema or removes the SQLite file's folder. */
  close(): Promise<void>;
}

/** A persistence of its own for one test: a new PostgreSQL schema (`label`_…) or a new SQLite file. */
export const openTestPersistence = async (
  profile: PersistenceProfile,
  label: string,
  { poolSize = 4, schemaPoolSize }: { readonly poolSize?: number; readonly schemaPoolSize?: number } = {},
): Promise<TestPersistence> => {
  const masterKey = randomBytes(32);
  if (profile === 'postgres') {
    const s = await testSchema(label, schemaPoolSize);
    const config: PersistenceConfig = {
      kind: 'postgres',
      url: testDatabaseUrl(),
      schema: s.schema,
      poolSize,
      masterKey,
    };
    const persistence = await openPersistence(config);
    return {
      persistence,
      config,
      schema: s.schema,
      close: async () => {
        await persistence.close();
        await s.drop();
      },
    };
  }
  const dir = tempDir(label);
  const config: PersistenceConfig = { kind: 'sqlite', file: join(dir.path, 'db.sqlite'), masterKey };
  const persistence = await openPersistence(config);
  return {
    persistence,
    config,
    schema: undefined,
    close: async () => {
      await persistence.close();
      dir.remove();
    },
  };
};
