import { casePersonalData } from '@fallverbund/cases-domain';
import {
  type AppendResult,
  AsyncMutex,
  type NewEvent,
  type EventStore,
  PersonalDataVault,
  PostgresEventStore,
  PostgresSubjectKeyStore,
  ProtectedEventStore,
  SqliteEventStore,
  SqliteSubjectKeyStore,
  type SubjectKeyStore,
} from '@fallverbund/event-store';
import {
  type AuditEntry,
  type AuditLogStore,
  PostgresAuditLogStore,
  SqliteAuditLogStore,
} from '@fallverbund/audit-log';
import { BlindIndex, CaseSearchToken } from '@fallverbund/cases-search';
import { randomBytes } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { AuditUnavailableError } from '../audit/audit-trail';
import { DataSource } from 'typeorm';
import { READ_MODEL_ENTITIES } from '../cases/case-read-model.entities';
import { SNAPSHOT_ENTITIES } from '../cases/case-snapshots';
import { CASE_PROJECTIONS, PROJECTED_ENTITIES } from '../projections/case-projections';
import { caseSearchProjection } from '../projections/case-search.projection';
import { RetentionScheduleRow } from '../projections/retention-schedule.entity';
import { retentionScheduleProjection } from '../projections/retention-schedule.projection';
import { type Projection } from '../projections/projection';
import { PROJECTION_ENTITIES } from '../projections/projection-checkpoint.entity';
import { type PersistenceConfig } from './persistence.config';
import { migrationOptions, pendingMigrations, runMigrations } from './migrations/migrations';

/** Everything that holds the platform's state, opened together and closed together. */
export interface Persistence {
  readonly kind: PersistenceConfig['kind'];
  /** Seals personal fields on append and opens them on read. */
  readonly events: EventStore;
  /** The log as stored, personal fields sealed: for projections and for loading state to decide on. */
  readonly rawEvents: EventStore;
  readonly subjectKeys: SubjectKeyStore;
  readonly vault: PersonalDataVault;
  /** The name search's keyed blind index (its key: `searchIndexKey` of the config). */
  readonly searchIndex: BlindIndex;
  /**
   * Every projection of this database: CASE_PROJECTIONS and the search index, which needs the vault
   * and the index key. The app runs them, the rebuild tool rebuilds them, erasure purges them.
   */
  readonly projections: readonly Projection[];
  /** Who accessed what, why and on which basis: tamper-evident, append-only. */
  readonly audit: AuditLogStore;
  /** Appends events (sealed) and the audit entries of the write in one transaction. */
  appendAudited(
    streamId: string,
    events: readonly NewEvent[],
    expectedVersion: number,
    entries: readonly AuditEntry[],
  ): Promise<AuditedAppend>;
  readonly dataSource: DataSource;
  /** Serialises read-model writes with event appends where the database has a single writer. */
  readonly readModelLock: AsyncMutex;
  close(): Promise<void>;
}

/** An append's result, and its events as they were stored: personal fields sealed, as `rawEvents` reads them. */
export interface AuditedAppend extends AppendResult {
  readonly sealed: readonly NewEvent[];
}

const sequencerLogger = new Logger('AuditSequencer');
/** Pause of the audit sequencer between polls that found less than a full batch (see openPersistence). */
const AUDIT_SEQUENCER_IDLE_MS = 250;

/** Every TypeORM entity of the platform database (the read models, snapshots, search index, checkpoints). */
export const PERSISTED_ENTITIES = [
  ...new Set([
    ...READ_MODEL_ENTITIES,
    ...PROJECTED_ENTITIES,
    CaseSearchToken,
    ...PROJECTION_ENTITIES,
    ...SNAPSHOT_ENTITIES,
    RetentionScheduleRow,
  ]),
];

const searchParts = (
  config: PersistenceConfig,
  vault: PersonalDataVault,
): Pick<Persistence, 'vault' | 'searchIndex' | 'projections'> => {
  const searchIndex = new BlindIndex(config.searchIndexKey ?? randomBytes(32));
  return {
    vault,
    searchIndex,
    projections: [...CASE_PROJECTIONS, caseSearchProjection(vault, searchIndex), retentionScheduleProjection(vault)],
  };
};

/**
 * An error of the audit queue's part of an append statement (`enqueueAlong`): the entries cannot be
 * made durable, so the command is refused as the audit log being unavailable, not as a failed append.
 */
const isAuditQueueError = (error: unknown): boolean =>
  error instanceof Error &&
  (('table' in error && error.table === 'audit_log_queue') || error.message.includes('audit_log_queue'));

export interface OpenPersistenceOptions {
  /**
   * Run an audit sequencer on these connections (PostgreSQL; default true). The API runs it in its
   * projection worker, off the thread that answers requests, and opens the main thread's persistence
   * without one; tools that only migrate or rebuild run none.
   */
  readonly auditSequencer?: boolean;
  /** Where the sequencer's failures go (default: the `AuditSequencer` logger). */
  readonly onAuditSequencerError?: (error: unknown) => void;
  /**
   * The schema: `run` the pending migrations (under a lock on PostgreSQL), `check` refuse to open while
   * any is pending, `skip` neither (a projection worker, whose main thread opened the database first).
   * Default: `run`, or `check` when the config says `migrations: 'off'`.
   */
  readonly migrations?: 'run' | 'check' | 'skip';
}

const migrationLogger = new Logger('Migrations');

/** The database lacks migrations and this process was told not to run them (MIGRATIONS=off). */
export class PendingMigrationsError extends Error {
  readonly code = 'PERSISTENCE.MIGRATIONS_PENDING';
  constructor(readonly pending: readonly string[]) {
    super(
      `the database has ${pending.length} pending migration(s) (${pending.join(', ')}) and MIGRATIONS=off: ` +
        'run `npm run migrate` (the migration job) first, or start with MIGRATIONS=on-start',
    );
  }
}

const prepareSchema = async (
  dataSource: DataSource,
  config: PersistenceConfig,
  options: OpenPersistenceOptions,
): Promise<void> => {
  const mode = options.migrations ?? (config.migrations === 'off' ? 'check' : 'run');
  if (mode === 'skip') return;
  if (mode === 'check') {
    const pending = await pendingMigrations(dataSource);
    if (pending.length > 0) throw new PendingMigrationsError(pending);
    return;
  }
  const ran = await runMigrations(dataSource);
  if (ran.length > 0) migrationLogger.log(`ran ${ran.join(', ')}`);
};

export const openPersistence = async (
  config: PersistenceConfig,
  options: OpenPersistenceOptions = {},
): Promise<Persistence> => {
  if (config.kind === 'postgres') {
    const pool = new Pool({ connectionString: config.url, max: config.poolSize });
    // An idle connection that drops (the database restarted, a proxy cut it) is an 'error' on the pool,
    // which would end the process unheard; the pool discards the client and connects anew when asked.
    pool.on('error', (error) => new Logger('Persistence').warn(`idle database connection lost: ${error.message}`));
    let audit: PostgresAuditLogStore | undefined;
    let dataSource: DataSource | undefined;
    try {
      // The tables come from the versioned migrations only; the stores check that they are there.
      dataSource = await new DataSource({
        type: 'postgres',
        url: config.url,
        schema: config.schema,
        entities: PERSISTED_ENTITIES,
        synchronize: false,
        ...migrationOptions('postgres'),
        poolSize: Math.max(2, Math.ceil(config.poolSize / 2)),
      }).initialize();
      await prepareSchema(dataSource, config, options);
      const inner = await PostgresEventStore.create({
        pool,
        schema: config.schema,
        createTables: false,
        appendBatching: config.appendBatches === 0 ? false : { maxInFlight: config.appendBatches ?? 2 },
      });
      audit = await PostgresAuditLogStore.create({ pool, schema: config.schema, createTables: false });
      // Entries are queued with the writes they record; this process integrates them into the tree,
      // taking turns on the head lock with every other process that opened the same database. An
      // entry is durable once queued and a reader of the log integrates what it needs itself (`sync`),
      // so the sequencer can wait for larger batches: polled every 250 ms rather than 25, it cost the
      // reads and commands around it less (docs/decisions.md "Case lookups in batches, the audit
      // sequencer at a slower pace").
      if (options.auditSequencer !== false) {
        audit.startSequencer({
          idleMs: AUDIT_SEQUENCER_IDLE_MS,
          onError:
            options.onAuditSequencerError ??
            ((error) => sequencerLogger.error(error instanceof Error ? error.message : String(error))),
        });
      }
      const log = audit;
      const subjectKeys = await PostgresSubjectKeyStore.create({
        pool,
        schema: config.schema,
        masterKey: config.masterKey,
        createTables: false,
      });
      const events = new ProtectedEventStore(inner, subjectKeys, casePersonalData);
      const readModels = dataSource;
      return {
        kind: 'postgres',
        events,
        rawEvents: inner,
        subjectKeys,
        ...searchParts(config, new PersonalDataVault(subjectKeys)),
        audit: log,
        appendAudited: async (streamId, newEvents, expectedVersion, entries) => {
          const sealed = await events.seal(newEvents);
          if (entries.length === 0)
            return { ...(await inner.appendToStream(streamId, sealed, expectedVersion)), sealed };
          // Queued in the append's own statement, without the log's head lock: durable with the
          // events, or neither.
          const result = await inner
            .appendWith(streamId, sealed, expectedVersion, log.enqueueAlong(entries))
            .catch((error: unknown) => {
              throw isAuditQueueError(error) ? new AuditUnavailableError(error) : error;
            });
          return { ...result, sealed };
        },
        dataSource: readModels,
        readModelLock: new AsyncMutex(),
        close: async () => {
          await log.stopSequencer();
          await inner.close();
          await readModels.destroy();
          await pool.end();
        },
      };
    } catch (error) {
      await audit?.stopSequencer();
      if (dataSource?.isInitialized) await dataSource.destroy();
      await pool.end();
      throw error;
    }
  }
  const dataSource = await new DataSource({
    type: 'better-sqlite3',
    database: config.file,
    entities: PERSISTED_ENTITIES,
    synchronize: false,
    ...migrationOptions('sqlite'),
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      // As openSqlite sets it: this connection may be the first to open a new file.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
    },
  }).initialize();
  let inner: SqliteEventStore;
  let subjectKeys: SqliteSubjectKeyStore;
  let audit: SqliteAuditLogStore;
  try {
    await prepareSchema(dataSource, config, options);
    inner = new SqliteEventStore({ file: config.file, createTables: false });
    subjectKeys = new SqliteSubjectKeyStore(inner.database, inner.writeLock, config.masterKey, { createTables: false });
    audit = new SqliteAuditLogStore({ file: config.file, writer: inner.database, createTables: false });
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  const events = new ProtectedEventStore(inner, subjectKeys, casePersonalData);
  return {
    kind: 'sqlite',
    events,
    rawEvents: inner,
    subjectKeys,
    ...searchParts(config, new PersonalDataVault(subjectKeys)),
    audit,
    appendAudited: async (streamId, newEvents, expectedVersion, entries) => {
      const sealed = await events.seal(newEvents);
      const result = await inner.appendToStream(streamId, sealed, expectedVersion, () => {
        try {
          audit.appendInTransaction(entries);
        } catch (error) {
          throw new AuditUnavailableError(error);
        }
      });
      return { ...result, sealed };
    },
    dataSource,
    readModelLock: inner.writeLock,
    close: async () => {
      await dataSource.destroy();
      await audit.close();
      await inner.close();
    },
  };
};
