import { randomBytes, randomUUID } from 'node:crypto';
import { CaseHistory, openPersistence, type Persistence } from '@fallverbund/cases-application';
import { describeWithKafka, kafkaBrokers, sleep, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { RelayProcess } from './testing/relay-process';

const describeIfServices = process.env['FALLVERBUND_POSTGRES'] === 'missing' ? describe.skip : describeWithKafka;

const gauge = (text: string, name: string): number | undefined => {
  const match = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
  return match ? Number(match[1]) : undefined;
};

/** apps/relay has no HTTP server: METRICS_PORT gives it a metrics listener of its own. */
describeIfServices('apps/relay metrics on METRICS_PORT', () => {
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let persistence: Persistence;
  let relay: RelayProcess | undefined;

  beforeAll(async () => {
    schema = await testSchema('rmet', 2);
    persistence = await openPersistence({
      kind: 'postgres',
      url: testDatabaseUrl(),
      schema: schema.schema,
      poolSize: 2,
      masterKey: randomBytes(32),
    });
  });
  afterAll(async () => {
    await relay?.stop();
    await persistence.close();
    await schema.drop();
  });

  it('serves the backlog, lag and counters of the relay, and the backlog drains to 0', async () => {
    const histories = Array.from({ length: 3 }, () => new CaseHistory());
    for (const h of histories) {
      await persistence.events.appendToStream(h.streamId, [h.opened(new Date(Date.now() - 60_000).toISOString())], 0);
    }
    let port: number | undefined;
    relay = new RelayProcess({
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: schema.schema,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: `test.relaymetrics.${randomUUID().slice(0, 8)}.`,
      METRICS_PORT: '0',
    });
    expect(
      await relay.waitForLog((line) => {
        if (line['msg'] !== 'metrics listening') return false;
        port = Number(line['port']);
        return true;
      }),
    ).toBe(true);
    const scrape = async (): Promise<string> => {
      const response = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(response.status).toBe(200);
      return response.text();
    };
    const first = await scrape();
    expect(first).toMatch(/^process_cpu_user_seconds_total\{service="relay"\} /m);
    expect(gauge(first, 'fallverbund_relay_backlog_events')).toBeDefined();

    let text = first;
    const deadline = Date.now() + 60_000;
    while (gauge(text, 'fallverbund_relay_backlog_events') !== 0 && Date.now() < deadline) {
      await sleep(250);
      text = await scrape();
    }
    expect(gauge(text, 'fallverbund_relay_backlog_events')).toBe(0);
    expect(gauge(text, 'fallverbund_relay_lag_seconds')).toBe(0);
    expect(gauge(text, 'fallverbund_relay_leading')).toBe(1);
    expect(gauge(text, 'fallverbund_relay_messages_total')).toBeGreaterThanOrEqual(3);
  }, 120_000);
});
