import { deadLetterTopic } from '@fallverbund/contracts';
import { decodeMessage, headersToStrings, reasonOf, type DeadLetterCode, type RawHeaders } from './cloudevents-kafka';
import { type ContractValidator } from './contract-validator';
import { type MessageHandler } from './transport';

/** Headers a dead letter carries besides the original ones. */
export const DLQ = {
  reason: 'dlq_reason',
  topic: 'dlq_topic',
  partition: 'dlq_partition',
  offset: 'dlq_offset',
} as const;

export interface ReceivedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers?: RawHeaders;
}

/** A refused message, as it goes to `<topic>.dlq`: the original key, value and headers, plus why. */
export interface DeadLetter {
  readonly topic: string;
  readonly key: Buffer | string | null;
  readonly value: Buffer | string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly code: DeadLetterCode;
  readonly reason: string;
}

export const deadLetterOf = (record: ReceivedRecord, code: DeadLetterCode, detail: string): DeadLetter => {
  const reason = reasonOf(code, detail).slice(0, 1000);
  return {
    topic: deadLetterTopic(record.topic),
    key: record.key,
    value: record.value,
    headers: {
      ...headersToStrings(record.headers),
      [DLQ.reason]: reason,
      [DLQ.topic]: record.topic,
      [DLQ.partition]: String(record.partition),
      [DLQ.offset]: record.offset,
    },
    code,
    reason,
  };
};

/**
 * How often a throwing handler is called before its message becomes a dead letter. Default: once
 * (no retry). Keep attempts × backoff well under the Kafka session timeout (30 s): kafkajs sends
 * no heartbeat while a handler runs.
 */
export interface HandlerRetry {
  readonly attempts: number;
  /** Wait before the 2nd attempt; doubled for each further one. */
  readonly backoffMs: number;
}
export const NO_RETRY: HandlerRetry = { attempts: 1, backoffMs: 0 };

export type DeliveryOutcome = { readonly handled: true } | { readonly handled: false; readonly deadLetter: DeadLetter };

/**
 * One message through the pipeline both transports share: decode and check against the contract,
 * then the handler. A refused message or a throwing handler becomes a dead letter, which
 * `sendDeadLetter` must have stored before this resolves; only then may the caller move on (commit).
 * If `sendDeadLetter` fails, this rejects and the message must be delivered again.
 */
export const deliver = async (
  record: ReceivedRecord,
  validator: ContractValidator,
  handler: MessageHandler,
  sendDeadLetter: (deadLetter: DeadLetter) => Promise<void>,
  retry: HandlerRetry = NO_RETRY,
): Promise<DeliveryOutcome> => {
  const decoded = decodeMessage(record, validator);
  let deadLetter: DeadLetter;
  if (decoded.ok) {
    const message = {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      key: record.key === null ? null : record.key.toString(),
      event: decoded.event,
    };
    for (let attempt = 1; ; attempt += 1) {
      try {
        await handler(message);
        return { handled: true };
      } catch (error) {
        if (attempt < retry.attempts) {
          await new Promise((resolve) => setTimeout(resolve, retry.backoffMs * 2 ** (attempt - 1)));
          continue;
        }
        deadLetter = deadLetterOf(record, 'handler_failed', error instanceof Error ? error.message : String(error));
        break;
      }
    }
  } else {
    deadLetter = deadLetterOf(record, decoded.code, decoded.detail);
  }
  await sendDeadLetter(deadLetter);
  return { handled: false, deadLetter };
};
