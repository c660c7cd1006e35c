import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

interface Keys {
  readonly masterKey: Buffer;
  /**
   * The key of the name search's blind index (HMAC-SHA-256), apart from the master key and the subject
   * keys. Absent (tests that build a config by hand): a random key for this process, so the index is
   * rebuilt, not reused, after a restart.
   */
  readonly searchIndexKey?: Buffer;
  /**
   * MIGRATIONS: `on-start` (default) runs the pending migrations when the database is opened; `off`
   * leaves them to `npm run migrate` (a migration job) and refuses to open a database they have not reached.
   */
  readonly migrations?: 'on-start' | 'off';
}

export type PersistenceConfig =
  | ({ readonly kind: 'sqlite'; readonly file: string } & Keys)
  | ({
      readonly kind: 'postgres';
      readonly url: string;
      readonly schema: string;
      readonly poolSize: number;
      /**
       * Group commit of audited appends: at most this many statements of them in flight, the appends
       * made meanwhile going together in the next (DATABASE_APPEND_BATCHES, default 2; 0 sends each
       * alone).
       */
      readonly appendBatches?: number;
    } & Keys);

/**
 * PostgreSQL when DATABASE_URL is set, otherwise the embedded SQLite file under DATA_DIR. The master
 * key that wraps the subject keys comes from ENCRYPTION_MASTER_KEY (base64, 32 bytes), the key of the
 * name search's blind index from SEARCH_INDEX_KEY (the same form); without them a key file is created
 * in DATA_DIR, which suits a single machine, not a production cluster.
 */
export const persistenceConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): PersistenceConfig => {
  const dataDir = resolve(env['DATA_DIR'] ?? './data');
  const masterKey = keyFrom(env, 'ENCRYPTION_MASTER_KEY', dataDir, 'master.key');
  const searchIndexKey = keyFrom(env, 'SEARCH_INDEX_KEY', dataDir, 'search-index.key');
  const migrations = migrationsFrom(env);
  const url = env['DATABASE_URL'];
  if (url) {
    return {
      kind: 'postgres',
      url,
      schema: env['DATABASE_SCHEMA'] ?? 'public',
      poolSize: Number(env['DATABASE_POOL_SIZE'] ?? 10),
      appendBatches: appendBatchesFrom(env),
      masterKey,
      searchIndexKey,
      migrations,
    };
  }
  mkdirSync(dataDir, { recursive: true });
  return { kind: 'sqlite', file: join(dataDir, 'fallverbund.sqlite'), masterKey, searchIndexKey, migrations };
};

const appendBatchesFrom = (env: NodeJS.ProcessEnv): number => {
  const value = env['DATABASE_APPEND_BATCHES'] ?? '2';
  if (/^\d{1,2}$/.test(value)) return Number(value);
  throw new Error(`DATABASE_APPEND_BATCHES must be a whole number from 0 to 99, not "${value}"`);
};

const migrationsFrom = (env: NodeJS.ProcessEnv): 'on-start' | 'off' => {
  const value = env['MIGRATIONS'] ?? 'on-start';
  if (value === 'on-start' || value === 'off') return value;
  throw new Error(`MIGRATIONS must be on-start or off, not "${value}"`);
};

const keyFrom = (env: NodeJS.ProcessEnv, variable: string, dataDir: string, fileName: string): Buffer => {
  const configured = env[variable];
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error(`${variable} must be 32 bytes, base64-encoded`);
    return key;
  }
  const file = join(dataDir, fileName);
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
};
