import { randomBytes, randomUUID } from 'node:crypto';
import { CaseHistory, derivedId, openPersistence, type Persistence } from '@fallverbund/cases-application';
import { TOPICS } from '@fallverbund/contracts';
import { KafkaConsumer, type Subscription } from '@fallverbund/messaging';
import { describeWithKafka, kafkaBrokers, sleep, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { RelayProcess } from './testing/relay-process';

const describeIfServices = process.env['FALLVERBUND_POSTGRES'] === 'missing' ? describe.skip : describeWithKafka;

const STANDBY_POLL_MS = 8_000;

const leads = (line: Record<string, unknown>): boolean => line['msg'] === 'active relay of the database';
const started = (line: Record<string, unknown>): boolean => line['msg'] === 'starting';

/**
 * A standby relay takes over from the active one: after a SIGKILL (its database session ends with the
 * process, and the advisory lock with it; the standby finds it free at its next poll) and after a
 * SIGTERM (it finishes its page, unlocks, wakes the standbys by NOTIFY and exits 0). relay-kill.e2e.int.spec.ts shows delivery across kills with restarts; this one what
 * a second instance adds: how soon it leads, and that nothing is lost across the hand-overs.
 */
describeIfServices('apps/relay: a standby instance takes over from the active one', () => {
  let schema: Awaited<ReturnType<typeof testSchema>>;
  let persistence: Persistence;
  let consumer: KafkaConsumer;
  let subscription: Subscription | undefined;
  const relays: RelayProcess[] = [];

  beforeAll(async () => {
    schema = await testSchema('rh', 2);
    persistence = await openPersistence({
      kind: 'postgres',
      url: testDatabaseUrl(),
      schema: schema.schema,
      poolSize: 4,
      masterKey: randomBytes(32),
    });
    consumer = new KafkaConsumer({ brokers: kafkaBrokers(), clientId: 'relay-handover-test' });
  });

  afterAll(async () => {
    for (const relay of relays) await relay.kill();
    await subscription?.stop();
    await consumer.close();
    await persistence.close();
    await schema.drop();
  });

  it('leads within a few seconds after a SIGKILL and after a SIGTERM, and every event reaches Kafka', async () => {
    const prefix = `test.relayhandover.${randomUUID().slice(0, 8)}.`;
    const received = new Set<string>();
    subscription = await consumer.subscribe({
      groupId: `relay-handover-${prefix}`,
      topics: [`${prefix}${TOPICS.caseEvents}`],
      fromBeginning: true,
      handler: (message) => {
        received.add(message.event.id);
        return Promise.resolve();
      },
    });
    const env = {
      DATABASE_URL: testDatabaseUrl(),
      DATABASE_SCHEMA: schema.schema,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      KAFKA_TOPIC_PREFIX: prefix,
      RELAY_STATUS_MS: '200',
      RELAY_BATCH_SIZE: '50',
      // Long, so that the hand-over on SIGTERM cannot pass for a lucky poll.
      RELAY_STANDBY_POLL_MS: String(STANDBY_POLL_MS),
    };
    const relay = (): RelayProcess => {
      const process = new RelayProcess(env);
      relays.push(process);
      return process;
    };

    // A writer appends a case (opened, then a team member) every 20 ms throughout.
    const expected = new Set<string>();
    let writing = true;
    const writer = (async () => {
      let day = 0;
      while (writing) {
        const h = new CaseHistory();
        const at = new Date(Date.UTC(2025, 10, 1 + (day++ % 28), 8)).toISOString();
        const events = [h.opened(at), h.teamMember(at)];
        await persistence.events.appendToStream(h.streamId, events, 0);
        for (const e of events) expected.add(derivedId(`${TOPICS.caseEvents}|${e.eventId}`));
        await sleep(20);
      }
    })();

    const first = relay();
    expect(await first.waitForLog(leads)).toBe(true);
    const second = relay();
    expect(await second.waitForLog(started)).toBe(true);
    await sleep(1_500); // the standby has tried the lock by now and waits

    const killedAt = Date.now();
    await first.kill();
    expect(await second.waitForLog(leads, 30_000)).toBe(true);
    const afterKillMs = Date.now() - killedAt;

    const third = relay();
    expect(await third.waitForLog(started)).toBe(true);
    await sleep(1_500);
    const stoppedAt = Date.now();
    const stopping = second.stop();
    expect(await third.waitForLog(leads, 30_000)).toBe(true);
    const afterTermMs = Date.now() - stoppedAt;
    expect(await stopping).toBeUndefined();
    expect(await second.exited).toEqual({ code: 0, signal: null });

    writing = false;
    await writer;
    const deadline = Date.now() + 60_000;
    while ([...expected].some((id) => !received.has(id)) && Date.now() < deadline) await sleep(200);
    await third.stop();
    console.log(
      `relay-handover: ${expected.size} events appended; standby led ${afterKillMs} ms after a SIGKILL of the ` +
        `active relay, ${afterTermMs} ms after a SIGTERM; ${received.size} distinct events received`,
    );
    expect([...expected].filter((id) => !received.has(id))).toEqual([]);
    // After a SIGKILL the session ends with the process; a standby finds the lock free at its next poll.
    expect(afterKillMs).toBeLessThan(STANDBY_POLL_MS + 3_000);
    // After a SIGTERM the relay finishes its page, unlocks and notifies: the standby leads at once.
    expect(afterTermMs).toBeLessThan(1_000);
  }, 180_000);
});
