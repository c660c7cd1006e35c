import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeWithPostgres, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { Client, Pool } from 'pg';
import { CatchUpSubscription } from './catch-up-subscription';
import { type NewEvent, type RecordedEvent } from './event-store';
import { ANNOUNCE_INTERVAL_MS } from './postgres-append-channel';
import { PostgresEventStore } from './postgres-event-store';

const event = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'Noted',
  schemaVersion: 1,
  data: {},
  metadata: {
    occurredAt: '2026-12-04T10:00:00.000Z',
    actor: { userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker' },
    purpose: 'integration',
    correlationId: randomUUID(),
    causationId: null,
  },
});

// Two stores on one database with pools of their own stand for two app processes.
describeWithPostgres('PostgresEventStore across processes (LISTEN/NOTIFY)', () => {
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let otherPool: Pool;
  const stores: PostgresEventStore[] = [];
  const open = async (pool: Pool, notify = true) => {
    const store = await PostgresEventStore.create({ pool, schema: schema.schema, notify });
    stores.push(store);
    return store;
  };

  beforeEach(async () => {
    schema = await testSchema('es_notify', 4);
    otherPool = new Pool({ connectionString: testDatabaseUrl(), max: 4 });
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((s) => s.close()));
    await otherPool.end();
    await schema.drop();
  });

  it("wakes a waiting store when another process appends, long before the wait's timeout", async () => {
    const writer = await open(schema.pool);
    const reader = await open(otherPool);
    await reader.listen();
    const started = Date.now();
    const woke = reader.waitForAppends(10_000);
    await writer.appendToStream(`note-${randomUUID()}`, [event()], 0);
    await woke;
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('announces a burst of appends in at most one notification per interval, the last append included', async () => {
    const writer = await open(schema.pool);
    const listener = new Client({ connectionString: testDatabaseUrl() });
    await listener.connect();
    try {
      const channel = `fallverbund_events_${createHash('sha256').update(schema.schema).digest('hex').slice(0, 16)}`;
      const heard: number[] = [];
      listener.on('notification', (message) => {
        if (message.channel === channel) heard.push(performance.now());
      });
      await listener.query(`LISTEN ${channel}`);
      const started = performance.now();
      for (let i = 0; i < 100; i++) await writer.appendToStream(`note-${randomUUID()}`, [event()], 0);
      const lastAppended = performance.now();
      // The appends after the last notification sent are announced too, one interval later at most.
      for (let i = 0; i < 100 && heard.every((t) => t < lastAppended); i++) await sleep(10);
      const elapsed = performance.now() - started;
      expect(heard.some((t) => t >= lastAppended)).toBe(true);
      expect(heard.length).toBeLessThanOrEqual(Math.ceil(elapsed / ANNOUNCE_INTERVAL_MS) + 1);
      expect(heard.length).toBeLessThan(100);
    } finally {
      await listener.end();
    }
  });

  it('lets a subscription in another process catch an append at once, not after its idle poll', async () => {
    const writer = await open(schema.pool);
    const reader = await open(otherPool);
    await reader.listen();
    const seen: RecordedEvent[] = [];
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    const subscription = new CatchUpSubscription(reader, {
      subscriptionId: 'notify-test',
      idleMs: 10_000,
      handle: (events) => {
        seen.push(...events);
        arrived();
        return Promise.resolve();
      },
    });
    subscription.start();
    try {
      // The first, empty read has to finish so that the subscription is idle.
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      const appended = await writer.appendToStream(`note-${randomUUID()}`, [event()], 0);
      await arrival;
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(seen.map((e) => e.position)).toEqual([appended.lastPosition]);
    } finally {
      await subscription.stop();
    }
  });

  it('is not woken by another process that does not announce (the idle poll finds its appends)', async () => {
    const writer = await open(schema.pool, false);
    const reader = await open(otherPool);
    await reader.listen();
    const started = Date.now();
    const woke = reader.waitForAppends(1_500);
    await writer.appendToStream(`note-${randomUUID()}`, [event()], 0);
    await woke;
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_400);
  });
});
