import { randomBytes, randomUUID } from 'node:crypto';
import { CaseHistory, derivedId, openPersistence, type Persistence } from '@fallverbund/cases-application';
import { TOPICS } from '@fallverbund/contracts';
import { type NewEvent } from '@fallverbund/event-store';
import { KafkaConsumer, type Subscription } from '@fallverbund/messaging';
import { describeWithKafka, kafkaBrokers, sleep, testDatabaseUrl, testSchema } from '@fallverbund/testing';
import { RelayProcess } from './testing/relay-process';

const CASES = 1_000;
const EVENTS_PER_CASE = 10;
const KILLS = 10;
const WRITERS = 4;

const describeIfServices = process.env['FALLVERBUND_POSTGRES'] === 'missing' ? describe.skip : describeWithKafka;

/** Ten published events of one case, in the order the API could record them. */
const caseEvents = (h: CaseHistory, day: number): NewEvent[] => {
  const at = (minute: number) => new Date(Date.UTC(2025, 10, 1 + (day % 28), 8, minute)).toISOString();
  const first = h.consent(at(2), { purposes: ['coordination'], dataCategories: ['case_admin', 'plan'] });
  return [
    h.opened(at(0)),
    h.teamMember(at(1)),
    first,
    h.healthNote(at(3)),
    h.teamMember(at(4), 'praxis-yilmaz', 'health_professional', 'deniz.psych'),
    h.healthNote(at(5)),
    h.withdraw(at(6), first.consentId),
    h.teamMember(at(7), 'drv-nord', 'caseworker', 'drv.case'),
    h.consent(at(8), { purposes: ['youth_support'], dataCategories: ['case_admin'] }),
    h.erased(at(9)),
  ];
};

describeIfServices(
  'apps/relay killed with SIGKILL and restarted 10 times while 10,000 case events are appended',
  () => {
    let schema: Awaited<ReturnType<typeof testSchema>>;
    let persistence: Persistence;
    let consumer: KafkaConsumer;
    let subscription: Subscription | undefined;
    let relay: RelayProcess | undefined;

    beforeAll(async () => {
      schema = await testSchema('relay_kill', 2);
      persistence = await openPersistence({
        kind: 'postgres',
        url: testDatabaseUrl(),
        schema: schema.schema,
        poolSize: 8,
        masterKey: randomBytes(32),
      });
      consumer = new KafkaConsumer({ brokers: kafkaBrokers(), clientId: 'relay-kill-test' });
    });

    afterAll(async () => {
      await relay?.kill();
      await subscription?.stop();
      await consumer.close();
      await persistence.close();
      await schema.drop();
    });

    it('delivers every event; after de-duplication by ce_id each exactly once, in order per case', async () => {
      const prefix = `test.relaykill.${randomUUID().slice(0, 8)}.`;
      const histories = Array.from({ length: CASES }, () => new CaseHistory());
      const planned = histories.map((h, i) => ({ h, events: caseEvents(h, i) }));
      const expected = new Map<string, { caseId: string; sequence: number }>();
      for (const { h, events } of planned) {
        events.forEach((e, i) =>
          expected.set(derivedId(`${TOPICS.caseEvents}|${e.eventId}`), { caseId: h.caseId, sequence: i + 1 }),
        );
      }
      expect(expected.size).toBe(CASES * EVENTS_PER_CASE);

      // The consumer: every message of the case topic, duplicates included, in arrival order.
      const received: { id: string; caseId: string; sequence: number }[] = [];
      subscription = await consumer.subscribe({
        groupId: `relay-kill-${prefix}`,
        topics: [`${prefix}${TOPICS.caseEvents}`],
        fromBeginning: true,
        handler: (message) => {
          const { id, subject, sequence } = message.event;
          received.push({ id, caseId: subject ?? '', sequence: sequence ?? 0 });
          return Promise.resolve();
        },
      });

      const env = {
        DATABASE_URL: testDatabaseUrl(),
        DATABASE_SCHEMA: schema.schema,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: prefix,
        RELAY_STATUS_MS: '50',
        // Small pages: a restarted relay works through its backlog in many publish-and-checkpoint steps.
        RELAY_BATCH_SIZE: '50',
      };

      // Writers append through the event store as the API does (personal fields sealed), one event
      // per append, cases interleaved; each writer owns its cases, so a case's order is its log order.
      let appended = 0;
      const appending = Promise.all(
        Array.from({ length: WRITERS }, async (_, w) => {
          const mine = planned.filter((_, i) => i % WRITERS === w);
          const next = mine.map(() => 0);
          for (let round = 0; round < EVENTS_PER_CASE; round++) {
            for (let c = 0; c < mine.length; c++) {
              const { h, events } = mine[c] as (typeof mine)[number];
              const version = next[c] as number;
              await persistence.events.appendToStream(h.streamId, [events[version] as NewEvent], version);
              next[c] = version + 1;
              appended += 1;
              await sleep(10);
            }
          }
        }),
      );

      // Each instance is killed at a random moment once it is relaying (it acknowledged a page since it
      // started): up to 0.8 s later, while it works through the backlog that grew during its start, so
      // the kill falls between pages, mid-publish or between the broker's ack and the checkpoint.
      const kills: { afterMs: number; appended: number; delivered: number }[] = [];
      for (let k = 0; k < KILLS; k++) {
        relay = new RelayProcess(env);
        await relay.waitForLog((line) => line['msg'] === 'status' && Number(line['pages']) > 0);
        const afterMs = Math.floor(Math.random() * 800);
        await sleep(afterMs);
        await relay.kill();
        kills.push({ afterMs, appended, delivered: new Set(received.map((r) => r.id)).size });
      }
      relay = new RelayProcess(env);
      await appending;
      const deadline = Date.now() + 180_000;
      while (new Set(received.map((r) => r.id)).size < expected.size && Date.now() < deadline) await sleep(250);
      await sleep(2_000); // anything still arriving would be a duplicate or a stray: let it come
      await relay.stop();
      const relayLog = relay.output.slice(-5);

      const firstSeen = new Map<string, { caseId: string; sequence: number }>();
      for (const { id, caseId, sequence } of received) if (!firstSeen.has(id)) firstSeen.set(id, { caseId, sequence });
      const duplicates = received.length - firstSeen.size;
      console.log(
        `relay-kill: ${appended} events appended, relay killed ${kills.length} times ` +
          `(${kills.map((k) => `+${k.afterMs} ms: ${k.appended} appended, ${k.delivered} delivered`).join('; ')}); ` +
          `${received.length} messages received, ${firstSeen.size} distinct, ${duplicates} duplicates re-sent\n` +
          relayLog.join('\n'),
      );

      expect(appended).toBe(CASES * EVENTS_PER_CASE);
      expect(firstSeen.size).toBe(expected.size);
      expect([...firstSeen.keys()].filter((id) => !expected.has(id))).toEqual([]);
      for (const [id, seen] of firstSeen) expect(seen).toEqual(expected.get(id));
      // In order per case: the de-duplicated view has each case's events 1..10 in arrival order.
      const perCase = new Map<string, number[]>();
      for (const { caseId, sequence } of firstSeen.values())
        perCase.set(caseId, [...(perCase.get(caseId) ?? []), sequence]);
      const inOrder = Array.from({ length: EVENTS_PER_CASE }, (_, i) => i + 1);
      const outOfOrder = [...perCase].filter(([, sequences]) => sequences.join() !== inOrder.join());
      expect(outOfOrder).toEqual([]);
      expect(perCase.size).toBe(CASES);
    }, 600_000);
  },
);
