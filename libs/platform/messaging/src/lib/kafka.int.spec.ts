import { CASE_EVENT_TYPES, exampleEvent, INTEGRATION_EVENT_TYPES, type IntegrationEvent } from '@fallverbund/contracts';
import { describeWithKafka, kafkaBrokers, sleep, uniqueTopic } from '@fallverbund/testing';
import { Kafka, logLevel, type IHeaders } from 'kafkajs';
import { encodeEvent, headersToStrings } from './cloudevents-kafka';
import { KafkaConsumer } from './kafka-consumer';
import { ContractViolationError, KafkaPublisher } from './kafka-publisher';
import { type DeliveredMessage, type Subscription } from './transport';

/** A handler that records synchronously. */
const resolved = (_recorded: unknown): Promise<void> => Promise.resolve();

const waitFor = async (what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
};

/** Reads a topic from the beginning with a plain kafkajs consumer until `count` messages arrived. */
const readRaw = async (topic: string, count: number) => {
  const consumer = new Kafka({ clientId: 'test-raw', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).consumer({
    groupId: `raw-${topic}`,
    maxWaitTimeInMs: 500,
  });
  const messages: { key: string | null; value: string | null; headers: Record<string, string>; partition: number }[] =
    [];
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: ({ partition, message }) =>
      resolved(
        messages.push({
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          headers: headersToStrings(message.headers),
          partition,
        }),
      ),
  });
  try {
    await waitFor(`${count} messages on ${topic}`, () => messages.length >= count);
  } finally {
    await consumer.disconnect();
  }
  return messages;
};

describeWithKafka('Kafka publisher and consumer against the real broker', () => {
  const clientId = 'messaging-int';
  let publisher: KafkaPublisher;
  let consumer: KafkaConsumer;
  const subscriptions: Subscription[] = [];

  beforeAll(() => {
    publisher = new KafkaPublisher({ brokers: kafkaBrokers(), clientId });
    consumer = new KafkaConsumer({ brokers: kafkaBrokers(), clientId });
  });
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
  });
  afterAll(async () => {
    await consumer.close();
    await publisher.close();
  });

  const collect = async (topic: string, group = `g-${topic}`, fromBeginning = true) => {
    const received: DeliveredMessage[] = [];
    subscriptions.push(
      await consumer.subscribe({
        groupId: group,
        topics: [topic],
        fromBeginning,
        handler: (m) => resolved(received.push(m)),
      }),
    );
    return received;
  };

  it('round-trips every contract type, with key, headers and data as sent', async () => {
    const topic = uniqueTopic('roundtrip');
    const events = INTEGRATION_EVENT_TYPES.map((type) => exampleEvent(type, { id: `rt-${type}`, subject: 'case-rt' }));
    await publisher.publish(events.map((event) => ({ topic, key: 'case-rt', event })));
    const received = await collect(topic);
    await waitFor('all types', () => received.length === events.length);
    expect(received.map((m) => m.event)).toEqual(events);
    expect(new Set(received.map((m) => m.key))).toEqual(new Set(['case-rt']));
    expect(new Set(received.map((m) => m.partition)).size).toBe(1);
  });

  it('sends what breaks the contract, and what the handler refuses, to <topic>.dlq with the reason, and goes on', async () => {
    const topic = uniqueTopic('dlq');
    await publisher.ensureTopics([topic]);
    const valid = (n: number): IntegrationEvent =>
      exampleEvent(CASE_EVENT_TYPES.opened, { id: `ok-${n}`, subject: 'case-d', sequence: n });
    const wire = encodeEvent(valid(9), 'case-d');
    const raw = new Kafka({ clientId: 'test-raw', brokers: kafkaBrokers(), logLevel: logLevel.NOTHING }).producer();
    await raw.connect();
    const bad: { value: string; headers: IHeaders }[] = [
      { value: wire.value, headers: { ...wire.headers, ce_type: 'cases.case.opened.v9' } },
      { value: '{"leadAgencyId": "x",', headers: { ...wire.headers } },
      { value: '{"leadAgencyId":"x","leadAgencyType":"bakery"}', headers: { ...wire.headers } },
    ];
    await raw.send({ topic, messages: bad.map((m) => ({ key: 'case-d', ...m })) });
    await raw.disconnect();
    await publisher.publish([1, 2, 3].map((n) => ({ topic, key: 'case-d', event: valid(n) })));

    const handled: string[] = [];
    subscriptions.push(
      await consumer.subscribe({
        groupId: `g-${topic}`,
        topics: [topic],
        fromBeginning: true,
        handler: (m) => {
          if (m.event.id === 'ok-2') return Promise.reject(new Error('refused by the handler'));
          return resolved(handled.push(m.event.id));
        },
      }),
    );
    await waitFor('the valid messages', () => handled.length === 2);
    expect(handled).toEqual(['ok-1', 'ok-3']);

    const dead = await readRaw(`${topic}.dlq`, 4);
    expect(dead.map((d) => d.headers['dlq_reason'])).toEqual([
      'unknown_type: cases.case.opened.v9',
      expect.stringMatching(/^malformed_json: /),
      expect.stringMatching(/^schema_violation: \/leadAgencyType must be equal to one of the allowed values/),
      'handler_failed: refused by the handler',
    ]);
    expect(dead.map((d) => d.value)).toEqual([...bad.map((b) => b.value), JSON.stringify(valid(2).data)]);
    const partition = dead[0]!.headers['dlq_partition'];
    expect(dead.map((d) => d.headers['dlq_offset'])).toEqual(['0', '1', '2', '4']);
    for (const d of dead) {
      expect(d.key).toBe('case-d');
      expect(d.headers).toEqual(
        expect.objectContaining({ dlq_topic: topic, dlq_partition: partition, ce_source: '/fallverbund/cases' }),
      );
    }
  });

  it('keeps publish order per key across partitions and batches', async () => {
    const topic = uniqueTopic('order');
    const cases = Array.from({ length: 24 }, (_, i) => `case-${i}`);
    const perCase = 25;
    const batches: { topic: string; key: string; event: IntegrationEvent }[][] = [];
    for (let n = 1; n <= perCase; n += 5) {
      batches.push(
        cases.flatMap((caseId) =>
          [n, n + 1, n + 2, n + 3, n + 4].map((sequence) => ({
            topic,
            key: caseId,
            event: exampleEvent(CASE_EVENT_TYPES.teamMemberAdded, {
              id: `${caseId}-${sequence}`,
              subject: caseId,
              sequence,
            }),
          })),
        ),
      );
    }
    const received = await collect(topic);
    for (const batch of batches) await publisher.publish(batch);
    await waitFor('every event', () => received.length === cases.length * perCase);
    const partitionsOfCase = new Map<string, Set<number>>();
    const sequences = new Map<string, number[]>();
    for (const m of received) {
      partitionsOfCase.set(m.key!, (partitionsOfCase.get(m.key!) ?? new Set()).add(m.partition));
      sequences.set(m.key!, [...(sequences.get(m.key!) ?? []), m.event.sequence!]);
    }
    const ordered = Array.from({ length: perCase }, (_, i) => i + 1);
    for (const caseId of cases) {
      expect(sequences.get(caseId)).toEqual(ordered);
      expect(partitionsOfCase.get(caseId)!.size).toBe(1);
    }
    expect(new Set(received.map((m) => m.partition))).toEqual(new Set([0, 1, 2]));
  });

  it('commits what was handled: a group resumes after its last message', async () => {
    const topic = uniqueTopic('resume');
    const event = (n: number) =>
      exampleEvent(CASE_EVENT_TYPES.consentWithdrawn, { id: `r-${n}`, subject: 'case-r', sequence: n });
    await publisher.publish([1, 2, 3].map((n) => ({ topic, key: 'case-r', event: event(n) })));
    const first = await collect(topic, `g-${topic}`);
    await waitFor('first three', () => first.length === 3);
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    await publisher.publish([4, 5].map((n) => ({ topic, key: 'case-r', event: event(n) })));
    const second = await collect(topic, `g-${topic}`);
    await waitFor('the next two', () => second.length === 2);
    await sleep(300);
    expect(second.map((m) => m.event.id)).toEqual(['r-4', 'r-5']);
  });

  it('refuses to publish an event that breaks its contract', async () => {
    const event = exampleEvent(CASE_EVENT_TYPES.healthNoteRecorded);
    const leaking = { ...event, data: { ...event.data, text: 'Diagnose …' } };
    await expect(
      publisher.publish([{ topic: uniqueTopic('refused'), key: 'case-42', event: leaking }]),
    ).rejects.toThrow(ContractViolationError);
  });
});
