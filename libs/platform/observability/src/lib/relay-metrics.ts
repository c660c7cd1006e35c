import { type EventStore, parsePosition } from '@fallverbund/event-store';
import { Counter, Gauge, type Registry } from 'prom-client';

/** What the metrics read of an outbox relay (IntegrationRelay fits). */
export interface RelayProbe {
  readonly stats: {
    readonly leading: boolean;
    readonly position: string | null;
    readonly messages: number;
    readonly failures: number;
  };
  /** Events in the log the relay has not delivered yet. */
  lag(): Promise<number>;
}

/**
 * The relay's series on `registry`: backlog (events not yet published), lag (age of the oldest of
 * them), whether this instance is the active relay, and its message and failure counts.
 */
export function relayMetrics(
  registry: Registry,
  relay: RelayProbe,
  events: EventStore,
  options: { readonly now?: () => Date; readonly onCollectError?: (source: string, error: unknown) => void } = {},
): void {
  const now = options.now ?? (() => new Date());
  const failed = (error: unknown): void => options.onCollectError?.('relay', error);
  new Gauge({
    name: 'fallverbund_relay_backlog_events',
    help: 'Events in the log the relay has not published yet',
    registers: [registry],
    async collect() {
      this.reset();
      try {
        this.set(await relay.lag());
      } catch (error) {
        failed(error);
      }
    },
  });
  new Gauge({
    name: 'fallverbund_relay_lag_seconds',
    help: 'Age of the oldest event the active relay has not published yet (0: up to date)',
    registers: [registry],
    async collect() {
      this.reset();
      if (!relay.stats.leading) return;
      try {
        const { position } = relay.stats;
        const [next] = await events.readAll({ ...(position ? { after: parsePosition(position) } : {}), limit: 1 });
        const occurred = next ? Date.parse(next.metadata.occurredAt) : NaN;
        this.set(Number.isNaN(occurred) ? 0 : Math.max(0, (now().getTime() - occurred) / 1000));
      } catch (error) {
        failed(error);
      }
    },
  });
  new Gauge({
    name: 'fallverbund_relay_leading',
    help: '1 when this instance is the active relay of the database, 0 when it stands by',
    registers: [registry],
    collect() {
      this.set(relay.stats.leading ? 1 : 0);
    },
  });
  const counted = (name: string, help: string, read: () => number): void => {
    let seen = 0;
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        const value = read();
        if (value > seen) this.inc(value - seen);
        seen = Math.max(seen, value);
      },
    });
  };
  counted('fallverbund_relay_messages_total', 'Messages the broker acknowledged', () => relay.stats.messages);
  counted(
    'fallverbund_relay_failures_total',
    'Relay pages that failed and were tried again',
    () => relay.stats.failures,
  );
}
