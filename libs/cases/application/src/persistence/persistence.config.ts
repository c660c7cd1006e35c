import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';

export type PersistenceConfig =
  | { readonly kind: 'sqlite'; readonly file: string; readonly masterKey: Buffer }
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly schema: string;
      readonly poolSize: number;
      readonly masterKey: Buffer;
    };

/**
 * PostgreSQL when DATABASE_URL is set, otherwise the embedded SQLite file under DATA_DIR. The master
 * key that wraps the subject keys comes from ENCRYPTION_MASTER_KEY (base64, 32 bytes); without it a
 * key file is created in DATA_DIR, which suits a single machine, not a production cluster.
 */
export const persistenceConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): PersistenceConfig => {
  const dataDir = resolve(env['DATA_DIR'] ?? './data');
  const masterKey = masterKeyFrom(env, dataDir);
  const url = env['DATABASE_URL'];
  if (url) {
    return {
      kind: 'postgres',
      url,
      schema: env['DATABASE_SCHEMA'] ?? 'public',
      poolSize: Number(env['DATABASE_POOL_SIZE'] ?? 10),
      masterKey,
    };
  }
  mkdirSync(dataDir, { recursive: true });
  return { kind: 'sqlite', file: join(dataDir, 'fallverbund.sqlite'), masterKey };
};

const masterKeyFrom = (env: NodeJS.ProcessEnv, dataDir: string): Buffer => {
  const configured = env['ENCRYPTION_MASTER_KEY'];
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('ENCRYPTION_MASTER_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const file = join(dataDir, 'master.key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
};
