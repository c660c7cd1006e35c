import { Kafka, logLevel as LogLevel, type Admin, type logCreator as logCreatorType } from 'kafkajs';

export { logLevel } from 'kafkajs';

export interface KafkaClientOptions {
  /** `host:port` of one or more brokers, e.g. `['127.0.0.1:9092']`. */
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** kafkajs log level; default WARN (kafkajs logs retried, harmless errors at ERROR). */
  readonly logLevel?: LogLevel;
}

/** `KAFKA_BROKERS` (comma-separated) or the local development broker. */
export const brokersFromEnv = (value = process.env['KAFKA_BROKERS']): string[] =>
  (value ?? '127.0.0.1:9092')
    .split(',')
    .map((broker) => broker.trim())
    .filter(Boolean);

/**
 * kafkajs's console logger, minus one warning: kafkajs warns whenever an idempotent producer has a
 * finite retry count. Ours is finite on purpose, so that `publish` rejects during a broker outage
 * (after about half a minute) instead of hanging; the caller then sends the batch again, and consumers
 * de-duplicate on the event id (at-least-once), so no guarantee is lost that we rely on.
 */
const logCreator: logCreatorType = () => (entry) => {
  const { message, ...extra } = entry.log;
  if (message.startsWith('Limiting retries for the idempotent producer')) return;
  const line = JSON.stringify({
    level: LogLevel[entry.level],
    logger: 'kafkajs',
    namespace: entry.namespace,
    message,
    ...extra,
  });
  if (entry.level <= LogLevel.ERROR) console.error(line);
  else if (entry.level === LogLevel.WARN) console.warn(line);
  else console.log(line);
};

export const createKafka = (options: KafkaClientOptions): Kafka =>
  new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    logLevel: options.logLevel ?? LogLevel.WARN,
    logCreator,
    retry: { initialRetryTime: 100, retries: 8 },
  });

/** Partitions of a topic the platform creates: 3 for event topics, 1 for a dead-letter topic. */
export const partitionsFor = (topic: string): number => (topic.endsWith('.dlq') ? 1 : 3);

/**
 * Creates missing topics once per process (kafkajs `createTopics` leaves existing ones alone).
 * Concurrent callers share one request per topic.
 */
export class TopicCreator {
  private readonly known = new Map<string, Promise<void>>();
  private admin: Promise<Admin> | undefined;

  constructor(private readonly kafka: Kafka) {}

  async ensure(topics: Iterable<string>): Promise<void> {
    const pending: Promise<void>[] = [];
    const missing: string[] = [];
    for (const topic of new Set(topics)) {
      const known = this.known.get(topic);
      if (known) pending.push(known);
      else missing.push(topic);
    }
    if (missing.length > 0) {
      const creating = this.create(missing);
      for (const topic of missing) {
        const entry = creating.catch((error: unknown) => {
          this.known.delete(topic);
          throw error;
        });
        this.known.set(topic, entry);
        pending.push(entry);
      }
    }
    await Promise.all(pending);
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await (await admin.catch(() => undefined))?.disconnect();
  }

  private async create(topics: readonly string[]): Promise<void> {
    const admin = await this.connectedAdmin();
    // Ask first: creating an existing topic works, but kafkajs logs it as an ERROR.
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({ topic, numPartitions: partitionsFor(topic) })),
    });
  }

  private connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      this.admin = admin.connect().then(() => admin);
      this.admin.catch(() => (this.admin = undefined));
    }
    return this.admin;
  }
}
