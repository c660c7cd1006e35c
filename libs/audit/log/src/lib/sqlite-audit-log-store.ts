import type Database from 'better-sqlite3';
import { assertSqliteTablesExist, type AsyncMutex, openSqlite, sqliteWriteLock } from '@fallverbund/event-store';
import { type Hash, MerkleTreeBuilder, toHex } from '@fallverbund/audit-merkle';
import { type AuditEntry, randomSalt, sha256 } from './audit-entry';
import {
  type AuditLogHead,
  type AuditLogStore,
  type AuditRecord,
  type AuditSearch,
  type AuditSearchPage,
  type Checkpoint,
  normalizeSearch,
  packFrontier,
  planAppend,
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
  /**
   * Create the tables when missing (default: tests and tools on a scratch database). The platform
   * passes false: its versioned migrations made them, and a missing table is refused.
   */
  readonly createTables?: boolean;
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
  CREATE TABLE IF NOT EXISTS audit_log_nodes (
    level INTEGER NOT NULL CHECK (level > 0),
    idx INTEGER NOT NULL CHECK (idx >= 0),
    hash BLOB NOT NULL,
    PRIMARY KEY (level, idx)
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS audit_checkpoints (
    tree_size INTEGER NOT NULL,
    root_hash TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    signature TEXT NOT NULL,
    key_id TEXT NOT NULL,
    PRIMARY KEY (tree_size, key_id)
  );
  CREATE INDEX IF NOT EXISTS audit_log_by_case ON audit_log (json_extract(entry, '$.caseRef'), idx);
  CREATE INDEX IF NOT EXISTS audit_log_by_user ON audit_log (json_extract(entry, '$.actor.userId'), idx);
  CREATE INDEX IF NOT EXISTS audit_log_by_agency ON audit_log (json_extract(entry, '$.actor.agencyId'), idx);
  CREATE INDEX IF NOT EXISTS audit_log_by_time ON audit_log (json_extract(entry, '$.occurredAt'), idx);`;

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
  /** Search statements by their SQL, which depends only on which fields a filter has. */
  readonly #searches = new Map<string, Database.Statement<unknown[], RecordRow>>();

  constructor(options: SqliteAuditLogStoreOptions) {
    if (options.file === ':memory:') throw new Error('the embedded audit log needs a file');
    this.hash = options.hash ?? sha256;
    this.salt = options.salt ?? randomSalt;
    this.ownsWriter = !options.writer;
    this.writer = options.writer ?? openSqlite(options.file);
    if (options.createTables === false) {
      assertSqliteTablesExist(this.writer, ['audit_log', 'audit_log_head', 'audit_log_nodes', 'audit_checkpoints']);
    } else {
      this.writer.exec(SQLITE_AUDIT_LOG_SCHEMA);
    }
    this.reader = openSqlite(options.file, { readonly: true });
    this.lock = sqliteWriteLock(options.file);
    this.stmt = {
      headForWrite: this.writer.prepare<[], { size: number; frontier: Buffer }>(
        'SELECT size, frontier FROM audit_log_head WHERE id = 1',
      ),
      insert: this.writer.prepare<[number, string, Buffer, Buffer, Buffer]>(
        'INSERT INTO audit_log (idx, entry, salt, digest, leaf_hash) VALUES (?, ?, ?, ?, ?)',
      ),
      insertNode: this.writer.prepare<[number, number, Buffer]>(
        'INSERT INTO audit_log_nodes (level, idx, hash) VALUES (?, ?, ?)',
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
      nodes: this.reader.prepare<[number, number, number], { idx: number; hash: Buffer }>(
        'SELECT idx, hash FROM audit_log_nodes WHERE level = ? AND idx >= ? AND idx < ?',
      ),
      latestCheckpoint: this.reader.prepare<[], CheckpointRow>(
        'SELECT * FROM audit_checkpoints ORDER BY tree_size DESC, issued_at DESC LIMIT 1',
      ),
    };
    this.proofs = new StoredTreeProofs(
      this.hash,
      {
        leaves: (start, end) =>
          Promise.resolve(this.stmt.leaves.all(start, end).map((row) => new Uint8Array(row.leaf_hash))),
        nodes: (level, fromIndex, toIndex) =>
          Promise.resolve(
            this.stmt.nodes
              .all(level, fromIndex, toIndex)
              .map((row) => ({ index: row.idx, hash: new Uint8Array(row.hash) })),
          ),
      },
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

  /** One writer holds the file anyway: entries are integrated as they are queued. */
  async enqueue(entries: readonly AuditEntry[]): Promise<void> {
    await this.append(entries);
  }

  /** Nothing is ever left queued. */
  integrate(): Promise<number> {
    return Promise.resolve(0);
  }

  sync(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Appends inside the writer's open transaction; the caller holds `writeLock` and commits. Runs
   * synchronously, so nothing else can interleave.
   */
  appendInTransaction(entries: readonly AuditEntry[]): number[] {
    if (!this.writer.inTransaction) throw new Error('appendInTransaction needs an open transaction');
    const head = this.stmt.headForWrite.get();
    if (!head) throw new Error('audit_log_head is missing');
    const plan = planAppend(
      this.hash,
      { size: head.size, frontier: unpackFrontier(head.frontier) },
      entries,
      this.salt,
    );
    for (const p of plan.rows) {
      this.stmt.insert.run(
        p.index,
        JSON.stringify(p.entry),
        Buffer.from(p.salt),
        Buffer.from(p.digest),
        Buffer.from(p.leaf),
      );
    }
    for (const node of plan.nodes) this.stmt.insertNode.run(node.level, node.index, Buffer.from(node.hash));
    this.stmt.updateHead.run(plan.head.size, packFrontier(plan.head.frontier));
    return plan.rows.map((p) => p.index);
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

  /**
   * Only the filter's fields become conditions, each value a parameter. The expressions are those
   * of the indexes (json_extract(entry, path), idx), which SQLite uses only for the same text.
   */
  search(filter: AuditSearch, page: AuditSearchPage): Promise<AuditRecord[]> {
    // A bad page or instant throws inside the executor, and so rejects.
    return new Promise((resolve) => resolve(this.#search(filter, page)));
  }

  #search(filter: AuditSearch, page: AuditSearchPage): AuditRecord[] {
    const search = normalizeSearch(filter, page);
    if (search.limit === 0) return [];
    const f = search.filter;
    const where = ['entry IS NOT NULL'];
    const values: unknown[] = [];
    const equal = (path: string, value: unknown) => {
      if (value === undefined) return;
      where.push(`json_extract(entry, '${path}') = ?`);
      values.push(value);
    };
    equal('$.caseRef', f.caseRef);
    equal('$.actor.userId', f.userId);
    equal('$.actor.agencyId', f.agencyId);
    equal('$.purpose', f.purpose);
    if (f.legalBasis !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM json_each(entry, '$.legalBasis') AS b WHERE substr(b.value, 1, length(?)) = ?)`,
      );
      values.push(f.legalBasis, f.legalBasis);
    }
    equal('$.decision', f.decision);
    // json_extract gives JSON true and false as 1 and 0.
    equal('$.breakGlass', f.breakGlass === undefined ? undefined : Number(f.breakGlass));
    equal('$.action', f.action);
    if (f.from !== undefined) {
      where.push(`json_extract(entry, '$.occurredAt') >= ?`);
      values.push(f.from);
    }
    if (f.to !== undefined) {
      where.push(`json_extract(entry, '$.occurredAt') < ?`);
      values.push(f.to);
    }
    const desc = search.order === 'desc';
    if (search.after !== undefined) {
      where.push(`idx ${desc ? '<' : '>'} ?`);
      values.push(search.after);
    }
    const sql = `SELECT idx, entry, salt, digest, leaf_hash FROM audit_log WHERE ${where.join(' AND ')}
                 ORDER BY idx ${desc ? 'DESC' : 'ASC'} LIMIT ?`;
    let statement = this.#searches.get(sql);
    if (!statement) {
      statement = this.reader.prepare<unknown[], RecordRow>(sql);
      this.#searches.set(sql, statement);
    }
    return statement.all(...values, search.limit).map(toRecord);
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
