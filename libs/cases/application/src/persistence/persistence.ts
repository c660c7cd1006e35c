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
import { type Projection } from '../projections/projection';
import { PROJECTION_ENTITIES } from '../projections/projection-checkpoint.entity';
import { type PersistenceConfig } from './persistence.config';

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
  ): Promise<AppendResult>;
  readonly dataSource: DataSource;
  /** Serialises read-model writes with event appends where the database has a single writer. */
  readonly readModelLock: AsyncMutex;
  close(): Promise<void>;
}

const sequencerLogger = new Logger('AuditSequencer');

const entities = [
  ...new Set([
    ...READ_MODEL_ENTITIES,
    ...PROJECTED_ENTITIES,
    CaseSearchToken,
    ...PROJECTION_ENTITIES,
    ...SNAPSHOT_ENTITIES,
  ]),
];

const searchParts = (
  config: PersistenceConfig,
  vault: PersonalDataVault,
): Pick<Persistence, 'vault' | 'searchIndex' | 'projections'> => {
  const searchIndex = new BlindIndex(config.searchIndexKey ?? randomBytes(32));
  return { vault, searchIndex, projections: [...CASE_PROJECTIONS, caseSearchProjection(vault, searchIndex)] };
};

/**
 * An error of the audit queue's part of an append statement (`enqueueAlong`): the entries cannot be
 * made durable, so the command is refused as the audit log being unavailable, not as a failed append.
 */
const isAuditQueueError = (error: unknown): boolean =>
  error instanceof Error &&
  (('table' in error && error.table === 'audit_log_queue') || error.message.includes('audit_log_queue'));

export interface OpenPersistenceOptions {
  /** Run this process's audit sequencer (PostgreSQL); off in a projection worker, which writes no entries. */
  readonly auditSequencer?: boolean;
}

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
    try {
      const inner = await PostgresEventStore.create({ pool, schema: config.schema });
      audit = await PostgresAuditLogStore.create({ pool, schema: config.schema });
      // Entries are queued with the writes they record; this process integrates them into the tree,
      // taking turns on the head lock with every other process that opened the same database.
      if (options.auditSequencer !== false) {
        audit.startSequencer({
          onError: (error) => sequencerLogger.error(error instanceof Error ? error.message : String(error)),
        });
      }
      const log = audit;
      const subjectKeys = await PostgresSubjectKeyStore.create({
        pool,
        schema: config.schema,
        masterKey: config.masterKey,
      });
      const events = new ProtectedEventStore(inner, subjectKeys, casePersonalData);
      const dataSource = await new DataSource({
        type: 'postgres',
        url: config.url,
        schema: config.schema,
        entities,
        synchronize: true,
        poolSize: Math.max(2, Math.ceil(config.poolSize / 2)),
      }).initialize();
      return {
        kind: 'postgres',
        events,
        rawEvents: inner,
        subjectKeys,
        ...searchParts(config, new PersonalDataVault(subjectKeys)),
        audit: log,
        appendAudited: async (streamId, newEvents, expectedVersion, entries) => {
          const sealed = await events.seal(newEvents);
          if (entries.length === 0) return inner.appendToStream(streamId, sealed, expectedVersion);
          // Queued in the append's own statement, without the log's head lock: durable with the
          // events, or neither.
          return inner
            .appendWith(streamId, sealed, expectedVersion, log.enqueueAlong(entries))
            .catch((error: unknown) => {
              throw isAuditQueueError(error) ? new AuditUnavailableError(error) : error;
            });
        },
        dataSource,
        readModelLock: new AsyncMutex(),
        close: async () => {
          await log.stopSequencer();
          await inner.close();
          await dataSource.destroy();
          await pool.end();
        },
      };
    } catch (error) {
      await audit?.stopSequencer();
      await pool.end();
      throw error;
    }
  }
  const inner = new SqliteEventStore({ file: config.file });
  const subjectKeys = new SqliteSubjectKeyStore(inner.database, inner.writeLock, config.masterKey);
  const audit = new SqliteAuditLogStore({ file: config.file, writer: inner.database });
  const events = new ProtectedEventStore(inner, subjectKeys, casePersonalData);
  const dataSource = await new DataSource({
    type: 'better-sqlite3',
    database: config.file,
    entities,
    synchronize: true,
    prepareDatabase: (db: { pragma(sql: string): unknown }) => {
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
    },
  }).initialize();
  return {
    kind: 'sqlite',
    events,
    rawEvents: inner,
    subjectKeys,
    ...searchParts(config, new PersonalDataVault(subjectKeys)),
    audit,
    appendAudited: async (streamId, newEvents, expectedVersion, entries) =>
      inner.appendToStream(streamId, await events.seal(newEvents), expectedVersion, () => {
        try {
          audit.appendInTransaction(entries);
        } catch (error) {
          throw new AuditUnavailableError(error);
        }
      }),
    dataSource,
    readModelLock: inner.writeLock,
    close: async () => {
      await dataSource.destroy();
      await audit.close();
      await inner.close();
    },
  };
};
