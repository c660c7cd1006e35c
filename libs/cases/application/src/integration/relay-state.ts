import {
  assertSqliteTablesExist,
  assertTablesExist,
  formatPosition,
  type GlobalPosition,
  openSqlite,
  parsePosition,
  quoteIdent,
  sqliteWriteLock,
  pause,
} from '@fallverbund/event-store';
import type Database from 'better-sqlite3';
import { Client, Pool } from 'pg';
import { type CoverState } from './partner-routing';

/**
 * The relay's own state, in the database of the event store: its checkpoint in the global log and
 * the cover state of each (subscriber, case) stream, written in one transaction after the broker
 * acknowledged what they account for. Also who the active relay is: one per database.
 */
export interface RelayStateStore {
  /**
   * Waits until this instance is the only active relay of the database (PostgreSQL: a session-level
   * advisory lock; standby instances wait here and take over when the holder's session ends).
   * Resolves false when `signal` aborts first.
   */
  acquire(signal: AbortSignal): Promise<boolean>;
  /** False before `acquire` and once the lock was lost (its session ended). */
  readonly leading: boolean;
  release(): Promise<void>;
  checkpoint(): Promise<GlobalPosition | null>;
  covers(caseIds: readonly string[]): Promise<CoverState[]>;
  /** Covered streams of these subscribers whose cover runs out at or before `now`. */
  dueCovers(now: Date, subscriberIds: readonly string[], limit: number): Promise<CoverState[]>;
  /** Stores the changed cover states and, when given, the new checkpoint, in one transaction. */
  commit(position: GlobalPosition | null, covers: readonly CoverState[]): Promise<void>;
  /** How many events the log holds after `position` (all of them for null): the relay's lag. */
  eventsAfter(position: GlobalPosition | null): Promise<number>;
  close(): Promise<void>;
}

interface CoverRow {
  subscriber_id: string;
  case_id: string;
  state: string;
  episode: string;
  sequence: number;
  covered_until: string | Date | null;
}

const toCover = (row: CoverRow): CoverState => ({
  subscriberId: row.subscriber_id,
  caseId: row.case_id,
  state: row.state === 'covered' ? 'covered' : 'ended',
  episode: row.episode,
  sequence: Number(row.sequence),
  until:
    row.covered_until === null
      ? null
      : row.covered_until instanceof Date
        ? row.covered_until.toISOString()
        : new Date(row.covered_until).toISOString(),
});

/** The channel on which a relay that gives up its lock wakes the standbys (payload: the lock key). */
const HANDOVER_CHANNEL = 'fallverbund_relay_handover';

export interface PostgresRelayStateOptions {
  readonly url: string;
  readonly schema: string;
  /** One relay per database and relay id; the default `cases` is the case-event relay. */
  readonly relayId?: string;
  /** How often a standby tries to take the lock (default 1 s). */
  readonly standbyPollMs?: number;
  /** Create the tables when missing (default); the platform passes false: its migrations made them. */
  readonly createTables?: boolean;
}

export const postgresRelaySchema = (schema: string): string => {
  const s = quoteIdent(schema);
  return `
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.relay_checkpoints (
      relay_id text PRIMARY KEY,
      position text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE IF NOT EXISTS ${s}.relay_partner_covers (
      subscriber_id text NOT NULL,
      case_id text NOT NULL,
      state text NOT NULL CHECK (state IN ('covered', 'ended')),
      episode text NOT NULL,
      sequence integer NOT NULL,
      covered_until timestamptz,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (subscriber_id, case_id)
    );
    CREATE INDEX IF NOT EXISTS relay_partner_covers_case ON ${s}.relay_partner_covers (case_id);
    CREATE INDEX IF NOT EXISTS relay_partner_covers_due ON ${s}.relay_partner_covers (covered_until)
      WHERE state = 'covered';`;
};

/**
 * PostgreSQL: reads go through a small pool; the lock and every write go through one dedicated
 * session. Writing on the session that holds the lock means a relay whose session died (and whose
 * lock another instance may hold by now) cannot move the checkpoint: its commit fails.
 */
export class PostgresRelayState implements RelayStateStore {
  private readonly pool: Pool;
  private session: Client | undefined;
  private alive = false;
  private readonly s: string;
  private readonly relayId: string;
  private readonly lockKey: string;

  private constructor(private readonly options: PostgresRelayStateOptions) {
    this.pool = new Pool({ connectionString: options.url, max: 2 });
    // A dropped idle connection is an 'error' on the pool, which unheard ends the process; the pool
    // replaces the client, and a query on a broken one fails and is retried with the page.
    this.pool.on('error', () => undefined);
    this.s = quoteIdent(options.schema);
    this.relayId = options.relayId ?? 'cases';
    this.lockKey = `fallverbund-relay:${options.schema}:${this.relayId}`;
  }

  static async create(options: PostgresRelayStateOptions): Promise<PostgresRelayState> {
    const store = new PostgresRelayState(options);
    if (options.createTables === false) {
      await assertTablesExist(store.pool, options.schema, ['relay_checkpoints', 'relay_partner_covers']).catch(
        async (error: unknown) => {
          await store.pool.end();
          throw error;
        },
      );
      return store;
    }
    const client = await store.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`fallverbund-migrate:relay:${options.schema}`]);
      await client.query(postgresRelaySchema(options.schema));
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      client.release();
      await store.pool.end();
      throw error;
    }
    client.release();
    return store;
  }

  get leading(): boolean {
    return this.alive;
  }

  async acquire(signal: AbortSignal): Promise<boolean> {
    const poll = this.options.standbyPollMs ?? 1000;
    while (!signal.aborted) {
      const session = new Client({ connectionString: this.options.url });
      // A relay that gives up the lock says so (release): a standby tries at once, not at its next poll.
      let wake: (() => void) | undefined;
      session.on('notification', (message) => {
        if (message.payload === this.lockKey) wake?.();
      });
      session.on('error', () => (this.alive = false));
      session.on('end', () => (this.alive = false));
      try {
        await session.connect();
        await session.query(`LISTEN ${HANDOVER_CHANNEL}`);
        for (;;) {
          const { rows } = await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [
            this.lockKey,
          ]);
          if (rows[0]?.ok) {
            await session.query(`UNLISTEN ${HANDOVER_CHANNEL}`);
            this.session = session;
            this.alive = true;
            return true;
          }
          if (signal.aborted) break;
          const nap = new AbortController();
          const stop = (): void => nap.abort();
          signal.addEventListener('abort', stop, { once: true });
          wake = stop;
          await pause(poll, nap.signal);
          wake = undefined;
          signal.removeEventListener('abort', stop);
        }
      } catch {
        await pause(poll, signal);
      }
      await session.end().catch(() => undefined);
    }
    return false;
  }

  async release(): Promise<void> {
    const session = this.session;
    this.session = undefined;
    this.alive = false;
    if (session) {
      // Unlock first, then tell the standbys; ending the session would release the lock as well, but
      // they would only notice at their next poll.
      await session.query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockKey]).catch(() => undefined);
      await session.query('SELECT pg_notify($1, $2)', [HANDOVER_CHANNEL, this.lockKey]).catch(() => undefined);
    }
    await session?.end().catch(() => undefined);
  }

  async checkpoint(): Promise<GlobalPosition | null> {
    const { rows } = await this.pool.query<{ position: string }>(
      `SELECT position FROM ${this.s}.relay_checkpoints WHERE relay_id = $1`,
      [this.relayId],
    );
    return rows[0] ? parsePosition(rows[0].position) : null;
  }

  async covers(caseIds: readonly string[]): Promise<CoverState[]> {
    if (caseIds.length === 0) return [];
    const { rows } = await this.pool.query<CoverRow>(
      `SELECT subscriber_id, case_id, state, episode, sequence, covered_until
       FROM ${this.s}.relay_partner_covers WHERE case_id = ANY($1::text[])`,
      [caseIds],
    );
    return rows.map(toCover);
  }

  async dueCovers(now: Date, subscriberIds: readonly string[], limit: number): Promise<CoverState[]> {
    const { rows } = await this.pool.query<CoverRow>(
      `SELECT subscriber_id, case_id, state, episode, sequence, covered_until
       FROM ${this.s}.relay_partner_covers
       WHERE state = 'covered' AND covered_until <= $1 AND subscriber_id = ANY($2::text[])
       ORDER BY covered_until LIMIT $3`,
      [now.toISOString(), subscriberIds, limit],
    );
    return rows.map(toCover);
  }

  async commit(position: GlobalPosition | null, covers: readonly CoverState[]): Promise<void> {
    const session = this.session;
    if (!session || !this.alive) throw new Error('the relay no longer holds its lock');
    await session.query('BEGIN');
    try {
      if (covers.length > 0) {
        await session.query(
          `INSERT INTO ${this.s}.relay_partner_covers
             (subscriber_id, case_id, state, episode, sequence, covered_until, updated_at)
           SELECT *, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[])
           ON CONFLICT (subscriber_id, case_id) DO UPDATE SET state = excluded.state, episode = excluded.episode,
             sequence = excluded.sequence, covered_until = excluded.covered_until, updated_at = now()`,
          [
            covers.map((c) => c.subscriberId),
            covers.map((c) => c.caseId),
            covers.map((c) => c.state),
            covers.map((c) => c.episode),
            covers.map((c) => c.sequence),
            covers.map((c) => c.until),
          ],
        );
      }
      if (position) {
        await session.query(
          `INSERT INTO ${this.s}.relay_checkpoints (relay_id, position) VALUES ($1, $2)
           ON CONFLICT (relay_id) DO UPDATE SET position = excluded.position, updated_at = now()`,
          [this.relayId, formatPosition(position)],
        );
      }
      await session.query('COMMIT');
    } catch (error) {
      await session.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async eventsAfter(position: GlobalPosition | null): Promise<number> {
    const { rows } = position
      ? await this.pool.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM ${this.s}.events
           WHERE (transaction_id, global_position) > ($1::text::xid8, $2::bigint)`,
          [position.commit.toString(), position.prepare.toString()],
        )
      : await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.s}.events`);
    return rows[0]?.n ?? 0;
  }

  async close(): Promise<void> {
    await this.release();
    await this.pool.end();
  }
}

export const SQLITE_RELAY_SCHEMA = `
  CREATE TABLE IF NOT EXISTS relay_checkpoints (
    relay_id TEXT PRIMARY KEY,
    position TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  CREATE TABLE IF NOT EXISTS relay_partner_covers (
    subscriber_id TEXT NOT NULL,
    case_id TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('covered', 'ended')),
    episode TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    covered_until TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (subscriber_id, case_id)
  );
  CREATE INDEX IF NOT EXISTS relay_partner_covers_case ON relay_partner_covers (case_id);
  CREATE INDEX IF NOT EXISTS relay_partner_covers_due ON relay_partner_covers (state, covered_until);`;

/**
 * SQLite (embedded): one process writes the file, so there is nothing to elect; `acquire` refuses a
 * second relay of the same file in this process. Writes take the file's write lock like every other
 * writer in the process. Times are stored as ISO strings, which sort like the instants they name.
 */
export class SqliteRelayState implements RelayStateStore {
  private static readonly active = new Set<string>();
  private readonly db: Database.Database;
  private held = false;
  private readonly relayId: string;
  private readonly statements;
  private countAfter: Database.Statement<[number], { n: number }> | undefined;

  constructor(
    private readonly file: string,
    relayId = 'cases',
    options: { readonly createTables?: boolean } = {},
  ) {
    this.relayId = relayId;
    this.db = openSqlite(file);
    if (options.createTables === false) {
      try {
        assertSqliteTablesExist(this.db, ['relay_checkpoints', 'relay_partner_covers']);
      } catch (error) {
        this.db.close();
        throw error;
      }
    } else {
      this.db.exec(SQLITE_RELAY_SCHEMA);
    }
    this.statements = {
      checkpoint: this.db.prepare<[string], { position: string }>(
        'SELECT position FROM relay_checkpoints WHERE relay_id = ?',
      ),
      saveCheckpoint: this.db.prepare(
        `INSERT INTO relay_checkpoints (relay_id, position, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (relay_id) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
      ),
      saveCover: this.db.prepare(
        `INSERT INTO relay_partner_covers (subscriber_id, case_id, state, episode, sequence, covered_until, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (subscriber_id, case_id) DO UPDATE SET state = excluded.state, episode = excluded.episode,
           sequence = excluded.sequence, covered_until = excluded.covered_until, updated_at = excluded.updated_at`,
      ),
    };
  }

  get leading(): boolean {
    return this.held;
  }

  acquire(signal: AbortSignal): Promise<boolean> {
    if (signal.aborted) return Promise.resolve(false);
    const key = `${this.file}\u0000${this.relayId}`;
    if (!this.held && SqliteRelayState.active.has(key)) {
      return Promise.reject(new Error(`a relay of ${this.file} runs in this process already`));
    }
    SqliteRelayState.active.add(key);
    this.held = true;
    return Promise.resolve(true);
  }

  release(): Promise<void> {
    if (this.held) SqliteRelayState.active.delete(`${this.file}\u0000${this.relayId}`);
    this.held = false;
    return Promise.resolve();
  }

  checkpoint(): Promise<GlobalPosition | null> {
    const row = this.statements.checkpoint.get(this.relayId);
    return Promise.resolve(row ? parsePosition(row.position) : null);
  }

  covers(caseIds: readonly string[]): Promise<CoverState[]> {
    const rows: CoverRow[] = [];
    // SQLite limits bound parameters per statement; a page's cases come in chunks.
    for (let i = 0; i < caseIds.length; i += 500) {
      const chunk = caseIds.slice(i, i + 500);
      rows.push(
        ...this.db
          .prepare<string[], CoverRow>(
            `SELECT subscriber_id, case_id, state, episode, sequence, covered_until FROM relay_partner_covers
             WHERE case_id IN (${chunk.map(() => '?').join(', ')})`,
          )
          .all(...chunk),
      );
    }
    return Promise.resolve(rows.map(toCover));
  }

  dueCovers(now: Date, subscriberIds: readonly string[], limit: number): Promise<CoverState[]> {
    if (subscriberIds.length === 0) return Promise.resolve([]);
    const rows = this.db
      .prepare<(string | number)[], CoverRow>(
        `SELECT subscriber_id, case_id, state, episode, sequence, covered_until FROM relay_partner_covers
         WHERE state = 'covered' AND covered_until <= ? AND subscriber_id IN (${subscriberIds.map(() => '?').join(', ')})
         ORDER BY covered_until LIMIT ?`,
      )
      .all(now.toISOString(), ...subscriberIds, limit);
    return Promise.resolve(rows.map(toCover));
  }

  commit(position: GlobalPosition | null, covers: readonly CoverState[]): Promise<void> {
    if (!this.held) return Promise.reject(new Error('the relay is not active'));
    const at = new Date().toISOString();
    return sqliteWriteLock(this.file).run(() => {
      this.db.transaction(() => {
        for (const c of covers) {
          this.statements.saveCover.run(c.subscriberId, c.caseId, c.state, c.episode, c.sequence, c.until, at);
        }
        if (position) this.statements.saveCheckpoint.run(this.relayId, formatPosition(position), at);
      })();
    });
  }

  eventsAfter(position: GlobalPosition | null): Promise<number> {
    // Prepared on first use: the event store creates its table, and may open the file after this store.
    this.countAfter ??= this.db.prepare<[number], { n: number }>(
      'SELECT count(*) AS n FROM events WHERE global_position > ?',
    );
    return Promise.resolve(this.countAfter.get(position ? Number(position.commit) : 0)?.n ?? 0);
  }

  async close(): Promise<void> {
    await this.release();
    await sqliteWriteLock(this.file).run(() => this.db.close());
  }
}
