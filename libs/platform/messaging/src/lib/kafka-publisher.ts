import { isKnownType, envelopeProblem } from '@fallverbund/contracts';
import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { encodeEvent } from './cloudevents-kafka';
import { ContractValidator } from './contract-validator';
import { createKafka, TopicCreator, type KafkaClientOptions } from './kafka-client';
import { type MessagePublisher, type OutgoingMessage } from './transport';

export interface KafkaPublisherOptions extends KafkaClientOptions {
  /** Check every event against its contract before sending (default true). */
  readonly validate?: boolean;
  /** Create missing topics on first use (default true); otherwise call `ensureTopics` or create them yourself. */
  readonly createTopics?: boolean;
}

/** An event that breaks its contract: nothing of the batch was sent. */
export class ContractViolationError extends Error {
  override readonly name = 'ContractViolationError';
}

/**
 * Publishes integration events to Kafka: idempotent producer (no duplicates or reordering from the
 * producer's own retries), one request in flight, acks from all in-sync replicas. `publish` sends
 * one `sendBatch` for all messages and resolves after the broker acknowledged every one.
 */
export class KafkaPublisher implements MessagePublisher {
  private readonly kafka: Kafka;
  private readonly producer: Producer;
  private readonly topics: TopicCreator;
  private readonly validator: ContractValidator | undefined;
  private connected: Promise<void> | undefined;

  constructor(private readonly options: KafkaPublisherOptions) {
    this.kafka = createKafka(options);
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      // murmur2 of the key, as the Java client: a case stays on one partition whatever client sends it.
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    this.topics = new TopicCreator(this.kafka);
    this.validator = options.validate === false ? undefined : new ContractValidator('strict');
  }

  /** Creates the topics that do not exist yet (3 partitions, 1 for `*.dlq`). */
  ensureTopics(topics: readonly string[]): Promise<void> {
    return this.topics.ensure(topics);
  }

  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    this.check(messages);
    const byTopic = new Map<string, Message[]>();
    for (const message of messages) {
      const wire = encodeEvent(message.event, message.key);
      const list = byTopic.get(message.topic) ?? [];
      list.push({ key: wire.key, value: wire.value, headers: { ...wire.headers } });
      byTopic.set(message.topic, list);
    }
    if (this.options.createTopics !== false) await this.topics.ensure(byTopic.keys());
    await this.connect();
    await this.producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })),
    });
  }

  /** Sends already-encoded messages as they are (used for dead letters). */
  async sendRaw(topic: string, messages: readonly Message[]): Promise<void> {
    if (this.options.createTopics !== false) await this.topics.ensure([topic]);
    await this.connect();
    await this.producer.send({ topic, acks: -1, messages: [...messages] });
  }

  async close(): Promise<void> {
    const connected = this.connected;
    this.connected = undefined;
    await this.topics.close();
    if (connected) await this.producer.disconnect();
  }

  private connect(): Promise<void> {
    if (!this.connected) {
      this.connected = this.producer.connect();
      this.connected.catch(() => (this.connected = undefined));
    }
    return this.connected;
  }

  private check(messages: readonly OutgoingMessage[]): void {
    if (!this.validator) return;
    for (const { event } of messages) {
      const problem = !isKnownType(event.type)
        ? `unknown type ${event.type}`
        : (this.validator.problem(event.type, event.data) ?? envelopeProblem(event));
      if (problem) throw new ContractViolationError(`${event.type} ${event.id}: ${problem}`);
    }
  }
}
