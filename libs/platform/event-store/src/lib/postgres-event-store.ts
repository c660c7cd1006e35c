import { type Pool, type PoolClient, type QueryResultRow } from 'pg';
import { WrongExpectedVersionError } from './errors';
import {
  type AppendResult,
  type CheckpointStore,
  type EventStore,
  type ExpectedVersion,
  type GlobalPosition,
  type NewEvent,
  type ReadAllOptions,
  type RecordedEvent,
  START,
  type Upcaster,
} from './event-store';
import { AppendSignal } from './append-signal';
import { BatchesInFlight } from './batches-in-flight';
import { noteAppendedPosition } from './appended-positions';
import { PostgresAppendChannel } from './postgres-append-channel';
import { assertTablesExist, migrateOnce, quoteIdent, statementName } from './postgres-ddl';

interface AppendedRow {
  readonly event_id?: string;
  readonly version: number;
  readonly global_position: string;
  readonly transaction_id: string;
}

/**
 * Rows written in the same statement as an append (see `appendWith`): `sql(firstParam, guard)`
 * returns an INSERT … SELECT whose parameters start at `$firstParam` and whose SELECT has
 * `WHERE guard`; `name` names the prepared statement together with the append's.
 */
export interface CompanionInsert {
  readonly name: string;
  sql(firstParam: number, guard: string): string;
  readonly values: readonly unknown[];
  /**
   * The same rows for an append that goes in a batch with others (`appendBatching`): `sql(source)`
   * is an INSERT … SELECT over `source`, a FROM item named `written` that holds the batch's appends
   * that were written, with the columns `companion` (this append's `value`, as jsonb) and `ord` (the
   * append's place in the batch). Without it, the append goes alone.
   */
  readonly batched?: { readonly name: string; sql(source: string): string; readonly value: string };
}

/** One single-event append with its companion rows, waiting for a batch. */
interface BatchedAppend {
  readonly kind: string;
  readonly streamId: string;
  readonly event: NewEvent;
  readonly expectedVersion: number;
  readonly companion: CompanionInsert & { readonly batched: NonNullable<CompanionInsert['batched']> };
}

export interface PostgresEventStoreOptions {
  readonly pool: Pool;
  /** Schema that holds the tables; created when missing. */
  readonly schema?: string;
  readonly upcast?: Upcaster;
  /**
   * Fault injection for tests: when set, each append runs in an explicit transaction that waits for
   * this before COMMIT, so commits land out of the order their positions were taken in.
   */
  readonly beforeCommit?: () => Promise<void>;
  /**
   * Whether appends are announced to, and heard from, other processes on the database with
   * LISTEN/NOTIFY (default true). Without it, other processes find appends by polling.
   */
  readonly notify?: boolean;
  /**
   * Create the tables when missing (default: tests and tools on a scratch schema). The platform
   * passes false: its versioned migrations made them, and a missing table is refused.
   */
  readonly createTables?: boolean;
  /**
   * Group commit for `appendWith` (default: 2 batches in flight): single-event appends whose
   * companion can be batched, coming while this many statements of them are under way, wait and go
   * together in one statement — one round trip, one transaction and one WAL flush for all of them.
   * `false` sends each append alone.
   */
  readonly appendBatching?: { readonly maxInFlight: number } | false;
}

interface EventRow extends QueryResultRow {
  stream_id: string;
  version: number;
  position_text: string;
  commit_text: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: object;
  metadata: RecordedEvent['metadata'];
}

const UNIQUE_VIOLATION = '23505';

export const postgresEventStoreSchema = (schema: string): string => {
  const s = quoteIdent(schema);
  return `
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.events (
      global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      stream_id text NOT NULL,
      version integer NOT NULL CHECK (version > 0),
      event_id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      schema_version integer NOT NULL,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT events_stream_version UNIQUE (stream_id, version)
    );
    CREATE INDEX IF NOT EXISTS events_commit_order ON ${s}.events (transaction_id, global_position);
    CREATE TABLE IF NOT EXISTS ${s}.subscription_checkpoints (
      subscription_id text PRIMARY KEY,
      commit_position xid8 NOT NULL,
      prepare_position bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );`;
};

/**
 * The production event store. An append is one INSERT … SELECT that checks the expected version and
 * takes the next versions in the same statement (one round trip, prepared); `UNIQUE (stream_id,
 * version)` turns a lost race into a WrongExpectedVersionError. The global log is ordered by
 * (transaction id, position) and only shows transactions older than every one still running, so a
 * transaction that commits late can never land behind a reader's checkpoint.
 */
export class PostgresEventStore implements EventStore {
  readonly checkpoints: CheckpointStore;
  private readonly signal = new AppendSignal();
  private readonly channel: PostgresAppendChannel | undefined;
  private readonly table: string;
  private readonly sql: ReturnType<typeof statements>;
  private readonly batches: BatchesInFlight<BatchedAppend, AppendResult> | undefined;

  private constructor(private readonly options: PostgresEventStoreOptions & { schema: string }) {
    this.table = `${quoteIdent(options.schema)}.events`;
    this.sql = statements(quoteIdent(options.schema));
    const batching = options.appendBatching ?? { maxInFlight: 2 };
    this.batches =
      batching === false || options.beforeCommit
        ? undefined
        : new BatchesInFlight((batch) => this.appendBatch(batch), batching.maxInFlight);
    this.channel =
      options.notify === false
        ? undefined
        : new PostgresAppendChannel(options.pool, options.schema, () => this.signal.notify());
    this.checkpoints = {
      load: async (id) => {
        const { rows } = await options.pool.query<{ c: string; p: string }>(this.sql.loadCheckpoint(id));
        const row = rows[0];
        return row ? { commit: BigInt(row.c), prepare: BigInt(row.p) } : null;
      },
      save: async (id, position) => {
        await options.pool.query(this.sql.saveCheckpoint(id, position));
      },
    };
  }

  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = options.schema ?? 'public';
    if (options.createTables === false) {
      await assertTablesExist(options.pool, schema, ['events', 'subscription_checkpoints']);
    } else {
      await migrateOnce(options.pool, `fallverbund-migrate:events:${schema}`, postgresEventStoreSchema(schema));
    }
    return new PostgresEventStore({ ...options, schema });
  }

  async appendToStream(
    streamId: string,
    events: readonly NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('an append needs at least one event');
    const query = this.sql.append(streamId, events, expectedVersion);
    let rows: AppendedRow[];
    try {
      if (this.options.beforeCommit) {
        rows = await this.inTransaction(async (client) => {
          const result = await client.query<(typeof rows)[number]>(query);
          await this.options.beforeCommit?.();
          return result.rows;
        });
      } else {
        rows = (await this.options.pool.query<(typeof rows)[number]>(query)).rows;
      }
    } catch (error) {
      if (isStreamVersionConflict(error)) {
        if (expectedVersion === 'any') return this.appendToStream(streamId, events, 'any');
        throw await this.conflict(streamId, expectedVersion);
      }
      throw error;
    }
    return this.committed(rows, streamId, expectedVersion);
  }

  /**
   * The error for an append that met `events_stream_version`: a writer that raced it, or (a single
   * event, whose statement does not read the stream first) a stale expected version. It names the
   * stream's version as it is now, as an append that found a stale version by reading does.
   */
  private async conflict(streamId: string, expectedVersion: number): Promise<WrongExpectedVersionError> {
    const actual = await this.streamVersion(streamId).catch(() => null);
    return new WrongExpectedVersionError(streamId, expectedVersion, actual);
  }

  /**
   * Appends and writes the `companion` rows in one statement: atomic without an explicit
   * transaction, and one round trip instead of four (BEGIN, append, companion, COMMIT). The companion
   * is an INSERT … SELECT that runs only if the append wrote its events (expected version met). A
   * lost race or a failed companion leaves nothing written; errors other than a version conflict
   * are thrown as they come, for the caller to name.
   */
  async appendWith(
    streamId: string,
    events: readonly NewEvent[],
    expectedVersion: number,
    companion: CompanionInsert,
  ): Promise<AppendResult> {
    if (events.length === 0) throw new Error('an append needs at least one event');
    const [event] = events;
    const batched = companion.batched;
    if (this.batches && event && events.length === 1 && batched) {
      return this.batches.add({
        kind: batched.name,
        streamId,
        event,
        expectedVersion,
        companion: { ...companion, batched },
      });
    }
    return this.appendAlone(streamId, events, expectedVersion, companion);
  }

  private async appendAlone(
    streamId: string,
    events: readonly NewEvent[],
    expectedVersion: number,
    companion: CompanionInsert,
  ): Promise<AppendResult> {
    const append = this.sql.append(streamId, events, expectedVersion);
    const guard = 'EXISTS (SELECT 1 FROM appended)';
    const query = {
      name: statementName(`${append.name}+${companion.name}`),
      text: `WITH appended AS (${append.text}), companion AS (${companion.sql(append.values.length + 1, guard)})
             SELECT * FROM appended`,
      values: [...append.values, ...companion.values],
    };
    let rows: AppendedRow[];
    try {
      rows = (await this.options.pool.query<(typeof rows)[number]>(query)).rows;
    } catch (error) {
      if (isStreamVersionConflict(error)) throw await this.conflict(streamId, expectedVersion);
      throw error;
    }
    return this.committed(rows, streamId, expectedVersion);
  }

  /**
   * One statement for the batch's appends and their companion rows: an append whose expected version
   * is not met (or lost its race, `ON CONFLICT … DO NOTHING`) writes nothing and gets its
   * WrongExpectedVersionError while the others are written. A batch of one, or one whose statement
   * failed, goes append by append, so that an error is its own append's.
   */
  private async appendBatch(batch: readonly BatchedAppend[]): Promise<PromiseSettledResult<AppendResult>[]> {
    const alone = () =>
      Promise.allSettled(batch.map((a) => this.appendAlone(a.streamId, [a.event], a.expectedVersion, a.companion)));
    const first = batch[0];
    if (!first || batch.length === 1) return alone();
    let rows: AppendedRow[];
    try {
      rows = (await this.options.pool.query<AppendedRow>(this.sql.appendBatch(batch, first.companion.batched))).rows;
    } catch {
      return alone();
    }
    const written = new Map(rows.map((row) => [row.event_id, row]));
    // uuid::text is lower case; an event id may have come in upper case.
    return Promise.allSettled(
      batch.map(async (a) => {
        const row = written.get(a.event.eventId.toLowerCase());
        if (!row) throw await this.conflict(a.streamId, a.expectedVersion);
        return this.committed([row], a.streamId, a.expectedVersion);
      }),
    );
  }

  /** After an append committed: its result, noted as this process's newest position and announced. */
  private async committed(rows: readonly AppendedRow[], streamId: string, expectedVersion: ExpectedVersion) {
    const last = rows[rows.length - 1];
    if (!last) {
      throw new WrongExpectedVersionError(streamId, expectedVersion, await this.streamVersion(streamId));
    }
    const lastPosition = { commit: BigInt(last.transaction_id), prepare: BigInt(last.global_position) };
    noteAppendedPosition(lastPosition);
    this.announceAppends();
    return { nextExpectedVersion: last.version, lastPosition };
  }

  /** Wakes subscriptions, in this process and (NOTIFY) in others, after appends committed. */
  announceAppends(): void {
    this.signal.notify();
    this.channel?.announce();
  }

  /** Resolves once this store hears other processes' appends; `waitForAppends` starts listening too. */
  async listen(): Promise<void> {
    await this.channel?.listen();
  }

  async readStream(streamId: string, fromVersion = 1): Promise<RecordedEvent[]> {
    const { rows } = await this.options.pool.query<EventRow>(this.sql.readStream(streamId, fromVersion));
    return rows.map((row) => this.toRecorded(row));
  }

  async streamVersion(streamId: string): Promise<number> {
    const { rows } = await this.options.pool.query<{ v: number }>(this.sql.streamVersion(streamId));
    return rows[0]?.v ?? 0;
  }

  async readAll({ after = START, limit }: ReadAllOptions): Promise<RecordedEvent[]> {
    const { rows } = await this.options.pool.query<EventRow>(this.sql.readAll(after, limit));
    return rows.map((row) => this.toRecorded(row));
  }

  waitForAppends(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    void this.channel?.listen();
    return this.signal.wait(timeoutMs, signal);
  }

  async close(): Promise<void> {
    this.signal.notify();
    await this.channel?.close();
  }

  /** Erases everything: for tests that need an empty log. */
  async truncate(): Promise<void> {
    await this.options.pool.query(
      `TRUNCATE ${this.table}, ${quoteIdent(this.options.schema)}.subscription_checkpoints`,
    );
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private toRecorded(row: EventRow): RecordedEvent {
    const event: RecordedEvent = {
      eventId: row.event_id,
      type: row.type,
      schemaVersion: row.schema_version,
      data: row.data,
      metadata: row.metadata,
      streamId: row.stream_id,
      version: row.version,
      position: { commit: BigInt(row.commit_text), prepare: BigInt(row.position_text) },
    };
    return this.options.upcast ? this.options.upcast(event) : event;
  }
}

// Output names differ from the columns: ORDER BY would otherwise sort by the text casts ('10' < '6').
const COLUMNS = `stream_id, version, global_position::text AS position_text, transaction_id::text AS commit_text,
  event_id::text, type, schema_version, data, metadata`;

const RETURNED = 'RETURNING version, global_position::text, transaction_id::text';
const INSERTED = 'stream_id, version, event_id, type, schema_version, data, metadata';

/**
 * One event at a known version (most appends), in a statement without the general one's JSON array,
 * sort and read of the stream's newest version, which cost PostgreSQL measurably more per event
 * (docs/benchmarks.md "append", sixth session).
 * A stream's first event needs no read at all: `UNIQUE (stream_id, version)` refuses a second
 * version 1. A later one checks that version `expected` exists; the key refuses `expected + 1` if it
 * does too. Versions stay gapless: version n + 1 is only written beside an existing n.
 */
const appendOne = (s: string, streamId: string, event: NewEvent, expected: number) => {
  const values = [
    event.eventId,
    event.type,
    event.schemaVersion,
    JSON.stringify(event.data),
    JSON.stringify(event.metadata),
  ];
  return expected === 0
    ? {
        name: statementName(`${s}.append-first`),
        text: `INSERT INTO ${s}.events (${INSERTED}) VALUES ($1, 1, $2, $3, $4, $5, $6) ${RETURNED}`,
        values: [streamId, ...values],
      }
    : {
        name: statementName(`${s}.append-next`),
        text: `
          INSERT INTO ${s}.events (${INSERTED})
          SELECT $1, $2::int + 1, $3::uuid, $4, $5::int, $6::jsonb, $7::jsonb
          WHERE EXISTS (SELECT 1 FROM ${s}.events WHERE stream_id = $1 AND version = $2::int)
          ${RETURNED}`,
        values: [streamId, expected, ...values],
      };
};

/** Any number of events, or any expected version: the versions are taken from the stream's newest. */
const appendMany = (s: string, streamId: string, events: readonly NewEvent[], expected: ExpectedVersion) => ({
  name: statementName(`${s}.append`),
  text: `
    INSERT INTO ${s}.events (${INSERTED})
    SELECT $1, current.version + e.ord, (e.ev->>'eventId')::uuid, e.ev->>'type', (e.ev->>'schemaVersion')::int,
           e.ev->'data', e.ev->'metadata'
    FROM (SELECT coalesce(max(version), 0) AS version FROM ${s}.events WHERE stream_id = $1) AS current,
         jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(ev, ord)
    WHERE $3::int IS NULL OR current.version = $3::int
    ORDER BY e.ord
    ${RETURNED}`,
  values: [streamId, JSON.stringify(events), expected === 'any' ? null : expected],
});

/**
 * Single events at known versions, each with its companion rows, in one statement (`appendBatch`).
 * An event is written when its stream is at its expected version; `ON CONFLICT … DO NOTHING` lets
 * the others be written when one lost a race. The companion rows go with the events written, joined
 * by event id (two appends to one stream in a batch share the stream, not the event).
 */
const appendBatch = (
  s: string,
  batch: readonly BatchedAppend[],
  companion: NonNullable<CompanionInsert['batched']>,
) => ({
  name: statementName(`${s}.append-batch+${companion.name}`),
  text: `
    WITH input AS (
      SELECT * FROM unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::int[], $6::jsonb[], $7::jsonb[], $8::jsonb[])
        WITH ORDINALITY AS i(stream_id, expected, event_id, type, schema_version, data, metadata, companion, ord)
    ),
    appended AS (
      INSERT INTO ${s}.events (${INSERTED})
      SELECT i.stream_id, i.expected + 1, i.event_id, i.type, i.schema_version, i.data, i.metadata
      FROM input i
      WHERE i.expected = 0 OR EXISTS (SELECT 1 FROM ${s}.events e WHERE e.stream_id = i.stream_id AND e.version = i.expected)
      ORDER BY i.ord
      ON CONFLICT ON CONSTRAINT events_stream_version DO NOTHING
      RETURNING event_id::text, version, global_position::text, transaction_id::text
    ),
    companion AS (${companion.sql('(SELECT i.ord, i.companion FROM input i JOIN appended a ON a.event_id = i.event_id::text) AS written')})
    SELECT * FROM appended`,
  values: [
    batch.map((a) => a.streamId),
    batch.map((a) => a.expectedVersion),
    batch.map((a) => a.event.eventId),
    batch.map((a) => a.event.type),
    batch.map((a) => a.event.schemaVersion),
    batch.map((a) => JSON.stringify(a.event.data)),
    batch.map((a) => JSON.stringify(a.event.metadata)),
    batch.map((a) => a.companion.batched.value),
  ],
});

// Named statements are prepared once per connection: the parse and plan cost is paid once.
const statements = (s: string) => ({
  appendBatch: (batch: readonly BatchedAppend[], companion: NonNullable<CompanionInsert['batched']>) =>
    appendBatch(s, batch, companion),
  append: (streamId: string, events: readonly NewEvent[], expected: ExpectedVersion) => {
    const [only] = events;
    return events.length === 1 && only && expected !== 'any'
      ? appendOne(s, streamId, only, expected)
      : appendMany(s, streamId, events, expected);
  },
  readStream: (streamId: string, fromVersion: number) => ({
    name: statementName(`${s}.read-stream`),
    text: `SELECT ${COLUMNS} FROM ${s}.events WHERE stream_id = $1 AND version >= $2 ORDER BY version`,
    values: [streamId, fromVersion],
  }),
  streamVersion: (streamId: string) => ({
    name: statementName(`${s}.stream-version`),
    text: `SELECT coalesce(max(version), 0) AS v FROM ${s}.events WHERE stream_id = $1`,
    values: [streamId],
  }),
  readAll: (after: GlobalPosition, limit: number) => ({
    name: statementName(`${s}.read-all`),
    text: `
      SELECT ${COLUMNS} FROM ${s}.events
      WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)
        AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY transaction_id, global_position
      LIMIT $3`,
    values: [after.commit.toString(), after.prepare.toString(), limit],
  }),
  loadCheckpoint: (id: string) => ({
    name: statementName(`${s}.load-checkpoint`),
    text: `SELECT commit_position::text AS c, prepare_position::text AS p FROM ${s}.subscription_checkpoints WHERE subscription_id = $1`,
    values: [id],
  }),
  saveCheckpoint: (id: string, position: GlobalPosition) => ({
    name: statementName(`${s}.save-checkpoint`),
    text: `
      INSERT INTO ${s}.subscription_checkpoints (subscription_id, commit_position, prepare_position)
      VALUES ($1, $2::text::xid8, $3)
      ON CONFLICT (subscription_id) DO UPDATE
        SET commit_position = excluded.commit_position, prepare_position = excluded.prepare_position, updated_at = now()`,
    values: [id, position.commit.toString(), position.prepare.toString()],
  }),
});

const isStreamVersionConflict = (error: unknown): boolean =>
  typeof error === 'object' &&
  error !== null &&
  (error as { code?: unknown }).code === UNIQUE_VIOLATION &&
  (error as { constraint?: unknown }).constraint === 'events_stream_version';
