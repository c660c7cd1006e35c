import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { brokersFromEnv, KafkaConsumer } from '@fallverbund/messaging';
import { FiguresStore } from './figures-store';
import { figuresServer } from './http';
import { postgresSql, sqliteSql, type Sql } from './sql';
import { startEvaluationSubscriber } from './subscriber';

/**
 * The example subscriber: counts the anonymised evaluation stream into its own tables.
 *
 *   KAFKA_BROKERS  brokers, comma-separated (default 127.0.0.1:9092)
 *   GROUP_ID       consumer group (default evaluation-subscriber)
 *   TOPIC          default cases.evaluation.v1 (tests use a topic of their own)
 *   DATABASE_URL   PostgreSQL; without it SQLite in DATA_DIR/evaluation-figures.sqlite
 *   DATA_DIR       default ./data/evaluation-subscriber
 *   PORT           serves GET /figures on 127.0.0.1:PORT (default 3100; 0 = no HTTP)
 */
const openDatabase = (env: NodeJS.ProcessEnv): { sql: Sql; where: string } => {
  const url = env['DATABASE_URL'];
  if (url) return { sql: postgresSql(url), where: 'PostgreSQL' };
  const dir = env['DATA_DIR'] ?? join('data', 'evaluation-subscriber');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'evaluation-figures.sqlite');
  return { sql: sqliteSql(file), where: file };
};

const main = async (env: NodeJS.ProcessEnv = process.env): Promise<void> => {
  const { sql, where } = openDatabase(env);
  const store = new FiguresStore(sql);
  await store.migrate();

  const brokers = brokersFromEnv(env['KAFKA_BROKERS']);
  const consumer = new KafkaConsumer({
    brokers,
    clientId: 'evaluation-subscriber',
    // A database hiccup should not send events to the dead-letter topic: try a few times first.
    handlerRetry: { attempts: 5, backoffMs: 200 },
    onDeadLetter: (dead) => console.warn(`dead letter to ${dead.topic}: ${dead.reason}`),
  });
  const subscription = await startEvaluationSubscriber({
    consumer,
    store,
    groupId: env['GROUP_ID'],
    topic: env['TOPIC'],
  });

  const port = Number(env['PORT'] ?? 3100);
  const server = port > 0 ? figuresServer(store).listen(port, '127.0.0.1') : undefined;
  console.log(
    `evaluation-subscriber: ${brokers.join(',')} → ${where}` + (server ? `; GET http://127.0.0.1:${port}/figures` : ''),
  );

  let stopping = false;
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    server?.close();
    await subscription.stop(); // commits the offsets of what was applied
    await consumer.close();
    await sql.close();
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stop().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
};

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
