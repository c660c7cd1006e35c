import { type Pool, type PoolClient } from 'pg';
import { assertTablesExist, migrateOnce, quoteIdent, statementName } from '@fallverbund/event-store';
import { type Hash, MerkleTreeBuilder, toHex } from '@fallverbund/audit-merkle';
import { type AuditEntry, randomSalt, sha256 } from './audit-entry';
import { AuditSequencer, type AuditSequencerOptions } from './audit-sequencer';
import {
  type AppendPlan,
  type AuditLogHead,
  type AuditLogStore,
  type AuditRecord,
  type AuditSearch,
  type AuditSearchPage,
  type Checkpoint,
  normalizeSearch,
  packFrontier,
  planAppend,
  type StoredHead,
  StoredTreeProofs,
  unpackFrontier,
} from './audit-log-store';

export interface PostgresAuditLogStoreOptions {
  readonly pool: Pool;
  /** Schema that holds the tables; created when missing. */
  readonly schema?: string;
  readonly hash?: Hash;
  readonly salt?: () => Uint8Array;
  /**
   * Whether `read`, `search` and `size` first wait until every entry enqueued before them is
   * integrated (default true), so that whoever just recorded an access finds it.
   */
  readonly readYourWrites?: boolean;
  /**
   * Create the tables when missing (default: tests and tools on a scratch database). The platform
   * passes false: its versioned migrations made them, and a missing table is refused.
   */
  readonly createTables?: boolean;
  /**
   * How long a committed entry may wait for older transactions to end before it is integrated
   * anyway, out of commit order (default 1000 ms); see the class comment.
   */
  readonly maxCommitOrderWaitMs?: number;
}

interface RecordRow {
  idx_text: string;
  entry: AuditEntry | null;
  salt: Buffer | null;
  digest: Buffer;
  leaf_hash: Buffer;
}

interface HeadRow {
  size: string;
  frontier: Buffer;
}

interface CheckpointRow {
  tree_size_text: string;
  root_hash: string;
  issued_at: string;
  signature: string;
  key_id: string;
}

export const postgresAuditLogSchema = (schema: string): string => {
  const s = quoteIdent(schema);
  return `
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.audit_log (
      idx bigint PRIMARY KEY CHECK (idx >= 0),
      entry jsonb,
      salt bytea,
      digest bytea NOT NULL,
      leaf_hash bytea NOT NULL,
      appended_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((entry IS NULL) = (salt IS NULL))
    );
    CREATE TABLE IF NOT EXISTS ${s}.audit_log_head (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      size bigint NOT NULL,
      frontier bytea NOT NULL
    );
    INSERT INTO ${s}.audit_log_head (size, frontier) VALUES (0, '\\x') ON CONFLICT DO NOTHING;
    CREATE TABLE IF NOT EXISTS ${s}.audit_log_nodes (
      level smallint NOT NULL CHECK (level > 0),
      idx bigint NOT NULL CHECK (idx >= 0),
      hash bytea NOT NULL,
      PRIMARY KEY (level, idx)
    );
    CREATE TABLE IF NOT EXISTS ${s}.audit_checkpoints (
      tree_size bigint NOT NULL,
      root_hash text NOT NULL,
      issued_at text NOT NULL,
      signature text NOT NULL,
      key_id text NOT NULL,
      PRIMARY KEY (tree_size, key_id)
    );
    ALTER TABLE ${s}.audit_log ADD COLUMN IF NOT EXISTS queue_id bigint UNIQUE;
    CREATE TABLE IF NOT EXISTS ${s}.audit_log_queue (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      enqueued_at timestamptz NOT NULL DEFAULT now(),
      entry jsonb NOT NULL,
      salt bytea NOT NULL
    );
    ALTER TABLE ${s}.audit_log_queue ADD COLUMN IF NOT EXISTS enqueued_at timestamptz NOT NULL DEFAULT now();
    CREATE INDEX IF NOT EXISTS audit_log_queue_in_commit_order ON ${s}.audit_log_queue (transaction_id, id);
    CREATE INDEX IF NOT EXISTS audit_log_by_case ON ${s}.audit_log ((entry->>'caseRef'), idx);
    CREATE INDEX IF NOT EXISTS audit_log_by_user ON ${s}.audit_log ((entry->'actor'->>'userId'), idx);
    CREATE INDEX IF NOT EXISTS audit_log_by_agency ON ${s}.audit_log ((entry->'actor'->>'agencyId'), idx);
    CREATE INDEX IF NOT EXISTS audit_log_by_time ON ${s}.audit_log ((entry->>'occurredAt') COLLATE "C", idx);`;
};

const toRecord = (row: RecordRow): AuditRecord => ({
  index: Number(row.idx_text),
  entry: row.entry,
  salt: row.salt ? toHex(row.salt) : null,
  digest: toHex(row.digest),
  leafHash: toHex(row.leaf_hash),
});

const toHead = (row: HeadRow | undefined): StoredHead => {
  if (!row) throw new Error('audit_log_head is missing');
  return { size: Number(row.size), frontier: unpackFrontier(row.frontier) };
};

interface QueuedRow {
  id_text: string;
  entry: AuditEntry;
  salt: Buffer;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** How long `append` and `sync` wait for their entries to be integrated before giving up. */
const DEFAULT_SYNC_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BATCH = 1_000;
const DEFAULT_COMMIT_ORDER_WAIT_MS = 1_000;

/** Queued entries were not integrated in time: a sequencer is down or a transaction holds back xmin. */
export class AuditSyncTimeoutError extends Error {
  readonly status = 503;
  readonly code = 'AUDIT.UNAVAILABLE';
  constructor(timeoutMs: number) {
    super(`queued audit entries were not integrated within ${timeoutMs} ms`);
    this.name = 'AuditSyncTimeoutError';
  }
}

/**
 * The audit log in PostgreSQL as a sequenced log (after Trillian and Tessera). Writers only INSERT
 * into `audit_log_queue`, in their own transaction and without any shared lock, so PostgreSQL can
 * group-commit them; an entry is durable when that transaction commits. A sequencer (`integrate`,
 * run in the background by `startSequencer`) takes the single row of `audit_log_head`, which also
 * holds the Merkle frontier, reads the queued entries whose transactions are all finished
 * (transaction id below the snapshot's xmin, in (transaction id, id) order: nothing committed later
 * can sort before them), gives them consecutive indexes and moves them into `audit_log` with their
 * digests, leaves, completed subtree nodes and the new head, in one transaction. `queue_id` is
 * unique in `audit_log` and the queue row is deleted in the same statement, so an entry is
 * integrated exactly once. head(), proofs and checkpoints cover integrated entries only.
 *
 * Commit order is kept while transactions are short. One long transaction anywhere in the cluster
 * holds xmin back; rather than stall the log behind it, a committed entry that has waited
 * `maxCommitOrderWaitMs` is integrated anyway. That cannot skip or repeat an entry, since indexes
 * are given at integration, at the end of the log, under the head lock; it only gives up order.
 *
 * `appendWithin` is the earlier way: it locks the head in the caller's transaction and writes the
 * rows directly; it stays for callers that need the indexes before they commit.
 */
export class PostgresAuditLogStore implements AuditLogStore {
  private readonly sql: ReturnType<typeof statements>;
  private readonly hash: Hash;
  private readonly salt: () => Uint8Array;
  private readonly proofs: StoredTreeProofs;
  /** The integration under way in this instance; concurrent callers share it. */
  #integrating: Promise<number> | undefined;
  #sequencer: AuditSequencer | undefined;

  private constructor(private readonly options: PostgresAuditLogStoreOptions & { schema: string }) {
    this.sql = statements(quoteIdent(options.schema));
    this.hash = options.hash ?? sha256;
    this.salt = options.salt ?? randomSalt;
    this.proofs = new StoredTreeProofs(
      this.hash,
      {
        leaves: async (start, end) => {
          const { rows } = await this.options.pool.query<{ leaf_hash: Buffer }>(this.sql.leaves(start, end));
          return rows.map((row) => new Uint8Array(row.leaf_hash));
        },
        nodes: async (level, fromIndex, toIndex) => {
          const { rows } = await this.options.pool.query<{ idx_text: string; hash: Buffer }>(
            this.sql.nodes(level, fromIndex, toIndex),
          );
          return rows.map((row) => ({ index: Number(row.idx_text), hash: new Uint8Array(row.hash) }));
        },
      },
      () => this.head(),
    );
  }

  static async create(options: PostgresAuditLogStoreOptions): Promise<PostgresAuditLogStore> {
    const schema = options.schema ?? 'public';
    if (options.createTables === false) {
      await assertTablesExist(options.pool, schema, [
        'audit_log',
        'audit_log_head',
        'audit_log_nodes',
        'audit_checkpoints',
        'audit_log_queue',
      ]);
      return new PostgresAuditLogStore({ ...options, schema });
    }
    // The DDL's ALTER TABLEs take exclusive locks even when there is nothing to change, and in one
    // transaction with the rest they can deadlock with another process's sequencer (seen in CI with
    // two writer processes starting). A log that already has the newest column is left alone.
    const { rows } = await options.pool.query<{ current: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM information_schema.columns
                      WHERE table_schema = $1 AND table_name = 'audit_log_queue' AND column_name = 'enqueued_at')
              AS current`,
      [schema],
    );
    if (!rows[0]?.current) {
      await migrateOnce(options.pool, `fallverbund-migrate:audit:${schema}`, postgresAuditLogSchema(schema));
    }
    return new PostgresAuditLogStore({ ...options, schema });
  }

  /**
   * Queues the entries in one autocommit INSERT: durable when it resolves, integrated later (by the
   * sequencer's next poll, or by `sync`). Commits do not wake the sequencer: integrating per commit
   * cost a transaction of five statements per read; a poll takes what queued meanwhile in one.
   */
  async enqueue(entries: readonly AuditEntry[]): Promise<void> {
    await this.#enqueue(this.options.pool, entries);
  }

  /**
   * The entries as rows to write in the same statement as an event append
   * (`PostgresEventStore.appendWith`): queued exactly when the append commits, in one round trip.
   */
  enqueueAlong(entries: readonly AuditEntry[]): {
    readonly name: string;
    sql(firstParam: number, guard: string): string;
    readonly values: readonly unknown[];
    readonly batched: { readonly name: string; sql(source: string): string; readonly value: string };
  } {
    const rows = entries.map((entry) => ({ entry, salt: toHex(this.salt()) }));
    return this.sql.enqueueAlong(rows);
  }

  /**
   * Queues the entries inside the caller's open transaction: durable when the caller commits, gone
   * if it rolls back. Takes no shared lock. Call `wake` after the commit to integrate them sooner.
   */
  async enqueueWithin(client: PoolClient, entries: readonly AuditEntry[]): Promise<void> {
    await this.#enqueue(client, entries);
  }

  /** Queue ids given, in input order. */
  async #enqueue(client: Pool | PoolClient, entries: readonly AuditEntry[]): Promise<string[]> {
    if (entries.length === 0) return [];
    const rows = entries.map((entry) => ({ entry, salt: toHex(this.salt()) }));
    const result = await client.query<{ id_text: string }>(this.sql.enqueue(rows));
    // One statement takes its identity values in the order it inserts, which is input order.
    return result.rows.map((row) => row.id_text).sort((a, b) => Number(a) - Number(b));
  }

  /** Queues the entries, then waits until they are integrated; returns their indexes, consecutive and in input order. */
  async append(entries: readonly AuditEntry[]): Promise<number[]> {
    const ids = await this.#enqueue(this.options.pool, entries);
    if (ids.length === 0) return [];
    this.wake();
    const deadline = Date.now() + DEFAULT_SYNC_TIMEOUT_MS;
    for (;;) {
      const integrated = await this.integrate();
      const { rows } = await this.options.pool.query<{ idx_text: string; queue_id_text: string }>(
        this.sql.integratedOf(ids),
      );
      if (rows.length === ids.length) return rows.map((row) => Number(row.idx_text));
      if (Date.now() > deadline) throw new AuditSyncTimeoutError(DEFAULT_SYNC_TIMEOUT_MS);
      if (integrated === 0) await sleep(2);
    }
  }

  /**
   * Integrates up to `maxBatch` queued entries whose transactions have all ended, in one
   * transaction; returns how many. Returns 0 at once when another sequencer holds the head.
   * Calls in this instance while one is under way share its result.
   */
  integrate(maxBatch = DEFAULT_MAX_BATCH): Promise<number> {
    this.#integrating ??= this.#integrate(maxBatch).finally(() => (this.#integrating = undefined));
    return this.#integrating;
  }

  async #integrate(maxBatch: number): Promise<number> {
    // An idle poll costs one round trip, not a transaction.
    const { rows } = await this.options.pool.query<{ queued: boolean }>(this.sql.anyQueued());
    if (!rows[0]!.queued) return 0;
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const locked = (await client.query<HeadRow>(this.sql.tryLockHead())).rows[0];
      if (!locked) {
        await client.query('ROLLBACK');
        return 0;
      }
      const head = toHead(locked);
      const queued = (
        await client.query<QueuedRow>(
          this.sql.queued(maxBatch, this.options.maxCommitOrderWaitMs ?? DEFAULT_COMMIT_ORDER_WAIT_MS),
        )
      ).rows;
      if (queued.length === 0) {
        await client.query('ROLLBACK');
        return 0;
      }
      let next = 0;
      const plan = planAppend(
        this.hash,
        head,
        queued.map((row) => row.entry),
        () => new Uint8Array(queued[next++]!.salt),
      );
      const { rowCount } = await client.query(this.sql.integrate(head.size, plan, queued));
      if (rowCount !== queued.length) {
        throw new Error(`integrated ${rowCount ?? 0} of ${queued.length} queued audit entries`);
      }
      await client.query('COMMIT');
      return queued.length;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Resolves once every entry whose enqueue committed before this call is integrated (read your own
   * writes in the log); rejects with AuditSyncTimeoutError after `timeoutMs`.
   */
  async sync(timeoutMs = DEFAULT_SYNC_TIMEOUT_MS): Promise<void> {
    // Every transaction that committed before this statement has an id below its snapshot's xmax.
    const first = await this.options.pool.query<{ xmax: string; pending: boolean }>(this.sql.pendingNow());
    const { xmax, pending } = first.rows[0]!;
    if (!pending) return;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.integrate()) === 0) await sleep(2);
      const now = await this.options.pool.query<{ pending: boolean }>(this.sql.pendingBefore(xmax));
      if (!now.rows[0]!.pending) return;
      if (Date.now() > deadline) throw new AuditSyncTimeoutError(timeoutMs);
    }
  }

  async #readYourWrites(): Promise<void> {
    if (this.options.readYourWrites !== false) await this.sync();
  }

  /** Runs a sequencer in this process until `stopSequencer`. */
  startSequencer(options: AuditSequencerOptions = {}): void {
    this.#sequencer ??= new AuditSequencer(this, options);
    this.#sequencer.start();
  }

  async stopSequencer(): Promise<void> {
    const sequencer = this.#sequencer;
    this.#sequencer = undefined;
    await sequencer?.stop();
  }

  /** Tells the local sequencer, if any, that entries were committed to the queue. */
  wake(): void {
    this.#sequencer?.wake();
  }

  /**
   * Appends on a client that is already inside a transaction, which the caller commits or rolls
   * back, by locking the head until then: it serialises with the sequencer and every other writer,
   * so prefer `enqueueWithin`.
   */
  async appendWithin(client: PoolClient, entries: readonly AuditEntry[]): Promise<number[]> {
    if (entries.length === 0) return [];
    const head = toHead((await client.query<HeadRow>(this.sql.lockHead())).rows[0]);
    const plan = planAppend(this.hash, head, entries, this.salt);
    const rows = plan.rows.map((p) => ({
      idx: p.index,
      entry: p.entry,
      salt: toHex(p.salt),
      digest: toHex(p.digest),
      leaf: toHex(p.leaf),
    }));
    const nodes = plan.nodes.map((n) => ({ level: n.level, idx: n.index, hash: toHex(n.hash) }));
    const { rowCount } = await client.query(
      this.sql.append(head.size, plan.head.size, packFrontier(plan.head.frontier), rows, nodes),
    );
    if (rowCount !== entries.length) throw new Error(`audit_log_head moved while locked (${rowCount} rows written)`);
    return plan.rows.map((p) => p.index);
  }

  async read(fromIndex: number, limit: number): Promise<AuditRecord[]> {
    await this.#readYourWrites();
    const { rows } = await this.options.pool.query<RecordRow>(this.sql.read(fromIndex, limit));
    return rows.map(toRecord);
  }

  /**
   * Only the filter's fields become conditions, each value a parameter; the statement is planned
   * for its values, so that an equality on caseRef, userId, agencyId or a range of occurredAt uses
   * its expression index (field, idx), which also yields index order.
   */
  async search(filter: AuditSearch, page: AuditSearchPage): Promise<AuditRecord[]> {
    const search = normalizeSearch(filter, page);
    if (search.limit === 0) return [];
    await this.#readYourWrites();
    const values: unknown[] = [];
    const param = (value: unknown): string => {
      values.push(value);
      return `$${values.length}`;
    };
    const f = search.filter;
    const where = ['entry IS NOT NULL'];
    if (f.caseRef !== undefined) where.push(`entry->>'caseRef' = ${param(f.caseRef)}`);
    if (f.userId !== undefined) where.push(`entry->'actor'->>'userId' = ${param(f.userId)}`);
    if (f.agencyId !== undefined) where.push(`entry->'actor'->>'agencyId' = ${param(f.agencyId)}`);
    if (f.purpose !== undefined) where.push(`entry->>'purpose' = ${param(f.purpose)}`);
    if (f.legalBasis !== undefined) {
      where.push(
        `EXISTS (SELECT 1 FROM jsonb_array_elements_text(entry->'legalBasis') AS b(basis)
                 WHERE starts_with(b.basis, ${param(f.legalBasis)}))`,
      );
    }
    if (f.decision !== undefined) where.push(`entry->>'decision' = ${param(f.decision)}`);
    if (f.breakGlass !== undefined) where.push(`entry->>'breakGlass' = ${param(String(f.breakGlass))}`);
    if (f.action !== undefined) where.push(`entry->>'action' = ${param(f.action)}`);
    if (f.from !== undefined) where.push(`(entry->>'occurredAt') COLLATE "C" >= ${param(f.from)}`);
    if (f.to !== undefined) where.push(`(entry->>'occurredAt') COLLATE "C" < ${param(f.to)}`);
    const desc = search.order === 'desc';
    if (search.after !== undefined) where.push(`idx ${desc ? '<' : '>'} ${param(search.after)}`);
    const { rows } = await this.options.pool.query<RecordRow>({
      text: `SELECT idx::text AS idx_text, entry, salt, digest, leaf_hash FROM ${this.sql.schema}.audit_log
             WHERE ${where.join(' AND ')} ORDER BY idx ${desc ? 'DESC' : 'ASC'} LIMIT ${param(search.limit)}`,
      values,
    });
    return rows.map(toRecord);
  }

  async size(): Promise<number> {
    await this.#readYourWrites();
    return (await this.head()).size;
  }

  async head(): Promise<AuditLogHead> {
    const head = toHead((await this.options.pool.query<HeadRow>(this.sql.head())).rows[0]);
    const builder = MerkleTreeBuilder.restore(this.hash, head.size, head.frontier);
    return { size: builder.size, root: builder.root() };
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

  async eraseDetails(index: number): Promise<void> {
    const { rowCount } = await this.options.pool.query(this.sql.erase(index));
    if (rowCount !== 1) throw new Error(`no audit entry ${index}`);
  }

  async saveCheckpoint(checkpoint: Checkpoint): Promise<void> {
    await this.options.pool.query(this.sql.saveCheckpoint(checkpoint));
  }

  async latestCheckpoint(): Promise<Checkpoint | null> {
    const { rows } = await this.options.pool.query<CheckpointRow>(this.sql.latestCheckpoint());
    const row = rows[0];
    return row
      ? {
          treeSize: Number(row.tree_size_text),
          rootHash: row.root_hash,
          issuedAt: row.issued_at,
          signature: row.signature,
          keyId: row.key_id,
        }
      : null;
  }

  /** The pool belongs to the caller. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}

// Named statements are prepared once per connection.
const statements = (s: string) => ({
  schema: s,
  lockHead: () => ({
    name: statementName(`${s}.audit-lock-head`),
    text: `SELECT size::text AS size, frontier FROM ${s}.audit_log_head FOR UPDATE`,
  }),
  tryLockHead: () => ({
    name: statementName(`${s}.audit-try-lock-head`),
    text: `SELECT size::text AS size, frontier FROM ${s}.audit_log_head FOR UPDATE SKIP LOCKED`,
  }),
  enqueueAlong: (rows: { entry: AuditEntry; salt: string }[]) => ({
    name: statementName(`${s}.audit-enqueue-along`),
    sql: (p: number, guard: string) => `
      INSERT INTO ${s}.audit_log_queue (entry, salt)
      SELECT r->'entry', decode(r->>'salt', 'hex')
      FROM jsonb_array_elements($${p}::jsonb) WITH ORDINALITY AS q(r, n)
      WHERE ${guard} ORDER BY n`,
    values: [JSON.stringify(rows)],
    // In a batch of appends (PostgresEventStore's group commit): the rows of each append written.
    batched: {
      name: statementName(`${s}.audit-enqueue-batched`),
      sql: (source: string) => `
        INSERT INTO ${s}.audit_log_queue (entry, salt)
        SELECT r->'entry', decode(r->>'salt', 'hex')
        FROM ${source}, jsonb_array_elements(written.companion) WITH ORDINALITY AS q(r, n)
        ORDER BY written.ord, n`,
      value: JSON.stringify(rows),
    },
  }),
  enqueue: (rows: { entry: AuditEntry; salt: string }[]) => ({
    name: statementName(`${s}.audit-enqueue`),
    text: `
      INSERT INTO ${s}.audit_log_queue (entry, salt)
      SELECT r->'entry', decode(r->>'salt', 'hex')
      FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS q(r, n) ORDER BY n
      RETURNING id::text AS id_text`,
    values: [JSON.stringify(rows)],
  }),
  // Every transaction below xmin has ended, so no entry committed later can sort before these. A
  // committed entry that has waited longer than $2 ms for an older transaction is taken anyway: its
  // index is given now, at the end of the log, so nothing is skipped, only commit order given up.
  queued: (limit: number, maxWaitMs: number) => ({
    name: statementName(`${s}.audit-queued`),
    text: `SELECT id::text AS id_text, entry, salt FROM ${s}.audit_log_queue
           WHERE transaction_id < pg_snapshot_xmin(pg_current_snapshot())
              OR enqueued_at < now() - make_interval(secs => $2 / 1000.0)
           ORDER BY transaction_id, id LIMIT $1`,
    values: [limit, maxWaitMs],
  }),
  // Entry and salt move from the queue row server-side; the client sends only idx, digest and leaf.
  integrate: (oldSize: number, plan: AppendPlan, queued: readonly QueuedRow[]) => ({
    name: statementName(`${s}.audit-integrate`),
    text: `
      WITH batch AS (
        SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bytea[], $4::bytea[]) AS b(queue_id, idx, digest, leaf_hash)
      ), taken AS (
        DELETE FROM ${s}.audit_log_queue q USING batch WHERE q.id = batch.queue_id RETURNING q.id, q.entry, q.salt
      ), head AS (
        UPDATE ${s}.audit_log_head SET size = $5, frontier = $6 WHERE size = $7 RETURNING size
      ), nodes AS (
        INSERT INTO ${s}.audit_log_nodes (level, idx, hash)
        SELECT * FROM unnest($8::smallint[], $9::bigint[], $10::bytea[]) WHERE EXISTS (SELECT 1 FROM head)
      )
      INSERT INTO ${s}.audit_log (idx, entry, salt, digest, leaf_hash, queue_id)
      SELECT batch.idx, taken.entry, taken.salt, batch.digest, batch.leaf_hash, taken.id
      FROM batch JOIN taken ON taken.id = batch.queue_id
      WHERE EXISTS (SELECT 1 FROM head)`,
    values: [
      queued.map((row) => row.id_text),
      plan.rows.map((row) => row.index),
      plan.rows.map((row) => Buffer.from(row.digest)),
      plan.rows.map((row) => Buffer.from(row.leaf)),
      plan.head.size,
      packFrontier(plan.head.frontier),
      oldSize,
      plan.nodes.map((node) => node.level),
      plan.nodes.map((node) => node.index),
      plan.nodes.map((node) => Buffer.from(node.hash)),
    ],
  }),
  integratedOf: (queueIds: readonly string[]) => ({
    name: statementName(`${s}.audit-integrated-of`),
    text: `SELECT idx::text AS idx_text, queue_id::text AS queue_id_text FROM ${s}.audit_log
           WHERE queue_id = ANY($1::bigint[]) ORDER BY queue_id`,
    values: [queueIds],
  }),
  anyQueued: () => ({
    name: statementName(`${s}.audit-any-queued`),
    text: `SELECT EXISTS (SELECT 1 FROM ${s}.audit_log_queue) AS queued`,
  }),
  pendingNow: () => ({
    name: statementName(`${s}.audit-pending-now`),
    text: `SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax,
                  EXISTS (SELECT 1 FROM ${s}.audit_log_queue
                          WHERE transaction_id < pg_snapshot_xmax(pg_current_snapshot())) AS pending`,
  }),
  pendingBefore: (xmax: string) => ({
    name: statementName(`${s}.audit-pending-before`),
    text: `SELECT EXISTS (SELECT 1 FROM ${s}.audit_log_queue WHERE transaction_id < $1::xid8) AS pending`,
    values: [xmax],
  }),
  head: () => ({
    name: statementName(`${s}.audit-head`),
    text: `SELECT size::text AS size, frontier FROM ${s}.audit_log_head`,
  }),
  // The one-time filter EXISTS (SELECT 1 FROM head) runs the UPDATE, with its wait for the head's
  // row lock, before any row is inserted; if the head no longer has $1 entries nothing is written.
  append: (oldSize: number, newSize: number, frontier: Buffer, rows: unknown[], nodes: unknown[]) => ({
    name: statementName(`${s}.audit-append`),
    text: `
      WITH head AS (
        UPDATE ${s}.audit_log_head SET size = $2, frontier = $3 WHERE size = $1 RETURNING size
      ), nodes AS (
        INSERT INTO ${s}.audit_log_nodes (level, idx, hash)
        SELECT (n->>'level')::smallint, (n->>'idx')::bigint, decode(n->>'hash', 'hex')
        FROM jsonb_array_elements($5::jsonb) AS n
        WHERE EXISTS (SELECT 1 FROM head)
      )
      INSERT INTO ${s}.audit_log (idx, entry, salt, digest, leaf_hash)
      SELECT (r->>'idx')::bigint, r->'entry', decode(r->>'salt', 'hex'), decode(r->>'digest', 'hex'),
             decode(r->>'leaf', 'hex')
      FROM jsonb_array_elements($4::jsonb) AS r
      WHERE EXISTS (SELECT 1 FROM head)`,
    values: [oldSize, newSize, frontier, JSON.stringify(rows), JSON.stringify(nodes)],
  }),
  read: (fromIndex: number, limit: number) => ({
    name: statementName(`${s}.audit-read`),
    // The text cast gets its own name: ORDER BY idx would otherwise sort '10' before '6'.
    text: `SELECT idx::text AS idx_text, entry, salt, digest, leaf_hash FROM ${s}.audit_log
           WHERE idx >= $1 ORDER BY idx LIMIT $2`,
    values: [fromIndex, limit],
  }),
  leaves: (start: number, end: number) => ({
    name: statementName(`${s}.audit-leaves`),
    text: `SELECT leaf_hash FROM ${s}.audit_log WHERE idx >= $1 AND idx < $2 ORDER BY idx`,
    values: [start, end],
  }),
  nodes: (level: number, fromIndex: number, toIndex: number) => ({
    name: statementName(`${s}.audit-nodes`),
    text: `SELECT idx::text AS idx_text, hash FROM ${s}.audit_log_nodes WHERE level = $1 AND idx >= $2 AND idx < $3`,
    values: [level, fromIndex, toIndex],
  }),
  erase: (index: number) => ({
    name: statementName(`${s}.audit-erase`),
    text: `UPDATE ${s}.audit_log SET entry = NULL, salt = NULL WHERE idx = $1`,
    values: [index],
  }),
  saveCheckpoint: (c: Checkpoint) => ({
    name: statementName(`${s}.audit-save-checkpoint`),
    text: `INSERT INTO ${s}.audit_checkpoints (tree_size, root_hash, issued_at, signature, key_id)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    values: [c.treeSize, c.rootHash, c.issuedAt, c.signature, c.keyId],
  }),
  latestCheckpoint: () => ({
    name: statementName(`${s}.audit-latest-checkpoint`),
    text: `SELECT tree_size::text AS tree_size_text, root_hash, issued_at, signature, key_id
           FROM ${s}.audit_checkpoints ORDER BY tree_size DESC, issued_at DESC LIMIT 1`,
  }),
});
