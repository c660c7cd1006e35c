import {
  CASE_EVENT_TYPES,
  CONTRACT_EXAMPLES,
  EVALUATION_EVENT_TYPES,
  integrationEvent,
  TOPICS,
} from '@fallverbund/contracts';
import { encodeEvent } from './cloudevents-kafka';
import { InProcessTransport } from './in-process-transport';
import { ContractViolationError } from './kafka-publisher';
import { type DeliveredMessage } from './transport';

/** A handler that records synchronously. */
const resolved = (_recorded: unknown): Promise<void> => Promise.resolve();

const opened = (caseId: string, n: number) => ({
  topic: TOPICS.caseEvents,
  key: caseId,
  event: integrationEvent(CASE_EVENT_TYPES.teamMemberAdded, {
    id: `${caseId}-${n}`,
    time: '2026-11-02T10:00:00Z',
    subject: caseId,
    sequence: n,
    data: { agencyId: `agency-${n}`, role: 'caseworker' },
  }),
});

describe('InProcessTransport', () => {
  let transport: InProcessTransport;
  beforeEach(() => (transport = new InProcessTransport()));
  afterEach(() => transport.close());

  it('delivers in publish order per key to every group, decoded as from Kafka', async () => {
    const seen: Record<string, DeliveredMessage[]> = { a: [], b: [] };
    await transport.subscribe({
      groupId: 'a',
      topics: [TOPICS.caseEvents],
      handler: (m) => resolved(seen['a']!.push(m)),
    });
    await transport.subscribe({
      groupId: 'b',
      topics: [TOPICS.caseEvents],
      handler: (m) => resolved(seen['b']!.push(m)),
    });
    const messages = [1, 2, 3].flatMap((n) => [opened('c1', n), opened('c2', n)]);
    await transport.publish(messages);
    await transport.idle();
    for (const group of ['a', 'b']) {
      expect(seen[group]!.map((m) => m.event)).toEqual(messages.map((m) => m.event));
      expect(seen[group]![0]).toEqual(
        expect.objectContaining({ topic: TOPICS.caseEvents, partition: 0, offset: '0', key: 'c1' }),
      );
    }
  });

  it('sends refused messages and handler failures to the dead letters with the reason, and goes on', async () => {
    const handled: string[] = [];
    await transport.subscribe({
      groupId: 'g',
      topics: [TOPICS.caseEvents],
      handler: (m) => {
        if (m.event.id === 'c1-2') return Promise.reject(new Error('database down'));
        return resolved(handled.push(m.event.id));
      },
    });
    const good = encodeEvent(opened('c1', 1).event, 'c1');
    transport.publishRaw(TOPICS.caseEvents, {
      ...good,
      headers: { ...good.headers, ce_type: 'cases.case.team_member_added.v9' },
    });
    transport.publishRaw(TOPICS.caseEvents, { ...good, value: '{not json' });
    transport.publishRaw(TOPICS.caseEvents, { ...good, value: '{"agencyId":"x"}' });
    await transport.publish([opened('c1', 1), opened('c1', 2), opened('c1', 3)]);
    await transport.idle();
    expect(handled).toEqual(['c1-1', 'c1-3']);
    const dead = transport.deadLetters(TOPICS.caseEvents);
    expect(dead.map((d) => d.reason)).toEqual([
      'unknown_type: cases.case.team_member_added.v9',
      expect.stringMatching(/^malformed_json: /),
      "schema_violation: / must have required property 'role'",
      'handler_failed: database down',
    ]);
    expect(dead[0]!.topic).toBe('cases.case.v1.dlq');
    expect(dead[0]!.headers).toEqual(
      expect.objectContaining({
        ce_type: 'cases.case.team_member_added.v9',
        dlq_topic: 'cases.case.v1',
        dlq_partition: '0',
        dlq_offset: '0',
      }),
    );
    expect(dead[1]!.value).toBe('{not json');
  });

  it('calls a throwing handler again when asked to, before dead-lettering', async () => {
    const retrying = new InProcessTransport({ handlerRetry: { attempts: 3, backoffMs: 1 } });
    const attempts: Record<string, number> = {};
    await retrying.subscribe({
      groupId: 'g',
      topics: [TOPICS.caseEvents],
      handler: (m) => {
        attempts[m.event.id] = (attempts[m.event.id] ?? 0) + 1;
        if (m.event.id === 'c1-1' && attempts[m.event.id]! < 3) return Promise.reject(new Error('busy'));
        if (m.event.id === 'c1-2') return Promise.reject(new Error('never'));
        return Promise.resolve();
      },
    });
    await retrying.publish([opened('c1', 1), opened('c1', 2), opened('c1', 3)]);
    await retrying.idle();
    expect(attempts).toEqual({ 'c1-1': 3, 'c1-2': 3, 'c1-3': 1 });
    expect(retrying.deadLetters().map((d) => d.reason)).toEqual(['handler_failed: never']);
    await retrying.close();
  });

  it('refuses to publish an event that breaks its contract, and sends nothing of the batch', async () => {
    const bad = {
      ...opened('c1', 2),
      event: { ...opened('c1', 2).event, data: { agencyId: 'x', role: 'caseworker', name: 'Erika' } },
    };
    await expect(transport.publish([opened('c1', 1), bad])).rejects.toThrow(ContractViolationError);
    await expect(transport.publish([opened('c1', 1), bad])).rejects.toThrow(
      /must NOT have additional properties \(name\)/,
    );
    const seen: string[] = [];
    await transport.subscribe({
      groupId: 'g',
      topics: [TOPICS.caseEvents],
      fromBeginning: true,
      handler: (m) => resolved(seen.push(m.event.id)),
    });
    await transport.idle();
    expect(seen).toEqual([]);
  });

  it('resumes a group after its last delivered message, and a new group starts at the end unless fromBeginning', async () => {
    const seen: string[] = [];
    const handler = (m: DeliveredMessage) => resolved(seen.push(m.event.id));
    const first = await transport.subscribe({ groupId: 'g', topics: [TOPICS.caseEvents], handler });
    await transport.publish([opened('c1', 1)]);
    await transport.idle();
    await first.stop();
    await transport.publish([opened('c1', 2)]);
    await transport.subscribe({ groupId: 'g', topics: [TOPICS.caseEvents], handler });
    await transport.publish([opened('c1', 3)]);
    await transport.idle();
    expect(seen).toEqual(['c1-1', 'c1-2', 'c1-3']);

    const late: string[] = [];
    await transport.subscribe({
      groupId: 'late',
      topics: [TOPICS.caseEvents],
      handler: (m) => resolved(late.push(m.event.id)),
    });
    const all: string[] = [];
    await transport.subscribe({
      groupId: 'all',
      topics: [TOPICS.caseEvents],
      fromBeginning: true,
      handler: (m) => resolved(all.push(m.event.id)),
    });
    await transport.publish([opened('c1', 4)]);
    await transport.idle();
    expect(late).toEqual(['c1-4']);
    expect(all).toEqual(['c1-1', 'c1-2', 'c1-3', 'c1-4']);
  });

  it('publish resolves before slow handlers finish; idle waits for them', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    await transport.subscribe({
      groupId: 'slow',
      topics: [TOPICS.evaluation],
      handler: async (m) => {
        await gate;
        seen.push(m.event.id);
      },
    });
    await transport.publish([
      {
        topic: TOPICS.evaluation,
        key: 'evaluation',
        event: integrationEvent(EVALUATION_EVENT_TYPES.caseOpened, {
          id: 'r1',
          time: '2026-11-02T10:00:00Z',
          data: CONTRACT_EXAMPLES[EVALUATION_EVENT_TYPES.caseOpened],
        }),
      },
    ]);
    expect(seen).toEqual([]);
    const idle = transport.idle();
    setTimeout(release, 20);
    await idle;
    expect(seen).toEqual(['r1']);
  });

  it('keeps only the newest records of a topic (retention)', async () => {
    const small = new InProcessTransport({ retainPerTopic: 2 });
    await small.publish([1, 2, 3, 4].map((n) => opened('c1', n)));
    const seen: string[] = [];
    await small.subscribe({
      groupId: 'g',
      topics: [TOPICS.caseEvents],
      fromBeginning: true,
      handler: (m) => resolved(seen.push(`${m.offset}:${m.event.id}`)),
    });
    await small.idle();
    await small.close();
    expect(seen).toEqual(['2:c1-3', '3:c1-4']);
  });
});
