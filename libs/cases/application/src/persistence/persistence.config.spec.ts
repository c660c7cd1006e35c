import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { persistenceConfigFromEnv } from './persistence.config';

describe('persistenceConfigFromEnv', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'fv-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the embedded SQLite file in DATA_DIR when no database is configured, with a key file made once', () => {
    const first = persistenceConfigFromEnv({ DATA_DIR: dir });
    const second = persistenceConfigFromEnv({ DATA_DIR: dir });
    expect(first).toMatchObject({ kind: 'sqlite', file: join(dir, 'fallverbund.sqlite') });
    expect(first.masterKey).toHaveLength(32);
    expect(second.masterKey.equals(first.masterKey)).toBe(true);
    expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('uses PostgreSQL when DATABASE_URL is set, and a configured master key without writing a file', () => {
    const key = randomBytes(32);
    const config = persistenceConfigFromEnv({
      DATA_DIR: dir,
      DATABASE_URL: 'postgres://x@h/db',
      DATABASE_SCHEMA: 'fv',
      ENCRYPTION_MASTER_KEY: key.toString('base64'),
    });
    expect(config).toMatchObject({
      kind: 'postgres',
      url: 'postgres://x@h/db',
      schema: 'fv',
      poolSize: 10,
      appendBatches: 2,
    });
    expect(config.masterKey.equals(key)).toBe(true);
    expect(existsSync(join(dir, 'master.key'))).toBe(false);
  });

  it('keeps the search index key apart from the master key: its own variable or its own key file', () => {
    const embedded = persistenceConfigFromEnv({ DATA_DIR: dir });
    expect(embedded.searchIndexKey).toHaveLength(32);
    expect(embedded.searchIndexKey?.equals(embedded.masterKey)).toBe(false);
    expect(persistenceConfigFromEnv({ DATA_DIR: dir }).searchIndexKey?.equals(embedded.searchIndexKey!)).toBe(true);
    expect(statSync(join(dir, 'search-index.key')).mode & 0o777).toBe(0o600);
    const key = randomBytes(32);
    expect(
      persistenceConfigFromEnv({ DATA_DIR: dir, SEARCH_INDEX_KEY: key.toString('base64') }).searchIndexKey?.equals(key),
    ).toBe(true);
    expect(() =>
      persistenceConfigFromEnv({ DATA_DIR: dir, SEARCH_INDEX_KEY: randomBytes(8).toString('base64') }),
    ).toThrow(/SEARCH_INDEX_KEY must be 32 bytes/);
  });

  it('takes the group commit of appends from DATABASE_APPEND_BATCHES, 0 for none, and refuses other values', () => {
    const postgres = { DATA_DIR: dir, DATABASE_URL: 'postgres://x@h/db' };
    expect(persistenceConfigFromEnv({ ...postgres, DATABASE_APPEND_BATCHES: '0' })).toMatchObject({ appendBatches: 0 });
    expect(persistenceConfigFromEnv({ ...postgres, DATABASE_APPEND_BATCHES: '4' })).toMatchObject({ appendBatches: 4 });
    for (const wrong of ['-1', 'many', '1.5', '100'])
      expect(() => persistenceConfigFromEnv({ ...postgres, DATABASE_APPEND_BATCHES: wrong })).toThrow(
        /DATABASE_APPEND_BATCHES must be a whole number/,
      );
  });

  it('refuses a master key of the wrong length', () => {
    expect(() =>
      persistenceConfigFromEnv({ DATA_DIR: dir, ENCRYPTION_MASTER_KEY: randomBytes(16).toString('base64') }),
    ).toThrow(/32 bytes/);
    expect(existsSync(join(dir, 'master.key')) ? readFileSync(join(dir, 'master.key'), 'utf8') : '').toBe('');
  });
});
