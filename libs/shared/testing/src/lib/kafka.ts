import { randomUUID } from 'node:crypto';

/** `KAFKA_BROKERS` (comma-separated) or the development broker of `deploy/kafka/kafka.sh`. */
export const kafkaBrokers = (): string[] =>
  (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:9092')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);

/** `describe` when the global setup reached Kafka, `describe.skip` (with its warning) otherwise. */
export const describeWithKafka: jest.Describe =
  process.env['FALLVERBUND_KAFKA'] === 'missing' ? describe.skip : describe;

/** A topic name of its own for one test run, so runs against the same broker do not meet. */
export const uniqueTopic = (label: string): string => `test.${label}.${randomUUID().slice(0, 8)}`;
