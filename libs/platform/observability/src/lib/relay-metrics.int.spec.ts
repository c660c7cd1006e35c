import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { type AddressInfo } from 'node:net';
import { SqliteEventStore } from '@fallverbund/event-store';
import { tempDir } from '@fallverbund/testing';
import { createMetricsRegistry } from './metrics-registry';
import { startMetricsListener } from './metrics-listener';
import { type RelayProbe, relayMetrics } from './relay-metrics';

const event = (occurredAt: string) => ({
  eventId: randomUUID(),
  type: 'NoteForTest',
  schemaVersion: 1,
  data: {},
  metadata: {
    occurredAt,
    actor: { userId: 'u', agencyId: 'a', role: 'caseworker' as const },
    purpose: 'integration' as const,
    correlationId: randomUUID(),
    causationId: null,
  },
});

/**
 * The relay's series as apps/relay serves them on METRICS_PORT: a real event store and a real HTTP
 * listener; the relay's counters come from a stand-in (the relay itself needs a broker, and is
 * proven by its own suites).
 */
describe('relay metrics on a listener of their own', () => {
  const dir = tempDir('relay-metrics');
  const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
  afterAll(async () => {
    await store.close();
    dir.remove();
  });

  it('serves backlog, lag, leading and counters at /metrics and nothing else', async () => {
    const minuteAgo = new Date(Date.now() - 60_000).toISOString();
    const first = await store.appendToStream(`case-${randomUUID()}`, [event(minuteAgo)], 0);
    await store.appendToStream(`case-${randomUUID()}`, [event(minuteAgo)], 0);
    const stats = { leading: true, position: null as string | null, messages: 7, failures: 2 };
    const relay: RelayProbe = { stats, lag: () => Promise.resolve(2) };
    const registry = createMetricsRegistry({ processMetrics: false });
    relayMetrics(registry, relay, store);
    const server = await startMetricsListener({ registry, port: 0 });
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const scrape = async (): Promise<string> => {
        const response = await fetch(`${base}/metrics`);
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
        return response.text();
      };
      const text = await scrape();
      expect(text).toMatch(/^fallverbund_relay_backlog_events 2$/m);
      expect(text).toMatch(/^fallverbund_relay_leading 1$/m);
      expect(text).toMatch(/^fallverbund_relay_messages_total 7$/m);
      expect(text).toMatch(/^fallverbund_relay_failures_total 2$/m);
      const lag = Number(/^fallverbund_relay_lag_seconds (\S+)$/m.exec(text)?.[1]);
      expect(lag).toBeGreaterThanOrEqual(59);

      // Past the first event: the second is as old; past both: nothing waits.
      stats.position = `${first.lastPosition.commit}/${first.lastPosition.prepare}`;
      stats.messages = 9;
      expect(Number(/^fallverbund_relay_lag_seconds (\S+)$/m.exec(await scrape())?.[1])).toBeGreaterThanOrEqual(59);
      const [, second] = await store.readAll({ limit: 2 });
      stats.position = `${second?.position.commit}/${second?.position.prepare}`;
      const after = await scrape();
      expect(after).toMatch(/^fallverbund_relay_lag_seconds 0$/m);
      expect(after).toMatch(/^fallverbund_relay_messages_total 9$/m);

      expect((await fetch(`${base}/`)).status).toBe(404);
      expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
