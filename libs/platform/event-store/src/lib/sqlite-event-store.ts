import Database from 'better-sqlite3';
import { AppendSignal } from './append-signal';
import { noteAppendedPosition } from './appended-positions';
import { sqliteWriteLock, type AsyncMutex } from './async-mutex';
import { WrongExpectedVersionError } from './errors';
import { MissingTablesError } from './postgres-ddl';
import {
  type AppendResult,
  type CheckpointStore,
  type EventStore,
  type ExpectedVersion,
  type NewEvent,
  type ReadAllOptions,
  type RecordedEvent,
  START,
  type Upcaster,
} from './event-store';

export interface SqliteEventStoreOptions {
  /** The database file; ':memory:' is refused because reader and writer need to share it. */
  readonly file: string;
  readonly upcast?: Upcaster;
  /** Fault injection for tests: awaited inside the write transaction, before COMMIT. */
  readonly beforeCommit?: () => Promise<void>;
  /**
   * Create the tables when missing (default: tests and tools on a scratch schema). The platform
   * passes false: its versioned migrations made them, and a missing table is refused.
   */
  readonly createTables?: boolean;
}

interface EventRow {
  global_position: number;
  stream_id: string;
  version: number;
  event_id: string;
  type: string;
  schema_version: number;
  data: string;
  metadata: string;
}

export const SQLITE_EVENT_STORE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    global_position INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version > 0),
    event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    schema_version INTEGER NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    recorded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    UNIQUE (stream_id, version)
  );
  CREATE TABLE IF NOT EXISTS subscription_checkpoints (
    subscription_id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
  );`;

/** Refuses a database file that lacks any of `tables` (see `createTables`). */
export const assertSqliteTablesExist = (db: Database.Database, tables: readonly string[]): void => {
  const present = new Set(
    db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
      .map((row) => row.name),
  );
  const missing = tables.filter((table) => !present.has(table));
  if (missing.length > 0) throw new MissingTablesError(db.name, missing);
};

/**
 * Opens an embedded database file the way every part of the platform must: WAL so readers never block
 * the writer, FULL sync so an acknowledged commit survives a killed process, and secure_delete so
 * erased personal data is overwritten in the file rather than left in free pages.
 */
export const openSqlite = (file: string, options: { readonly?: boolean } = {}): Database.Database => {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  db.pragma('busy_timeout = 5000');
  if (!options.readonly) db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  return db;
};

/**
 * The embedded event store (no server). Commits are serialised by SQLite's single writer, so the
 * row sequence is the commit order; reads go through a second connection that only ever sees
 * committed data.
 */
export class SqliteEventStore implements EventStore {
  readonly checkpoints: CheckpointStore;
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  private readonly lock: AsyncMutex;
  private readonly signal = new AppendSignal();
  private readonly stmt;

  constructor(private readonly options: SqliteEventStoreOptions) {
    if (options.file === ':memory:') throw new Error('the embedded event store needs a file');
    this.writer = openSqlite(options.file);
    if (options.createTables === false) assertSqliteTablesExist(this.writer, ['events', 'subscription_checkpoints']);
    else this.writer.exec(SQLITE_EVENT_STORE_SCHEMA);
    this.reader = openSqlite(options.file, { readonly: true });
    this.lock = sqliteWriteLock(options.file);
    this.stmt = {
      version: this.writer.prepare<[string], { v: number }>(
        'SELECT coalesce(max(version), 0) AS v FROM events WHERE stream_id = ?',
      ),
      insert: this.writer.prepare(
        'INSERT INTO events (stream_id, version, event_id, type, schema_version, data, metadata) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      readStream: this.reader.prepare<[string, number], EventRow>(
        'SELECT * FROM events WHERE stream_id = ? AND version >= ? ORDER BY version',
      ),
      streamVersion: this.reader.prepare<[string], { v: number }>(
        'SELECT coalesce(max(version), 0) AS v FROM events WHERE stream_id = ?',
      ),
      readAll: this.reader.prepare<[number, number], EventRow>(
        'SELECT * FROM events WHERE global_position > ? ORDER BY global_position LIMIT ?',
      ),
      loadCheckpoint: this.reader.prepare<[string], { position: number }>(
        'SELECT position FROM subscription_checkpoints WHERE subscription_id = ?',
      ),
      saveCheckpoint: this.writer.prepare(
        `INSERT INTO subscription_checkpoints (subscription_id, position) VALUES (?, ?)
         ON CONFLICT (subscription_id) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      ),
    };
    this.checkpoints = {
      load: (id) => {
        const row = this.stmt.loadCheckpoint.get(id);
        return Promise.resolve(row ? { commit: BigInt(row.position), prepare: BigInt(row.position) } : null);
      },
      save: (id, position) => this.lock.run(() => void this.stmt.saveCheckpoint.run(id, Number(position.commit))),
    };
  }

  /** The file's write lock, for other writers of the same file (read-model projections). */
  get writeLock(): AsyncMutex {
    return this.lock;
  }

  /**
   * `alsoInTransaction` runs inside the append's transaction, on the writer connection (e.g. the
   * audit entries of the command): both commit or neither does.
   */
  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expectedVersion: ExpectedVersion,
    alsoInTransaction?: () => void,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('an append needs at least one event');
    // Noted here, in the caller's async context: the lock may run the append in another one.
    const result = await this.lock.run(async () => {
      this.writer.exec('BEGIN IMMEDIATE');
      try {
        const current = this.stmt.version.get(streamId)?.v ?? 0;
        if (expectedVersion !== 'any' && current !== expectedVersion) {
          throw new WrongExpectedVersionError(streamId, expectedVersion, current);
        }
        let lastPosition = 0;
        events.forEach((event, index) => {
          const info = this.stmt.insert.run(
            streamId,
            current + index + 1,
            event.eventId,
            event.type,
            event.schemaVersion,
            JSON.stringify(event.data),
            JSON.stringify(event.metadata),
          );
          lastPosition = Number(info.lastInsertRowid);
        });
        alsoInTransaction?.();
        await this.options.beforeCommit?.();
        this.writer.exec('COMMIT');
        this.signal.notify();
        return {
          nextExpectedVersion: current + events.length,
          lastPosition: { commit: BigInt(lastPosition), prepare: BigInt(lastPosition) },
        };
      } catch (error) {
        if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
        throw error;
      }
    });
    noteAppendedPosition(result.lastPosition);
    return result;
  }

  readStream(streamId: string, fromVersion = 1): Promise<RecordedEvent[]> {
    return Promise.resolve(this.stmt.readStream.all(streamId, fromVersion).map((row) => this.toRecorded(row)));
  }

  streamVersion(streamId: string): Promise<number> {
    return Promise.resolve(this.stmt.streamVersion.get(streamId)?.v ?? 0);
  }

  readAll({ after = START, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    return Promise.resolve(this.stmt.readAll.all(Number(after.commit), limit).map((row) => this.toRecorded(row)));
  }

  waitForAppends(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    return this.signal.wait(timeoutMs, signal);
  }

  close(): Promise<void> {
    return this.lock.run(() => {
      this.signal.notify();
      this.reader.close();
      this.writer.close();
    });
  }

  /** The writer connection, for tables that must change in the same SQLite transaction. */
  get database(): Database.Database {
    return this.writer;
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const event: RecordedEvent = {
      eventId: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data: JSON.parse(row.data) as object,
      metadata: JSON.parse(row.metadata) as RecordedEvent['metadata'],
      streamId: row.stream_id,
      version: row.version,
      position: { commit: BigInt(row.global_position), prepare: BigInt(row.global_position) },
    };
    return this.options.upcast ? this.options.upcast(event) : event;
  }
}
