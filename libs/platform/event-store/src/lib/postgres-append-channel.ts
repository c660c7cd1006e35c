import { createHash, randomUUID } from 'node:crypto';
import { Client, type Notification, type Pool } from 'pg';

/**
 * Tells other processes on the same database that events were appended, and hears them: a NOTIFY
 * through the pool after appends, and one connection per listening store, outside the pool, that
 * LISTENs on a channel named after the schema (opened by the first wait, never keeping the process alive).
 *
 * The NOTIFY is sent after the append's commit, not inside its transaction: PostgreSQL serialises
 * the commits of notifying transactions on one lock, which would undo group commit. Announcements
 * are coalesced (one in flight, one more if appends came meanwhile, at most one per
 * `ANNOUNCE_INTERVAL_MS`) and never delay the append: under load a notification per round trip cost the
 * appends a tenth of their rate (docs/benchmarks.md "append"), while a listener waits at most a few ms more.
 * Anything lost (a broken connection, a process that starts listening late) is found by the
 * subscriptions' idle poll.
 */
/** The shortest time between two notifications of one store. */
export const ANNOUNCE_INTERVAL_MS = 5;
const NOTIFY_STATEMENT = 'fallverbund-notify';

export class PostgresAppendChannel {
  private readonly channel: string;
  private readonly self = randomUUID();
  private connection: Promise<Client | undefined> | undefined;
  private sending = false;
  private pending = false;
  private closed = false;
  private retryAfter = 0;
  private lastSent = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly pool: Pool,
    schema: string,
    private readonly onRemoteAppend: () => void,
  ) {
    // A hash keeps the name a short, plain identifier whatever the schema is called.
    this.channel = `fallverbund_events_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
  }

  /** Resolves once this store hears other processes' appends (or could not connect). */
  async listen(): Promise<void> {
    await this.connect();
  }

  /** Announces appends this process committed; returns at once. */
  announce(): void {
    if (this.closed) return;
    if (this.sending) {
      this.pending = true;
      return;
    }
    this.sending = true;
    void this.send();
  }

  async close(): Promise<void> {
    this.closed = true;
    const client = await this.connection;
    this.connection = undefined;
    await client?.end().catch(() => undefined);
  }

  private async send(): Promise<void> {
    try {
      do {
        const wait = this.lastSent + ANNOUNCE_INTERVAL_MS - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.pending = false;
        this.lastSent = performance.now();
        // One prepared statement, autocommit. A transaction that only notifies writes no WAL before
        // its commit record, so its commit waits for no flush (checked: 50 of them, one WAL sync, against
        // 50 for 50 one-row INSERTs): the BEGIN, SET LOCAL synchronous_commit = off, NOTIFY, COMMIT it
        // replaces cost four commands for the same.
        await this.pool
          .query({ name: NOTIFY_STATEMENT, text: 'SELECT pg_notify($1, $2)', values: [this.channel, this.self] })
          .catch(() => undefined);
      } while (this.pending && !this.closed);
    } finally {
      this.sending = false;
    }
  }

  private connect(): Promise<Client | undefined> {
    if (this.closed || (this.connection === undefined && Date.now() < this.retryAfter))
      return Promise.resolve(undefined);
    this.connection ??= (async () => {
      const client = new Client(this.pool.options);
      client.on('error', () => this.drop(client));
      client.on('notification', (message: Notification) => {
        if (message.channel === this.channel && message.payload !== this.self) this.onRemoteAppend();
      });
      try {
        await client.connect();
        // A store someone forgets to close must not keep its process running.
        (client as unknown as { connection?: { stream?: { unref?: () => void } } }).connection?.stream?.unref?.();
        await client.query(`LISTEN ${this.channel}`);
        return client;
      } catch {
        this.retryAfter = Date.now() + 1000;
        this.drop(client);
        return undefined;
      }
    })();
    return this.connection;
  }

  /** Forgets a broken connection; the next wait opens a new one. */
  private drop(client: Client): void {
    void client.end().catch(() => undefined);
    this.connection = undefined;
  }
}
