import { type Consumer, type Kafka } from 'kafkajs';
import { ContractValidator } from './contract-validator';
import { deliver, type DeadLetter, type HandlerRetry } from './delivery';
import { createKafka, TopicCreator, type KafkaClientOptions } from './kafka-client';
import { KafkaPublisher } from './kafka-publisher';
import { type MessageConsumer, type MessageHandler, type Subscription } from './transport';

export interface KafkaConsumerOptions extends KafkaClientOptions {
  /** Create subscribed topics that do not exist yet (default true), so a subscriber may start first. */
  readonly createTopics?: boolean;
  /** How long `subscribe` waits for the consumer to join its group (default 30 s). */
  readonly joinTimeoutMs?: number;
  /** Call a throwing handler again before dead-lettering its message (default: no retry). */
  readonly handlerRetry?: HandlerRetry;
  /** Called for every dead letter after it was stored (for logs and metrics). */
  readonly onDeadLetter?: (deadLetter: DeadLetter) => void;
}

/**
 * Consumes integration events from Kafka, one consumer group member per `subscribe`.
 *
 * Each message is decoded and checked against its contract, then handed to the handler. A message
 * that breaks the contract, or that the handler refuses (throws), is written to `<topic>.dlq` with
 * the reason, and consumption goes on.
 *
 * Offsets: kafkajs `eachMessage` with auto-commit. kafkajs marks a message's offset as done only
 * when `eachMessage` resolved, and `eachMessage` resolves only after the handler succeeded or the
 * dead letter was acknowledged; the done offsets are committed every second, on rebalance and on
 * `stop`. If the dead-letter send fails, `eachMessage` rejects, nothing is marked done and kafkajs
 * delivers the message again. So delivery is at-least-once: after a crash the messages since the
 * last commit (≤ 1 s) come again, and handlers de-duplicate on `event.id` (see the inbox in
 * apps/evaluation-subscriber). Partitions are read one message at a time, so the order per
 * partition — per case — is kept.
 */
export class KafkaConsumer implements MessageConsumer {
  private readonly kafka: Kafka;
  private readonly topics: TopicCreator;
  private readonly validator = new ContractValidator('tolerant');
  private readonly deadLetters: KafkaPublisher;
  private readonly running = new Set<Consumer>();

  constructor(private readonly options: KafkaConsumerOptions) {
    this.kafka = createKafka(options);
    this.topics = new TopicCreator(this.kafka);
    this.deadLetters = new KafkaPublisher({ ...options, clientId: `${options.clientId}-dlq`, validate: false });
  }

  async subscribe(options: {
    readonly groupId: string;
    readonly topics: readonly string[];
    readonly fromBeginning?: boolean;
    readonly handler: MessageHandler;
  }): Promise<Subscription> {
    if (this.options.createTopics !== false) await this.topics.ensure(options.topics);
    const consumer = this.kafka.consumer({
      groupId: options.groupId,
      allowAutoTopicCreation: false,
      // The broker answers a fetch as soon as data is there; this only bounds an idle long poll, and
      // with it how long `stop()` waits for the poll in flight (kafkajs default: 5 s).
      maxWaitTimeInMs: 500,
    });
    const joined = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`consumer group ${options.groupId} did not join within ${this.joinTimeout()} ms`)),
        this.joinTimeout(),
      );
      const removeJoin = consumer.on(consumer.events.GROUP_JOIN, () => {
        clearTimeout(timer);
        removeJoin();
        resolve();
      });
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics: [...options.topics], fromBeginning: options.fromBeginning ?? false });
      await consumer.run({
        autoCommit: true,
        autoCommitInterval: 1000,
        partitionsConsumedConcurrently: 1,
        eachMessage: async ({ topic, partition, message }) => {
          const outcome = await deliver(
            {
              topic,
              partition,
              offset: message.offset,
              key: message.key,
              value: message.value,
              headers: message.headers,
            },
            this.validator,
            options.handler,
            (deadLetter) => this.sendDeadLetter(deadLetter),
            this.options.handlerRetry,
          );
          if (!outcome.handled) this.options.onDeadLetter?.(outcome.deadLetter);
        },
      });
      await joined;
    } catch (error) {
      joined.catch(() => undefined);
      await consumer.disconnect().catch(() => undefined);
      throw error;
    }
    this.running.add(consumer);
    return {
      stop: async () => {
        if (!this.running.delete(consumer)) return;
        // disconnect stops the fetch loop, commits the done offsets and leaves the group.
        await consumer.disconnect();
      },
    };
  }

  /** Stops every subscription and closes the dead-letter producer. */
  async close(): Promise<void> {
    const consumers = [...this.running];
    this.running.clear();
    await Promise.all(consumers.map((consumer) => consumer.disconnect()));
    await this.deadLetters.close();
    await this.topics.close();
  }

  private joinTimeout(): number {
    return this.options.joinTimeoutMs ?? 30_000;
  }

  private sendDeadLetter(deadLetter: DeadLetter): Promise<void> {
    return this.deadLetters.sendRaw(deadLetter.topic, [
      { key: deadLetter.key, value: deadLetter.value, headers: { ...deadLetter.headers } },
    ]);
  }
}
