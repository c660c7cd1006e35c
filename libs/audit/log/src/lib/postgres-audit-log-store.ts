import { type Pool, type PoolClient } from 'pg';
import { migrateOnce, quoteIdent } from '@fallverbund/event-store';
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
    CREATE TABLE IF NOT EXISTS ${s}.audit_checkpoints (
      tree_size bigint NOT NULL,
      root_hash text NOT NULL,
      issued_at text NOT NULL,
      signature text NOT NULL,
      key_id text NOT NULL,
      PRIMARY KEY (tree_size, key_id)
    );`;
};

const toRecord = (row: RecordRow): AuditRecord => ({
  index: Number(row.idx_text),
  entry: row.entry,
  salt: row.salt ? toHex(row.salt) : null,
  digest: toHex(row.digest),
  leafHash: toHex(row.leaf_hash),
});

/**
 * The audit log in PostgreSQL. Appends serialise on the single row of `audit_log_head`, locked FOR
 * UPDATE, which also holds the Merkle frontier; rows and head change in one transaction, so a caller
 * that commits a domain write through `appendWithin` commits its audit entries with it or not at all.
 */
export class PostgresAuditLogStore implements AuditLogStore {
  private readonly sql: ReturnType<typeof statements>;
  private readonly hash: Hash;
  private readonly salt: () => Uint8Array;
  private readonly proofs: StoredTreeProofs;

  private constructor(private readonly options: PostgresAuditLogStoreOptions & { schema: string }) {
    this.sql = statements(quoteIdent(options.schema));
    this.hash = options.hash ?? sha256;
    this.salt = options.salt ?? randomSalt;
    this.proofs = new StoredTreeProofs(
      this.hash,
      async (start, end) => {
        const { rows } = await this.options.pool.query<{ leaf_hash: Buffer }>(this.sql.leaves(start, end));
        return rows.map((row) => new Uint8Array(row.leaf_hash));
      },
      () => this.head(),
    );
  }

  static async create(options: PostgresAuditLogStoreOptions): Promise<PostgresAuditLogStore> {
    const schema = options.schema ?? 'public';
    await migrateOnce(options.pool, `fallverbund-migrate:audit:${schema}`, postgresAuditLogSchema(schema));
    return new PostgresAuditLogStore({ ...options, schema });
  }

  async append(entries: readonly AuditEntry[]): Promise<number[]> {
    const client = await this.options.pool.connect();
    try {
      await client.query('BEGIN');
      const indexes = await this.appendWithin(client, entries);
      await client.query('COMMIT');
      return indexes;
    } catch (error) {
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
    const { rows } = await client.query<{ size: string; frontier: Buffer }>(this.sql.lockHead());
    const head = rows[0];
    if (!head) throw new Error('audit_log_head is missing');
    const builder = MerkleTreeBuilder.restore(this.hash, Number(head.size), unpackFrontier(head.frontier));
    const prepared = prepareAppend(this.hash, builder, entries, this.salt);
    const payload = prepared.map((p) => ({
      idx: p.index,
      entry: p.entry,
      salt: toHex(p.salt),
      digest: toHex(p.digest),
      leaf: toHex(p.leaf),
    }));
    await client.query(this.sql.insert(JSON.stringify(payload)));
    await client.query(this.sql.updateHead(builder.size, packFrontier(builder.frontier)));
    return prepared.map((p) => p.index);
  }

  async read(fromIndex: number, limit: number): Promise<AuditRecord[]> {
    const { rows } = await this.options.pool.query<RecordRow>(this.sql.read(fromIndex, limit));
    return rows.map(toRecord);
  }

  async size(): Promise<number> {
    return (await this.head()).size;
  }

  async head(): Promise<AuditLogHead> {
    const { rows } = await this.options.pool.query<{ size: string; frontier: Buffer }>(this.sql.head());
    const row = rows[0];
    if (!row) throw new Error('audit_log_head is missing');
    const builder = MerkleTreeBuilder.restore(this.hash, Number(row.size), unpackFrontier(row.frontier));
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
  lockHead: () => ({
    name: `${s}.audit-lock-head`,
    text: `SELECT size::text AS size, frontier FROM ${s}.audit_log_head FOR UPDATE`,
  }),
  head: () => ({ name: `${s}.audit-head`, text: `SELECT size::text AS size, frontier FROM ${s}.audit_log_head` }),
  insert: (payload: string) => ({
    name: `${s}.audit-insert`,
    text: `
      INSERT INTO ${s}.audit_log (idx, entry, salt, digest, leaf_hash)
      SELECT (r->>'idx')::bigint, r->'entry', decode(r->>'salt', 'hex'), decode(r->>'digest', 'hex'),
             decode(r->>'leaf', 'hex')
      FROM jsonb_array_elements($1::jsonb) AS r`,
    values: [payload],
  }),
  updateHead: (size: number, frontier: Buffer) => ({
    name: `${s}.audit-update-head`,
    text: `UPDATE ${s}.audit_log_head SET size = $1, frontier = $2`,
    values: [size, frontier],
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
