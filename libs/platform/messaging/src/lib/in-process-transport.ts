import { isKnownType, envelopeProblem } from '@fallverbund/contracts';
import { encodeEvent } from './cloudevents-kafka';
import { ContractValidator } from './contract-validator';
import { ContractViolationError } from './kafka-publisher';
import { deliver, type DeadLetter, type HandlerRetry, type ReceivedRecord } from './delivery';
import {
  type MessageConsumer,
  type MessageHandler,
  type MessagePublisher,
  type OutgoingMessage,
  type Subscription,
} from './transport';

interface StoredRecord {
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: Readonly<Record<string, string>>;
}

/** One topic: a single partition, an append-only log whose head may be trimmed (retention). */
class TopicLog {
  /** Offset of `records[0]`. */
  first = 0;
  readonly records: StoredRecord[] = [];
  get end(): number {
    return this.first + this.records.length;
  }
}

interface Member {
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handler: MessageHandler;
  running: boolean;
  wake: (() => void) | undefined;
  /** Settles when the member's loop has nothing left to do. */
  idle: Promise<void>;
  loop: Promise<void>;
}

export interface InProcessTransportOptions {
  /** Records kept per topic; older ones are dropped like Kafka's retention (default 100,000). */
  readonly retainPerTopic?: number;
  /** Check outgoing events against their contracts, as KafkaPublisher does (default true). */
  readonly validate?: boolean;
  /** Call a throwing handler again before dead-lettering its message (default: no retry). */
  readonly handlerRetry?: HandlerRetry;
  readonly onDeadLetter?: (deadLetter: DeadLetter) => void;
}

/**
 * Publisher and consumer in one process, without a broker: the embedded profile and unit tests.
 * Messages are encoded to the same CloudEvents wire form as on Kafka and go through the same
 * decode, contract and dead-letter pipeline, so a handler sees exactly what it would see from
 * Kafka. Each topic is one partition, so order is kept per key (and overall). A group's committed
 * offset survives `stop()`: subscribing again with the same group id resumes after the last
 * delivered message. `publish` resolves once the messages are in the log and the running
 * subscribers were woken; use `idle()` to wait until they were processed.
 */
export class InProcessTransport implements MessagePublisher, MessageConsumer {
  private readonly logs = new Map<string, TopicLog>();
  /** groupId → topic → next offset to deliver. */
  private readonly committed = new Map<string, Map<string, number>>();
  private readonly members = new Map<string, Member>();
  private readonly deadLettered: DeadLetter[] = [];
  private readonly consumerValidator = new ContractValidator('tolerant');
  private readonly producerValidator: ContractValidator | undefined;
  private closed = false;

  constructor(private readonly options: InProcessTransportOptions = {}) {
    this.producerValidator = options.validate === false ? undefined : new ContractValidator('strict');
  }

  publish(messages: readonly OutgoingMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('InProcessTransport is closed'));
    for (const { event } of messages) {
      const problem = !this.producerValidator
        ? undefined
        : !isKnownType(event.type)
          ? `unknown type ${event.type}`
          : (this.producerValidator.problem(event.type, event.data) ?? envelopeProblem(event));
      if (problem) return Promise.reject(new ContractViolationError(`${event.type} ${event.id}: ${problem}`));
    }
    for (const message of messages) {
      const wire = encodeEvent(message.event, message.key);
      this.append(message.topic, { key: wire.key, value: wire.value, headers: wire.headers });
    }
    return Promise.resolve();
  }

  /** Appends a message as it is, without encoding or checks: for tests of the consumer side. */
  publishRaw(topic: string, record: StoredRecord): void {
    this.append(topic, record);
  }

  subscribe(options: {
    readonly groupId: string;
    readonly topics: readonly string[];
    readonly fromBeginning?: boolean;
    readonly handler: MessageHandler;
  }): Promise<Subscription> {
    if (this.closed) return Promise.reject(new Error('InProcessTransport is closed'));
    if (this.members.has(options.groupId)) {
      return Promise.reject(
        new Error(`group ${options.groupId} already has a subscriber (in-process groups have one member)`),
      );
    }
    const offsets = this.committed.get(options.groupId) ?? new Map<string, number>();
    this.committed.set(options.groupId, offsets);
    for (const topic of options.topics) {
      if (!offsets.has(topic)) offsets.set(topic, options.fromBeginning ? 0 : this.log(topic).end);
    }
    const member: Member = {
      groupId: options.groupId,
      topics: [...options.topics],
      handler: options.handler,
      running: true,
      wake: undefined,
      idle: Promise.resolve(),
      loop: Promise.resolve(),
    };
    this.members.set(options.groupId, member);
    member.loop = this.run(member, offsets);
    return Promise.resolve({
      stop: async () => {
        if (!member.running) return;
        member.running = false;
        member.wake?.();
        await member.loop;
        this.members.delete(member.groupId);
      },
    });
  }

  /** Resolves when every running subscriber has processed everything published so far. */
  async idle(): Promise<void> {
    for (;;) {
      const members = [...this.members.values()].filter((member) => member.running);
      await Promise.all(members.map((member) => member.idle));
      if (members.every((member) => !this.pending(member))) return;
      // A member was woken but has not started its next round yet: let it run.
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Dead letters so far (the in-process `<topic>.dlq`). */
  deadLetters(topic?: string): readonly DeadLetter[] {
    return topic === undefined
      ? [...this.deadLettered]
      : this.deadLettered.filter((d) => d.headers['dlq_topic'] === topic);
  }

  async close(): Promise<void> {
    this.closed = true;
    const members = [...this.members.values()];
    for (const member of members) {
      member.running = false;
      member.wake?.();
    }
    await Promise.all(members.map((member) => member.loop));
    this.members.clear();
  }

  private log(topic: string): TopicLog {
    let log = this.logs.get(topic);
    if (!log) {
      log = new TopicLog();
      this.logs.set(topic, log);
    }
    return log;
  }

  private append(topic: string, record: StoredRecord): void {
    const log = this.log(topic);
    log.records.push(record);
    const retain = this.options.retainPerTopic ?? 100_000;
    if (log.records.length > retain) {
      const drop = log.records.length - retain;
      log.records.splice(0, drop);
      log.first += drop;
    }
    for (const member of this.members.values()) if (member.topics.includes(topic)) member.wake?.();
  }

  private pending(member: Member): boolean {
    const offsets = this.committed.get(member.groupId);
    return member.topics.some((topic) => (offsets?.get(topic) ?? 0) < this.log(topic).end);
  }

  /** The member's loop: deliver what is there, in log order per topic, then sleep until woken. */
  private async run(member: Member, offsets: Map<string, number>): Promise<void> {
    while (member.running) {
      let markIdle: () => void = () => undefined;
      member.idle = new Promise((resolve) => (markIdle = resolve));
      let progressed = true;
      while (member.running && progressed) {
        progressed = false;
        for (const topic of member.topics) {
          const log = this.log(topic);
          let next = Math.max(offsets.get(topic) ?? 0, log.first);
          while (member.running && next < log.end) {
            const stored = log.records[next - log.first];
            if (stored) await this.deliverOne(member, topic, next, stored);
            next += 1;
            offsets.set(topic, next);
            progressed = true;
          }
        }
      }
      const woken = new Promise<void>((resolve) => (member.wake = resolve));
      markIdle();
      if (member.running && !this.pending(member)) await woken;
      member.wake = undefined;
    }
  }

  private async deliverOne(member: Member, topic: string, offset: number, stored: StoredRecord): Promise<void> {
    const record: ReceivedRecord = { topic, partition: 0, offset: String(offset), ...stored };
    const outcome = await deliver(
      record,
      this.consumerValidator,
      member.handler,
      (deadLetter) => {
        this.deadLettered.push(deadLetter);
        this.append(deadLetter.topic, {
          key: deadLetter.key?.toString() ?? null,
          value: deadLetter.value?.toString() ?? null,
          headers: deadLetter.headers,
        });
        return Promise.resolve();
      },
      this.options.handlerRetry,
    );
    if (!outcome.handled) this.options.onDeadLetter?.(outcome.deadLetter);
  }
}
