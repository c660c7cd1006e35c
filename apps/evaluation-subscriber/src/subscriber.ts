import { TOPICS } from '@fallverbund/contracts';
import { type MessageConsumer, type Subscription } from '@fallverbund/messaging';
import { type FiguresStore } from './figures-store';

export interface EvaluationSubscriberOptions {
  readonly consumer: MessageConsumer;
  readonly store: FiguresStore;
  /** The consumer group: every instance with the same id shares the partitions (default `evaluation-subscriber`). */
  readonly groupId?: string;
  readonly topic?: string;
}

/**
 * Subscribes the figures to the evaluation stream. That is all a subscriber has to do: the
 * consumer decodes and checks every message against the contract (refused ones go to
 * `cases.evaluation.v1.dlq`), calls the handler, and commits the offset after it resolved.
 * A handler that throws sends its message to the dead-letter topic, so throw only for a message
 * that can never be applied; a database that is down should stop the subscriber instead (see
 * docs/subscribers.md).
 */
export const startEvaluationSubscriber = async (options: EvaluationSubscriberOptions): Promise<Subscription> =>
  options.consumer.subscribe({
    groupId: options.groupId ?? 'evaluation-subscriber',
    topics: [options.topic ?? TOPICS.evaluation],
    // A new group starts with the oldest message the topic still keeps: figures from the start.
    fromBeginning: true,
    handler: async (message) => {
      await options.store.apply(message.event);
    },
  });
