import type Database from 'better-sqlite3';
import { type AsyncMutex, openSqlite, sqliteWriteLock } from '@fallverbund/event-store';
import { type Hash, MerkleTreeBuilder, toHex } from '@fallverbund/audit-merkle';
import { type AuditEntry, randomSalt, sha256 } from './audit-entry';
import {
  type AuditLogHead,
  type AuditLogStore,
  type AuditRecord,
  type Checkpoint,
  packFrontier,
  prepareAppend,
  StoredTreeProofs,
  unpackFrontier,
} from './audit-log-store';

export interface SqliteAuditLogStoreOptions {
  /** The database file, usually the embedded profile's one; ':memory:' is refused. */
  readonly file: string;
  /**
   * The writer connection of the embedded event store: entries then commit in the same SQLite
   * transaction as the events they record (`appendInTransaction`).
   */
  readonly writer?: Database.Database;
  readonly hash?: Hash;
  readonly salt?: () => Uint8Array;
}

interface RecordRow {
  idx: number;
  entry: string | null;
  salt: Buffer | null;
  digest: Buffer;
  leaf_hash: Buffer;
}

interface CheckpointRow {
  tree_size: number;
  root_hash: string;
  issued_at: string;
  signature: string;
  key_id: string;
}

export const SQLITE_AUDIT_LOG_SCHEMA = `
  CREATE TABLE IF NOT EXISTS audit_log (
    idx INTEGER PRIMARY KEY CHECK (idx >= 0),
    entry TEXT,
    salt BLOB,
    digest BLOB NOT NULL,
    leaf_hash BLOB NOT NULL,
    appended_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    CHECK ((entry IS NULL) = (salt IS NULL))
  );
  CREATE TABLE IF NOT EXISTS audit_log_head (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL,
    frontier BLOB NOT NULL
  );
  INSERT OR IGNORE INTO audit_log_head (id, size, frontier) VALUES (1, 0, x'');
  CREATE TABLE IF NOT EXISTS audit_checkpoints (
    tree_size INTEGER NOT NULL,
    root_hash TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    signature TEXT NOT NULL,
    key_id TEXT NOT NULL,
    PRIMARY KEY (tree_size, key_id)
  );`;

const toRecord = (row: RecordRow): AuditRecord => ({
  index: row.idx,
  entry: row.entry === null ? null : (JSON.parse(row.entry) as AuditEntry),
  salt: row.salt ? toHex(row.salt) : null,
  digest: toHex(row.digest),
  leafHash: toHex(row.leaf_hash),
});

/**
 * The audit log in the embedded database. Writes go through the file's write lock and one
 * `BEGIN IMMEDIATE` transaction; `appendInTransaction` lets a caller that already holds both commit
 * a domain write and its audit entries together.
 */
export class SqliteAuditLogStore implements AuditLogStore {
  private readonly writer: Database.Database;
  private readonly ownsWriter: boolean;
  private readonly reader: Database.Database;
  private readonly lock: AsyncMutex;
  private readonly hash: Hash;
  private readonly salt: () => Uint8Array;
  private readonly proofs: StoredTreeProofs;
  private readonly stmt;

  constructor(options: SqliteAuditLogStoreOptions) {
    if (options.file === ':memory:') throw new Error('the embedded audit log needs a file');
    this.hash = options.hash ?? sha256;
    this.salt = options.salt ?? randomSalt;
    this.ownsWriter = !options.writer;
    this.writer = options.writer ?? openSqlite(options.file);
    this.writer.exec(SQLITE_AUDIT_LOG_SCHEMA);
    this.reader = openSqlite(options.file, { readonly: true });
    this.lock = sqliteWriteLock(options.file);
    this.stmt = {
      headForWrite: this.writer.prepare<[], { size: number; frontier: Buffer }>(
        'SELECT size, frontier FROM audit_log_head WHERE id = 1',
      ),
      insert: this.writer.prepare<[number, string, Buffer, Buffer, Buffer]>(
        'INSERT INTO audit_log (idx, entry, salt, digest, leaf_hash) VALUES (?, ?, ?, ?, ?)',
      ),
      updateHead: this.writer.prepare<[number, Buffer]>(
        'UPDATE audit_log_head SET size = ?, frontier = ? WHERE id = 1',
      ),
      erase: this.writer.prepare<[number]>('UPDATE audit_log SET entry = NULL, salt = NULL WHERE idx = ?'),
      saveCheckpoint: this.writer.prepare<[number, string, string, string, string]>(
        `INSERT OR IGNORE INTO audit_checkpoints (tree_size, root_hash, issued_at, signature, key_id)
         VALUES (?, ?, ?, ?, ?)`,
      ),
      head: this.reader.prepare<[], { size: number; frontier: Buffer }>(
        'SELECT size, frontier FROM audit_log_head WHERE id = 1',
      ),
      read: this.reader.prepare<[number, number], RecordRow>(
        'SELECT idx, entry, salt, digest, leaf_hash FROM audit_log WHERE idx >= ? ORDER BY idx LIMIT ?',
      ),
      leaves: this.reader.prepare<[number, number], { leaf_hash: Buffer }>(
        'SELECT leaf_hash FROM audit_log WHERE idx >= ? AND idx < ? ORDER BY idx',
      ),
      latestCheckpoint: this.reader.prepare<[], CheckpointRow>(
        'SELECT * FROM audit_checkpoints ORDER BY tree_size DESC, issued_at DESC LIMIT 1',
      ),
    };
    this.proofs = new StoredTreeProofs(
      this.hash,
      (start, end) => Promise.resolve(this.stmt.leaves.all(start, end).map((row) => new Uint8Array(row.leaf_hash))),
      () => this.head(),
    );
  }

  append(entries: readonly AuditEntry[]): Promise<number[]> {
    return this.lock.run(() => {
      this.writer.exec('BEGIN IMMEDIATE');
      try {
        const indexes = this.appendInTransaction(entries);
        this.writer.exec('COMMIT');
        return indexes;
      } catch (error) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        throw error;
      }
    });
  }

  /**
   * Appends inside the writer's open transaction; the caller holds `writeLock` and commits. Runs
   * synchronously, so nothing else can interleave.
   */
  appendInTransaction(entries: readonly AuditEntry[]): number[] {
    if (!this.writer.inTransaction) throw new Error('appendInTransaction needs an open transaction');
    const head = this.stmt.headForWrite.get();
    if (!head) throw new Error('audit_log_head is missing');
    const builder = MerkleTreeBuilder.restore(this.hash, head.size, unpackFrontier(head.frontier));
    const prepared = prepareAppend(this.hash, builder, entries, this.salt);
    for (const p of prepared) {
      this.stmt.insert.run(
        p.index,
        JSON.stringify(p.entry),
        Buffer.from(p.salt),
        Buffer.from(p.digest),
        Buffer.from(p.leaf),
      );
    }
    this.stmt.updateHead.run(builder.size, packFrontier(builder.frontier));
    return prepared.map((p) => p.index);
  }

  /** The writer connection, for domain tables that commit with the audit entries. */
  get database(): Database.Database {
    return this.writer;
  }

  get writeLock(): AsyncMutex {
    return this.lock;
  }

  read(fromIndex: number, limit: number): Promise<AuditRecord[]> {
    return Promise.resolve(this.stmt.read.all(fromIndex, limit).map(toRecord));
  }

  async size(): Promise<number> {
    return (await this.head()).size;
  }

  head(): Promise<AuditLogHead> {
    const row = this.stmt.head.get();
    if (!row) return Promise.reject(new Error('audit_log_head is missing'));
    const builder = MerkleTreeBuilder.restore(this.hash, row.size, unpackFrontier(row.frontier));
    return Promise.resolve({ size: builder.size, root: builder.root() });
  }

  root(size?: number): Promise<Uint8Array> {
    return this.proofs.root(size);
  }

  inclusionProof(index: number, size: number): Promise<Uint8Array[]> {
    return this.proofs.inclusion(index, size);
  }

  consistencyProof(oldSize: number, newSize: number): Promise<Uint8Array[]> {
    return this.proofs.consistency(oldSize, newSize);
  }

  eraseDetails(index: number): Promise<void> {
    return this.lock.run(() => {
      if (this.stmt.erase.run(index).changes !== 1) throw new Error(`no audit entry ${index}`);
    });
  }

  saveCheckpoint(c: Checkpoint): Promise<void> {
    return this.lock.run(
      () => void this.stmt.saveCheckpoint.run(c.treeSize, c.rootHash, c.issuedAt, c.signature, c.keyId),
    );
  }

  latestCheckpoint(): Promise<Checkpoint | null> {
    const row = this.stmt.latestCheckpoint.get();
    return Promise.resolve(
      row
        ? {
            treeSize: row.tree_size,
            rootHash: row.root_hash,
            issuedAt: row.issued_at,
            signature: row.signature,
            keyId: row.key_id,
          }
        : null,
    );
  }

  close(): Promise<void> {
    return this.lock.run(() => {
      this.reader.close();
      if (this.ownsWriter) this.writer.close();
    });
  }
}
