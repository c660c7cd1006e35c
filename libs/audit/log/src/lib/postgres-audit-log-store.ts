import { type Pool, type PoolClient } from 'pg';
import { AsyncMutex, migrateOnce, quoteIdent } from '@fallverbund/event-store';
import { type Hash, MerkleTreeBuilder, toHex } from '@fallverbund/audit-merkle';
import { type AuditEntry, randomSalt, sha256 } from './audit-entry';
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

const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === '23505';

/** Optimistic single-statement appends tried before `append` falls back to locking the head. */
const OPTIMISTIC_ATTEMPTS = 3;

/**
 * The audit log in PostgreSQL. Appends serialise on the single row of `audit_log_head`, which also
 * holds the Merkle frontier; rows, completed subtree nodes and head change in one statement or
 * transaction, so the head always describes exactly the rows below it.
 *
 * `append` remembers the head it last wrote and sends one autocommit statement whose UPDATE of the
 * head only applies while the head still has that size (under READ COMMITTED, rechecked after
 * waiting for its row lock); the rows are inserted only if it did. When another writer moved the
 * head, it reloads the head and tries again, and after a few tries it takes the head's lock.
 * `appendWithin` locks the head in the caller's transaction, so a caller that commits a domain write
 * through it commits its audit entries with it or not at all.
 */
export class PostgresAuditLogStore implements AuditLogStore {
  private readonly sql: ReturnType<typeof statements>;
  private readonly hash: Hash;
  private readonly salt: () => Uint8Array;
  private readonly proofs: StoredTreeProofs;
  /** The head as this instance last wrote or read it; undefined when unknown. */
  #head: StoredHead | undefined;
  /** One optimistic append at a time per instance, so that they do not invalidate each other. */
  readonly #appends = new AsyncMutex();

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
    await migrateOnce(options.pool, `fallverbund-migrate:audit:${schema}`, postgresAuditLogSchema(schema));
    return new PostgresAuditLogStore({ ...options, schema });
  }

  /** One autocommit statement when the remembered head is current; see the class comment. */
  async append(entries: readonly AuditEntry[]): Promise<number[]> {
    if (entries.length === 0) return [];
    return this.#appends.run(async () => {
      for (let attempt = 0; attempt < OPTIMISTIC_ATTEMPTS; attempt++) {
        const head = this.#head ?? toHead((await this.options.pool.query<HeadRow>(this.sql.head())).rows[0]);
        const plan = planAppend(this.hash, head, entries, this.salt);
        try {
          if ((await this.#write(this.options.pool, head, plan)) === entries.length) return this.#wrote(plan);
          this.#head = undefined; // another writer moved the head: nothing was written
        } catch (error) {
          this.#head = undefined;
          // Rows beyond the head we knew: the statement failed as a whole, so reload and retry.
          if (!isUniqueViolation(error)) throw error;
        }
      }
      return this.#appendLocked(entries);
    });
  }

  async #appendLocked(entries: readonly AuditEntry[]): Promise<number[]> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const indexes = await this.appendWithin(client, entries);
      await client.query('COMMIT');
      return indexes;
    } catch (error) {
      this.#head = undefined;
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Appends on a client that is already inside a transaction, which the caller commits or rolls
   * back. The head stays locked until then, so keep that transaction short.
   */
  async appendWithin(client: PoolClient, entries: readonly AuditEntry[]): Promise<number[]> {
    if (entries.length === 0) return [];
    try {
      const head = toHead((await client.query<HeadRow>(this.sql.lockHead())).rows[0]);
      const plan = planAppend(this.hash, head, entries, this.salt);
      const written = await this.#write(client, head, plan);
      if (written !== entries.length) throw new Error(`audit_log_head moved while locked (${written} rows written)`);
      // Remembered before the caller commits; if it rolls back instead, the next append reloads.
      return this.#wrote(plan);
    } catch (error) {
      this.#head = undefined;
      throw error;
    }
  }

  /** Rows inserted: all of them, or 0 when the head no longer has `head.size` entries. */
  async #write(client: Pool | PoolClient, head: StoredHead, plan: AppendPlan): Promise<number> {
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
    return rowCount ?? 0;
  }

  #wrote(plan: AppendPlan): number[] {
    this.#head = plan.head;
    return plan.rows.map((p) => p.index);
  }

  async read(fromIndex: number, limit: number): Promise<AuditRecord[]> {
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
    name: `${s}.audit-lock-head`,
    text: `SELECT size::text AS size, frontier FROM ${s}.audit_log_head FOR UPDATE`,
  }),
  head: () => ({ name: `${s}.audit-head`, text: `SELECT size::text AS size, frontier FROM ${s}.audit_log_head` }),
  // The one-time filter EXISTS (SELECT 1 FROM head) runs the UPDATE, with its wait for the head's
  // row lock, before any row is inserted; if the head no longer has $1 entries nothing is written.
  append: (oldSize: number, newSize: number, frontier: Buffer, rows: unknown[], nodes: unknown[]) => ({
    name: `${s}.audit-append`,
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
    name: `${s}.audit-read`,
    // The text cast gets its own name: ORDER BY idx would otherwise sort '10' before '6'.
    text: `SELECT idx::text AS idx_text, entry, salt, digest, leaf_hash FROM ${s}.audit_log
           WHERE idx >= $1 ORDER BY idx LIMIT $2`,
    values: [fromIndex, limit],
  }),
  leaves: (start: number, end: number) => ({
    name: `${s}.audit-leaves`,
    text: `SELECT leaf_hash FROM ${s}.audit_log WHERE idx >= $1 AND idx < $2 ORDER BY idx`,
    values: [start, end],
  }),
  nodes: (level: number, fromIndex: number, toIndex: number) => ({
    name: `${s}.audit-nodes`,
    text: `SELECT idx::text AS idx_text, hash FROM ${s}.audit_log_nodes WHERE level = $1 AND idx >= $2 AND idx < $3`,
    values: [level, fromIndex, toIndex],
  }),
  erase: (index: number) => ({
    name: `${s}.audit-erase`,
    text: `UPDATE ${s}.audit_log SET entry = NULL, salt = NULL WHERE idx = $1`,
    values: [index],
  }),
  saveCheckpoint: (c: Checkpoint) => ({
    name: `${s}.audit-save-checkpoint`,
    text: `INSERT INTO ${s}.audit_checkpoints (tree_size, root_hash, issued_at, signature, key_id)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    values: [c.treeSize, c.rootHash, c.issuedAt, c.signature, c.keyId],
  }),
  latestCheckpoint: () => ({
    name: `${s}.audit-latest-checkpoint`,
    text: `SELECT tree_size::text AS tree_size_text, root_hash, issued_at, signature, key_id
           FROM ${s}.audit_checkpoints ORDER BY tree_size DESC, issued_at DESC LIMIT 1`,
  }),
});
