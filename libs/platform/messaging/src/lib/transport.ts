import { type IntegrationEvent } from '@fallverbund/contracts';

/** One integration event bound for a topic; the Kafka key is the case id (or a fixed key). */
export interface OutgoingMessage {
  readonly topic: string;
  readonly key: string;
  readonly event: IntegrationEvent;
}

/**
 * Sends integration events. `publish` resolves only when every message is acknowledged by the
 * broker (all in-sync replicas), in order per key; it rejects if any is not, and the caller sends
 * the whole batch again (at-least-once; consumers de-duplicate on `event.id`).
 */
export interface MessagePublisher {
  publish(messages: readonly OutgoingMessage[]): Promise<void>;
  close(): Promise<void>;
}

export interface DeliveredMessage {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly event: IntegrationEvent;
}

/** A handler throws to refuse a message: it then goes to the dead-letter topic with the reason. */
export type MessageHandler = (message: DeliveredMessage) => Promise<void>;

export interface Subscription {
  stop(): Promise<void>;
}

/**
 * Receives integration events, decoded and checked against the contracts. A message that breaks
 * its contract, or whose handler throws, goes to `deadLetterTopic(topic)` with the reason, and
 * consumption goes on. A message counts as consumed (its offset is committed) only after its
 * handler resolved or its dead letter was stored: at-least-once, so handlers de-duplicate on
 * `event.id`. Order is kept per partition, that is per key.
 * Implementations: `KafkaConsumer`, `InProcessTransport`.
 */
export interface MessageConsumer {
  subscribe(options: {
    readonly groupId: string;
    readonly topics: readonly string[];
    readonly fromBeginning?: boolean;
    readonly handler: MessageHandler;
  }): Promise<Subscription>;
}
