import { randomUUID } from 'node:crypto';
import { type DeliveredMessage, KafkaConsumer, type Subscription } from '@fallverbund/messaging';
import { sleep } from '@fallverbund/testing';

/** Reads topics from the beginning with the platform's consumer and keeps every message, in arrival order. */
export class KafkaCollector {
  private constructor(
    readonly received: readonly DeliveredMessage[],
    private readonly consumer: KafkaConsumer,
    private readonly subscription: Subscription,
  ) {}

  static async start(brokers: readonly string[], topics: readonly string[]): Promise<KafkaCollector> {
    const consumer = new KafkaConsumer({ brokers, clientId: 'api-e2e-collector' });
    const received: DeliveredMessage[] = [];
    const subscription = await consumer.subscribe({
      groupId: `collector-${randomUUID()}`,
      topics,
      fromBeginning: true,
      handler: (message) => {
        received.push(message);
        return Promise.resolve();
      },
    });
    return new KafkaCollector(received, consumer, subscription);
  }

  /** Waits until `done` holds for what was received, then `settleMs` more for stragglers (duplicates, strays). */
  async until(
    done: (received: readonly DeliveredMessage[]) => boolean,
    timeoutMs = 60_000,
    settleMs = 1_500,
  ): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.received)) {
      if (Date.now() > deadline) return false;
      await sleep(100);
    }
    await sleep(settleMs);
    return true;
  }

  async stop(): Promise<void> {
    await this.subscription.stop();
    await this.consumer.close();
  }
}
