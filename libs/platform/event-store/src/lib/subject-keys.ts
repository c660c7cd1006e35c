import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  type KeyObject,
  randomBytes,
  randomFillSync,
} from 'node:crypto';
import type Database from 'better-sqlite3';
import { type Pool } from 'pg';
import { type AsyncMutex } from './async-mutex';
import { assertTablesExist, migrateOnce, quoteIdent, statementName } from './postgres-ddl';
import { assertSqliteTablesExist } from './sqlite-event-store';

/**
 * Keys per data subject, and per data category of a subject (key id `subject#category`, issue 17).
 * Deleting a key is the erasure of everything encrypted under it.
 */
export interface SubjectKeyStore {
  /**
   * The key, created on first use; throws SubjectErasedError once the key id was erased, and for a
   * category key `s#c` also once its subject `s` was erased: an erased key is never created again.
   */
  keyFor(subjectId: string): Promise<Buffer>;
  /** The keys that still exist; erased or unknown ids are absent from the map. */
  keysFor(subjectIds: readonly string[]): Promise<Map<string, Buffer>>;
  /**
   * Deletes the key for good and remembers that it was erased. Erasing a subject `s` also deletes every
   * category key `s#…` of it.
   */
  erase(subjectId: string, erasedAt: Date): Promise<void>;
  /** Whether the key id, or for a category key its subject, was erased. */
  isErased(subjectId: string): Promise<boolean>;
}

/** The subject of a key id: `s` for `s` and for a category key `s#c`. */
const baseOf = (keyId: string): string => {
  const at = keyId.indexOf('#');
  return at < 0 ? keyId : keyId.slice(0, at);
};

export class SubjectErasedError extends Error {
  readonly code = 'SUBJECT.ERASED';
  /** A write of data whose key was erased is refused as a conflict (409), never answered with 500. */
  readonly status = 409;
  constructor(readonly subjectId: string) {
    // No id in the message: it becomes the detail of a 409 problem.
    const category = subjectId.includes('#') ? ` of category ${subjectId.slice(subjectId.indexOf('#') + 1)}` : '';
    super(`the participant's data${category} were erased; nothing of it can be recorded again`);
    this.name = 'SubjectErasedError';
  }
}

const ALGORITHM = 'aes-256-gcm';

export interface Sealed {
  readonly iv: string;
  readonly tag: string;
  readonly ct: string;
}

/**
 * A raw key becomes a KeyObject on every cipher made from it, which cost more than the decryption of a
 * short field (docs/benchmarks.md "http"): each key buffer keeps its KeyObject while the buffer lives
 * (the key caches hold the same buffer across reads; erasing drops both).
 */
const keyObjects = new WeakMap<Buffer, KeyObject>();
const keyObjectOf = (key: Buffer): KeyObject => {
  let object = keyObjects.get(key);
  if (!object) {
    object = createSecretKey(key);
    keyObjects.set(key, object);
  }
  return object;
};

/**
 * Every seal's IV is 12 fresh bytes of the system's CSPRNG, taken from a pool refilled 4 KiB at a time:
 * one call into OpenSSL's generator cost more than the rest of sealing a short field (a command seals one
 * or two; docs/benchmarks.md "http"). Each IV is copied out and the pool's offset only moves forward, so
 * no bytes are handed out twice.
 */
const IV_BYTES = 12;
const ivPool = Buffer.alloc(IV_BYTES * 341);
let ivOffset = ivPool.length;
const freshIv = (): Buffer => {
  if (ivOffset + IV_BYTES > ivPool.length) {
    randomFillSync(ivPool);
    ivOffset = 0;
  }
  const iv = Buffer.from(ivPool.subarray(ivOffset, ivOffset + IV_BYTES));
  ivOffset += IV_BYTES;
  return iv;
};

export const seal = (key: Buffer, plaintext: Buffer): Sealed => {
  const iv = freshIv();
  const cipher = createCipheriv(ALGORITHM, keyObjectOf(key), iv);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), ct: ct.toString('base64') };
};

export const open = (key: Buffer, sealed: Sealed): Buffer => {
  const decipher = createDecipheriv(ALGORITHM, keyObjectOf(key), Buffer.from(sealed.iv, 'base64'));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return Buffer.concat([decipher.update(Buffer.from(sealed.ct, 'base64')), decipher.final()]);
};

/**
 * The store was opened with another master key than the one that wrapped its subject keys (a
 * restore without the right ENCRYPTION_MASTER_KEY): refused at start rather than failing on the
 * first read of personal data.
 */
export class MasterKeyMismatchError extends Error {
  readonly code = 'SUBJECT_KEYS.MASTER_KEY_MISMATCH';
  constructor() {
    super(
      'ENCRYPTION_MASTER_KEY does not open the subject keys stored in this database: it is not the master key ' +
        'they were wrapped with. Configure the master key that belongs to this database (after a restore: the ' +
        'one saved with its backup); another key would leave every personal field unreadable.',
    );
    this.name = 'MasterKeyMismatchError';
  }
}

/**
 * Subject keys are stored wrapped under a master key that never enters the database, so a copy of
 * the database alone decrypts nothing.
 */
class KeyWrapper {
  constructor(private readonly masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('the master key must be 32 bytes');
  }
  wrap(key: Buffer): string {
    return JSON.stringify(seal(this.masterKey, key));
  }
  unwrap(wrapped: string): Buffer {
    return open(this.masterKey, JSON.parse(wrapped) as Sealed);
  }
  /** Throws MasterKeyMismatchError unless this master key opens a stored wrapped key (any one). */
  assertOpens(wrapped: string | undefined): void {
    if (wrapped === undefined) return;
    try {
      this.unwrap(wrapped);
    } catch {
      throw new MasterKeyMismatchError();
    }
  }
}

/** Unwrapped keys kept briefly; erasure in another process is honoured once an entry expires. */
class KeyCache {
  private readonly entries = new Map<string, { key: Buffer; until: number }>();
  constructor(
    private readonly ttlMs = 30_000,
    private readonly max = 10_000,
  ) {}
  get(subjectId: string): Buffer | undefined {
    const entry = this.entries.get(subjectId);
    if (!entry) return undefined;
    if (entry.until < Date.now()) {
      this.entries.delete(subjectId);
      return undefined;
    }
    return entry.key;
  }
  set(subjectId: string, key: Buffer): void {
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(subjectId, { key, until: Date.now() + this.ttlMs });
  }
  delete(subjectId: string): void {
    this.entries.delete(subjectId);
    // Erasing a subject erases its category keys too.
    if (!subjectId.includes('#'))
      for (const id of [...this.entries.keys()]) if (id.startsWith(`${subjectId}#`)) this.entries.delete(id);
  }
}

export class PostgresSubjectKeyStore implements SubjectKeyStore {
  private readonly wrapper: KeyWrapper;
  private readonly cache = new KeyCache();
  private readonly s: string;

  private constructor(
    private readonly pool: Pool,
    schema: string,
    masterKey: Buffer,
  ) {
    this.wrapper = new KeyWrapper(masterKey);
    this.s = quoteIdent(schema);
  }

  /** `createTables: false` (the platform, after its migrations) refuses a schema without the tables. */
  static async create(options: {
    pool: Pool;
    schema?: string;
    masterKey: Buffer;
    createTables?: boolean;
  }): Promise<PostgresSubjectKeyStore> {
    const store = new PostgresSubjectKeyStore(options.pool, options.schema ?? 'public', options.masterKey);
    if (options.createTables === false) {
      await assertTablesExist(options.pool, options.schema ?? 'public', ['subject_keys', 'erased_subjects']);
    } else {
      await migrateOnce(
        options.pool,
        `fallverbund-migrate:subject-keys:${options.schema ?? 'public'}`,
        `
      CREATE SCHEMA IF NOT EXISTS ${store.s};
      CREATE TABLE IF NOT EXISTS ${store.s}.subject_keys (
        subject_id text PRIMARY KEY, wrapped_key text NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
      CREATE TABLE IF NOT EXISTS ${store.s}.erased_subjects (
        subject_id text PRIMARY KEY, erased_at timestamptz NOT NULL);`,
      );
    }
    // Whichever made the tables: a master key that opens none of the stored keys is refused here, not
    // on the first read of someone's data.
    const sample = await options.pool.query<{ wrapped_key: string }>(
      `SELECT wrapped_key FROM ${store.s}.subject_keys LIMIT 1`,
    );
    store.wrapper.assertOpens(sample.rows[0]?.wrapped_key);
    return store;
  }

  async keyFor(subjectId: string): Promise<Buffer> {
    const cached = this.cache.get(subjectId);
    if (cached) return cached;
    const fresh = randomBytes(32);
    // Insert-or-read in one statement; refuses subjects that were erased.
    const { rows } = await this.pool.query<{ wrapped_key: string }>({
      name: statementName(`${this.s}.key-for`),
      text: `
        WITH inserted AS (
          INSERT INTO ${this.s}.subject_keys (subject_id, wrapped_key)
          SELECT $1, $2 WHERE NOT EXISTS (
            SELECT 1 FROM ${this.s}.erased_subjects WHERE subject_id = $1 OR subject_id = $3)
          ON CONFLICT (subject_id) DO NOTHING
          RETURNING wrapped_key)
        SELECT wrapped_key FROM inserted
        UNION ALL SELECT wrapped_key FROM ${this.s}.subject_keys WHERE subject_id = $1`,
      values: [subjectId, this.wrapper.wrap(fresh), baseOf(subjectId)],
    });
    const row = rows[0];
    if (!row) {
      // Either erased, or another transaction created the key after this statement's snapshot.
      if (await this.isErased(subjectId)) throw new SubjectErasedError(subjectId);
      return this.keyFor(subjectId);
    }
    const key = this.wrapper.unwrap(row.wrapped_key);
    this.cache.set(subjectId, key);
    return key;
  }

  async keysFor(subjectIds: readonly string[]): Promise<Map<string, Buffer>> {
    const keys = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const id of new Set(subjectIds)) {
      const cached = this.cache.get(id);
      if (cached) keys.set(id, cached);
      else missing.push(id);
    }
    if (missing.length > 0) {
      const { rows } = await this.pool.query<{ subject_id: string; wrapped_key: string }>({
        name: statementName(`${this.s}.keys-for`),
        text: `SELECT subject_id, wrapped_key FROM ${this.s}.subject_keys WHERE subject_id = ANY($1::text[])`,
        values: [missing],
      });
      for (const row of rows) {
        const key = this.wrapper.unwrap(row.wrapped_key);
        this.cache.set(row.subject_id, key);
        keys.set(row.subject_id, key);
      }
    }
    return keys;
  }

  async erase(subjectId: string, erasedAt: Date): Promise<void> {
    // A subject takes its category keys (`subject#…`) with it.
    await this.pool.query(
      `WITH gone AS (
         DELETE FROM ${this.s}.subject_keys
         WHERE subject_id = $1 OR ($3 AND left(subject_id, length($1) + 1) = $1 || '#'))
       INSERT INTO ${this.s}.erased_subjects (subject_id, erased_at) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
      [subjectId, erasedAt, !subjectId.includes('#')],
    );
    this.cache.delete(subjectId);
  }

  async isErased(subjectId: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `SELECT 1 FROM ${this.s}.erased_subjects WHERE subject_id = $1 OR subject_id = $2`,
      [subjectId, baseOf(subjectId)],
    );
    return rows.length > 0;
  }
}

export class SqliteSubjectKeyStore implements SubjectKeyStore {
  private readonly wrapper: KeyWrapper;
  private readonly cache = new KeyCache();

  constructor(
    private readonly db: Database.Database,
    private readonly lock: AsyncMutex,
    masterKey: Buffer,
    options: { readonly createTables?: boolean } = {},
  ) {
    this.wrapper = new KeyWrapper(masterKey);
    if (options.createTables === false) {
      assertSqliteTablesExist(db, ['subject_keys', 'erased_subjects']);
    } else {
      db.exec(`
        CREATE TABLE IF NOT EXISTS subject_keys (
          subject_id TEXT PRIMARY KEY, wrapped_key TEXT NOT NULL, created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP);
        CREATE TABLE IF NOT EXISTS erased_subjects (subject_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL);`);
    }
    this.wrapper.assertOpens(
      db.prepare<[], { wrapped_key: string }>('SELECT wrapped_key FROM subject_keys LIMIT 1').get()?.wrapped_key,
    );
  }

  keyFor(subjectId: string): Promise<Buffer> {
    const cached = this.cache.get(subjectId);
    if (cached) return Promise.resolve(cached);
    return this.lock.run(() => {
      const erased = this.db
        .prepare('SELECT 1 FROM erased_subjects WHERE subject_id = ? OR subject_id = ?')
        .get(subjectId, baseOf(subjectId));
      if (erased) throw new SubjectErasedError(subjectId);
      this.db
        .prepare('INSERT INTO subject_keys (subject_id, wrapped_key) VALUES (?, ?) ON CONFLICT DO NOTHING')
        .run(subjectId, this.wrapper.wrap(randomBytes(32)));
      const row = this.db
        .prepare<[string], { wrapped_key: string }>('SELECT wrapped_key FROM subject_keys WHERE subject_id = ?')
        .get(subjectId);
      if (!row) throw new SubjectErasedError(subjectId);
      const key = this.wrapper.unwrap(row.wrapped_key);
      this.cache.set(subjectId, key);
      return key;
    });
  }

  keysFor(subjectIds: readonly string[]): Promise<Map<string, Buffer>> {
    const keys = new Map<string, Buffer>();
    const select = this.db.prepare<[string], { wrapped_key: string }>(
      'SELECT wrapped_key FROM subject_keys WHERE subject_id = ?',
    );
    for (const id of new Set(subjectIds)) {
      let key = this.cache.get(id);
      if (!key) {
        const row = select.get(id);
        if (!row) continue;
        key = this.wrapper.unwrap(row.wrapped_key);
        this.cache.set(id, key);
      }
      keys.set(id, key);
    }
    return Promise.resolve(keys);
  }

  erase(subjectId: string, erasedAt: Date): Promise<void> {
    return this.lock.run(() => {
      this.db.transaction(() => {
        this.db.prepare('DELETE FROM subject_keys WHERE subject_id = ?').run(subjectId);
        // A subject takes its category keys (`subject#…`) with it.
        if (!subjectId.includes('#'))
          this.db
            .prepare('DELETE FROM subject_keys WHERE substr(subject_id, 1, length(?) + 1) = ? || ?')
            .run(subjectId, subjectId, '#');
        this.db
          .prepare('INSERT INTO erased_subjects (subject_id, erased_at) VALUES (?, ?) ON CONFLICT DO NOTHING')
          .run(subjectId, erasedAt.toISOString());
      })();
      this.cache.delete(subjectId);
      // The WAL still holds the page with the key until a checkpoint; truncate it now.
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    });
  }

  isErased(subjectId: string): Promise<boolean> {
    return Promise.resolve(
      Boolean(
        this.db
          .prepare('SELECT 1 FROM erased_subjects WHERE subject_id = ? OR subject_id = ?')
          .get(subjectId, baseOf(subjectId)),
      ),
    );
  }
}
