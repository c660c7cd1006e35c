import { EVALUATION_EVENT_TYPES, integrationEvent } from '@fallverbund/contracts';
import {
  encodeEvent,
  headersToStrings,
  KafkaConsumer,
  KafkaPublisher,
  type Subscription,
} from '@fallverbund/messaging';
import { describeWithKafka, freePort, kafkaBrokers, sleep, tempDir, uniqueTopic } from '@fallverbund/testing';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { FiguresStore, type Figures } from './figures-store';
import { sqliteSql, type Sql } from './sql';
import { startEvaluationSubscriber } from './subscriber';
import { evaluationBatch, expectedFigures } from './testing/evaluation-batch';

const waitFor = async <T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000) => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await sleep(50);
  }
};

const sentinel = (id: string) =>
  integrationEvent(EVALUATION_EVENT_TYPES.consentWithdrawn, {
    id,
    time: '2026-12-01T09:00:00Z',
    data: { month: '2026-12' },
  });
const withSentinel = (figures: Figures, count = 1): Figures => ({
  ...figures,
  consentsWithdrawn: [...figures.consentsWithdrawn, { month: '2026-12', count }],
});

describeWithKafka('evaluation subscriber against the real broker', () => {
  const brokers = kafkaBrokers();
  let publisher: KafkaPublisher;
  let consumer: KafkaConsumer;
  let dir: { path: string; remove(): void };
  let sql: Sql;
  let store: FiguresStore;
  let subscription: Subscription | undefined;

  beforeAll(() => {
    publisher = new KafkaPublisher({ brokers, clientId: 'evaluation-subscriber-test' });
    consumer = new KafkaConsumer({ brokers, clientId: 'evaluation-subscriber-test' });
  });
  beforeEach(async () => {
    dir = tempDir('evaluation-subscriber');
    sql = sqliteSql(join(dir.path, 'figures.sqlite'));
    store = new FiguresStore(sql);
    await store.migrate();
  });
  afterEach(async () => {
    await subscription?.stop();
    subscription = undefined;
    await sql.close();
    dir.remove();
  });
  afterAll(async () => {
    await consumer.close();
    await publisher.close();
  });

  it('has the figures of a published batch, and a batch sent again (same ids) changes nothing', async () => {
    const topic = uniqueTopic('evaluation');
    const batch = evaluationBatch(randomUUID());
    await publisher.publish(batch.map((event) => ({ topic, key: 'evaluation', event })));
    subscription = await startEvaluationSubscriber({ consumer, store, topic, groupId: `g-${topic}` });
    await waitFor(
      'the figures',
      () => store.figures(),
      (f) => JSON.stringify(f) === JSON.stringify(expectedFigures),
    );

    // The relay sends the whole batch again (as after a crash before its checkpoint), then one new record.
    await publisher.publish([...batch, sentinel(randomUUID())].map((event) => ({ topic, key: 'evaluation', event })));
    const figures = await waitFor(
      'the new record',
      () => store.figures(),
      (f) => f.consentsWithdrawn.length === 2,
    );
    expect(figures).toEqual(withSentinel(expectedFigures));
  });

  it('sends a malformed message to the dead-letter topic and goes on', async () => {
    const topic = uniqueTopic('evaluation');
    const first = sentinel(randomUUID());
    const raw = new Kafka({ clientId: 'test-raw', brokers, logLevel: logLevel.NOTHING }).producer();
    await publisher.ensureTopics([topic]);
    await raw.connect();
    const wire = encodeEvent(first, 'evaluation');
    await raw.send({
      topic,
      messages: [{ key: 'evaluation', value: '{"month": 2026-12}', headers: { ...wire.headers } }],
    });
    await raw.disconnect();
    await publisher.publish([{ topic, key: 'evaluation', event: first }]);

    subscription = await startEvaluationSubscriber({ consumer, store, topic, groupId: `g-${topic}` });
    const figures = await waitFor(
      'the valid record',
      () => store.figures(),
      (f) => f.consentsWithdrawn.length === 1,
    );
    expect(figures.consentsWithdrawn).toEqual([{ month: '2026-12', count: 1 }]);

    const dlq = new Kafka({ clientId: 'test-raw', brokers, logLevel: logLevel.NOTHING }).consumer({
      groupId: `dlq-${topic}`,
      maxWaitTimeInMs: 500,
    });
    const dead: Record<string, string>[] = [];
    await dlq.connect();
    await dlq.subscribe({ topics: [`${topic}.dlq`], fromBeginning: true });
    await dlq.run({ eachMessage: ({ message }) => Promise.resolve(void dead.push(headersToStrings(message.headers))) });
    await waitFor(
      'the dead letter',
      () => Promise.resolve(dead.length),
      (n) => n === 1,
    );
    await dlq.disconnect();
    expect(dead[0]).toEqual(expect.objectContaining({ ce_id: first.id, dlq_topic: topic, dlq_offset: '0' }));
    expect(dead[0]!['dlq_reason']).toMatch(/^malformed_json: /);
  });

  it('runs as its own process (src/main.ts): GET /figures after a batch, clean stop on SIGTERM', async () => {
    const topic = uniqueTopic('evaluation');
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/evaluation-subscriber/src/main.ts'], {
      env: {
        ...process.env,
        KAFKA_BROKERS: brokers.join(','),
        TOPIC: topic,
        GROUP_ID: `g-${topic}`,
        DATA_DIR: dir.path,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await publisher.publish(evaluationBatch(randomUUID()).map((event) => ({ topic, key: 'evaluation', event })));
      const figures = await waitFor(
        'GET /figures',
        () =>
          fetch(`http://127.0.0.1:${port}/figures`).then(
            (response) => response.json() as Promise<Figures>,
            () => undefined,
          ),
        (f) => JSON.stringify(f) === JSON.stringify(expectedFigures),
        60_000,
      );
      expect(figures).toEqual(expectedFigures);
    } catch (error) {
      throw new Error(`${String(error)}\n--- subscriber output ---\n${output}`);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });
});
