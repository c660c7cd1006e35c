import { randomBytes, randomUUID } from 'node:crypto';
import { type AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import {
  CaseHistory,
  EMBEDDED_SUBSCRIBERS,
  IntegrationRelay,
  openPersistence,
  type Persistence,
  PostgresRelayState,
  TEST_AUDIT_CONFIG,
  DEMO_AGENCY_PROFILES,
} from '@fallverbund/cases-application';
import { partnerTopic, TOPICS } from '@fallverbund/contracts';
import { type GlobalPosition, type NewEvent } from '@fallverbund/event-store';
import {
  brokersFromEnv,
  type DeliveredMessage,
  encodeEvent,
  KafkaConsumer,
  KafkaPublisher,
  type MessagePublisher,
  type OutgoingMessage,
} from '@fallverbund/messaging';
import { Kafka, logLevel, type Message, Partitioners, type Producer } from 'kafkajs';
import { createApp } from '../apps/api/src/app/create-app';
import { type AppConfig } from '../apps/api/src/app/config';
import { type Benchmark, progress } from './support/benchmark';
import { createBenchSchema, quoteIdent } from './support/bench-database';
import {
  alternate,
  median,
  medianRatio,
  percentile,
  roundRatios,
  type Throughput,
  throughput,
} from './support/measure';
import { atLeast, formatNumber } from './support/report';

const CASES = 2_000;
const EVENTS_PER_CASE = 10;
const EVENTS = CASES * EVENTS_PER_CASE;
const FILL_WRITERS = 8;
const ROUNDS = 5;
const POOL_SIZE = 10;
const TARGET = 0.5;

const RATE_PER_SECOND = 50;
const LATENCY_MS = 30_000;
const LATENCY_WARMUP_MS = 3_000;
const CONSENTED_CASES = 50;

/** Ten events of one case as the API records them: opened, team, consents for the youth office, health notes. */
const caseEvents = (h: CaseHistory, n: number): NewEvent[] => {
  const at = (minute: number) => new Date(Date.UTC(2025, n % 12, 1 + (n % 28), 8, minute)).toISOString();
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
    h.teamMember(at(9), 'suchtberatung-nord', 'partner_staff', 'emil.counsel'),
  ];
};

/** Appends the cases through the production store (personal fields sealed), each case in one append. */
const fill = async (persistence: Persistence): Promise<GlobalPosition> => {
  let next = 0;
  let head: GlobalPosition | undefined;
  await Promise.all(
    Array.from({ length: FILL_WRITERS }, async () => {
      while (next < CASES) {
        const n = next;
        next += 1;
        const h = new CaseHistory();
        head = (await persistence.events.appendToStream(h.streamId, caseEvents(h, n), 0)).lastPosition;
      }
    }),
  );
  if (!head) throw new Error('nothing appended');
  // The append that finished last need not be the last in the log: read on to the head.
  for (;;) {
    const page = await persistence.rawEvents.readAll({ after: head, limit: 10_000 });
    const end = page[page.length - 1];
    if (!end) return head;
    head = end.position;
  }
};

/** Passes batches on to the real publisher and keeps a copy of each, in order. */
class RecordingPublisher implements MessagePublisher {
  readonly batches: (readonly OutgoingMessage[])[] = [];
  constructor(private readonly inner: MessagePublisher) {}
  async publish(messages: readonly OutgoingMessage[]): Promise<void> {
    await this.inner.publish(messages);
    this.batches.push(messages);
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

const bareProducer = async (brokers: readonly string[]): Promise<Producer> => {
  const producer = new Kafka({ clientId: 'bench-bare', brokers: [...brokers], logLevel: logLevel.WARN }).producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  return producer;
};

/** The same batches as the relay's, already on the wire form, grouped by topic as KafkaPublisher does. */
const wireBatches = (batches: readonly (readonly OutgoingMessage[])[]) =>
  batches.map((batch) => {
    const byTopic = new Map<string, Message[]>();
    for (const m of batch) {
      const wire = encodeEvent(m.event, m.key);
      const list = byTopic.get(m.topic) ?? [];
      list.push({ key: wire.key, value: wire.value, headers: { ...wire.headers } });
      byTopic.set(m.topic, list);
    }
    return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
  });

interface LatencySample {
  readonly kind: 'caseTopic' | 'partner';
  /** From the 201 (command accepted) to the handler: negative when the event was there first. */
  readonly ms: number;
  /** From sending the request to the handler. */
  readonly fromRequestMs: number;
}

/**
 * End to end through the API: commands at a fixed rate over HTTP (open a case; grant a consent to
 * the youth office on a case it already covers), each timed from the 201 to the moment a Kafka
 * consumer's handler receives its event, on the case topic and on the youth office's partner stream.
 */
const measureLatency = async (
  url: string,
  schema: string,
  brokers: readonly string[],
): Promise<{ samples: LatencySample[]; sent: number; missing: number; failed: number }> => {
  const prefix = `bench.latency.${randomUUID().slice(0, 8)}.`;
  const config: AppConfig = {
    profile: 'embedded',
    host: '127.0.0.1',
    port: 0,
    persistence: { kind: 'postgres', url, schema, poolSize: POOL_SIZE, masterKey: randomBytes(32) },
    identity: { profile: 'embedded' },
    audit: TEST_AUDIT_CONFIG,
    bodyLimit: '64kb',
    relay: {
      mode: 'embedded',
      kafka: { brokers, clientId: 'bench-api' },
      subscribers: EMBEDDED_SUBSCRIBERS,
      topicPrefix: prefix,
    },
  };
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/api`;
  const consumer = new KafkaConsumer({ brokers, clientId: 'bench-latency' });
  try {
    const post = async (path: string, headers: Record<string, string>, body: object) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    const token = (await post('/dev/token', {}, { userId: 'anna.coach' })).body['accessToken'] as string;
    const anna = { authorization: `Bearer ${token}`, 'x-purpose': 'integration' };
    const consent = {
      purposes: ['coordination'],
      dataCategories: ['case_admin'],
      recipientAgencyIds: ['jugendamt-mitte'],
      form: 'written',
      grantedBy: 'participant',
    };
    const participant = { givenName: 'Mira', familyName: 'Sommer', birthDate: '1994-03-17' };
    const consented: string[] = [];
    for (let i = 0; i < CONSENTED_CASES; i++) {
      const id = (await post('/cases', anna, { participant })).body['id'] as string;
      await post(`/cases/${id}/consents`, anna, consent);
      consented.push(id);
    }

    const accepted = new Map<string, { sent: number; answered: number }>();
    const arrived = new Map<string, number>();
    const keyOf = (message: DeliveredMessage): string | undefined => {
      const { type, subject, data } = message.event;
      const partner = message.topic.endsWith(partnerTopic('jugendamt-mitte-fallakte'));
      if (type === 'cases.case.opened.v1' && !partner) return `opened|${subject}`;
      if (type === 'cases.case.consent_granted.v1') {
        return `${partner ? 'partner' : 'consent'}|${(data as { consentId: string }).consentId}`;
      }
      return undefined;
    };
    const subscription = await consumer.subscribe({
      groupId: `bench-latency-${prefix}`,
      topics: [`${prefix}${TOPICS.caseEvents}`, `${prefix}${partnerTopic('jugendamt-mitte-fallakte')}`],
      fromBeginning: true,
      handler: (message) => {
        const key = keyOf(message);
        if (key && !arrived.has(key)) arrived.set(key, performance.now());
        return Promise.resolve();
      },
    });

    let failed = 0;
    const command = async (n: number, measure: boolean): Promise<void> => {
      const sent = performance.now();
      if (n % 2 === 0) {
        const response = await post('/cases', anna, { participant });
        if (response.status !== 201) return void (failed += 1);
        if (measure) accepted.set(`opened|${response.body['id'] as string}`, { sent, answered: performance.now() });
      } else {
        const id = consented[n % consented.length] as string;
        const response = await post(`/cases/${id}/consents`, anna, consent);
        if (response.status !== 201) return void (failed += 1);
        const at = { sent, answered: performance.now() };
        if (measure) {
          accepted.set(`consent|${response.body['id'] as string}`, at);
          accepted.set(`partner|${response.body['id'] as string}`, at);
        }
      }
    };
    // Open loop: a command every 20 ms whether or not the previous one has answered.
    const runAt = async (durationMs: number, measure: boolean): Promise<number> => {
      const started = performance.now();
      const inFlight: Promise<void>[] = [];
      let n = 0;
      while (performance.now() - started < durationMs) {
        inFlight.push(command(n, measure));
        n += 1;
        const due = started + (n * 1000) / RATE_PER_SECOND;
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      }
      await Promise.all(inFlight);
      return n;
    };
    progress('kafka-relay', `latency: warming up for ${LATENCY_WARMUP_MS} ms at ${RATE_PER_SECOND} commands/s`);
    await runAt(LATENCY_WARMUP_MS, false);
    progress('kafka-relay', `latency: ${LATENCY_MS / 1000} s at ${RATE_PER_SECOND} commands/s`);
    const sent = await runAt(LATENCY_MS, true);
    const deadline = Date.now() + 30_000;
    while ([...accepted.keys()].some((k) => !arrived.has(k)) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await subscription.stop();
    const samples: LatencySample[] = [];
    let missing = 0;
    for (const [key, at] of accepted) {
      const seen = arrived.get(key);
      if (seen === undefined) missing += 1;
      else {
        samples.push({
          kind: key.startsWith('partner|') ? 'partner' : 'caseTopic',
          ms: seen - at.answered,
          fromRequestMs: seen - at.sent,
        });
      }
    }
    return { samples, sent, missing, failed };
  } finally {
    await consumer.close();
    await app.close();
  }
};

/**
 * Relay throughput: events/s from the global log to acknowledged in Kafka (IntegrationRelay with
 * KafkaPublisher: read, map, consent filtering, contract checks, publish, checkpoint), against a bare
 * kafkajs producer sending the same messages in the same batches to the same broker, alternating
 * rounds. Then end-to-end latency through the API at 50 commands/s.
 */
export const kafkaRelayBenchmark: Benchmark = {
  name: 'kafka-relay',
  description:
    `Relay throughput: events/s for IntegrationRelay to take ${formatNumber(EVENTS)} case events (${formatNumber(CASES)} ` +
    'cases × 10: opened, team members, consents to the youth office and a withdrawal, health notes) from the ' +
    'PostgreSQL global log to acknowledged in Kafka (case topic, evaluation records, the demo partner stream; ' +
    'contract checks; checkpoint and cover states per page), against a bare kafkajs idempotent producer ' +
    'sending the same messages in the same batches to the same broker, alternating rounds. End-to-end latency ' +
    `from an HTTP 201 to a Kafka consumer's handler at ${RATE_PER_SECOND} commands/s through the API.`,
  async run({ adminPool, url }) {
    const brokers = brokersFromEnv();
    const schema = await createBenchSchema(adminPool, 'kafka_relay');
    const latencySchema = await createBenchSchema(adminPool, 'kafka_latency');
    const prefix = `bench.relay.${randomUUID().slice(0, 8)}.`;
    let persistence: Persistence | undefined;
    const publisher = new KafkaPublisher({ brokers, clientId: 'bench-relay' });
    let producer: Producer | undefined;
    try {
      persistence = await openPersistence({
        kind: 'postgres',
        url,
        schema: schema.name,
        poolSize: POOL_SIZE,
        masterKey: randomBytes(32),
      });
      progress('kafka-relay', `appending ${formatNumber(EVENTS)} events of ${formatNumber(CASES)} cases`);
      const head = await fill(persistence);
      const s = quoteIdent(schema.name);
      const relayRound = async (into: MessagePublisher): Promise<{ result: Throughput; messages: number }> => {
        const state = await PostgresRelayState.create({ url, schema: schema.name });
        await adminPool.query(`DELETE FROM ${s}.relay_checkpoints; DELETE FROM ${s}.relay_partner_covers`);
        const relay = new IntegrationRelay({
          events: (persistence as Persistence).rawEvents,
          state,
          publisher: into,
          subscribers: EMBEDDED_SUBSCRIBERS,
          agencies: (id) => DEMO_AGENCY_PROFILES.of(id),
          topicPrefix: prefix,
        });
        const started = performance.now();
        relay.start();
        const done = await relay.waitFor(head, 600_000);
        const ms = performance.now() - started;
        const { messages, events } = relay.stats;
        await relay.stop();
        await state.close();
        if (!done || events !== EVENTS) throw new Error(`the relay did not finish: ${JSON.stringify(relay.stats)}`);
        return { result: throughput(EVENTS, ms), messages };
      };

      progress('kafka-relay', 'warm-up: relay once (creates the topics), recording its batches');
      const recorder = new RecordingPublisher(publisher);
      const warm = await relayRound(recorder);
      const batches = wireBatches(recorder.batches);
      const messages = recorder.batches.reduce((n, b) => n + b.length, 0);
      const byTopic: Record<string, number> = {};
      for (const batch of recorder.batches) {
        for (const m of batch) byTopic[m.topic.slice(prefix.length)] = (byTopic[m.topic.slice(prefix.length)] ?? 0) + 1;
      }
      producer = await bareProducer(brokers);
      const bare = producer;
      const bareRound = async (): Promise<Throughput> => {
        const started = performance.now();
        for (const topicMessages of batches) await bare.sendBatch({ acks: -1, topicMessages });
        return throughput(EVENTS, performance.now() - started);
      };
      await bareRound();

      const rounds = await alternate(
        ROUNDS,
        {
          bare: bareRound,
          relay: async () => (await relayRound(publisher)).result,
        },
        (round, name, result) =>
          progress(
            'kafka-relay',
            `round ${round} ${name}: ${formatNumber(result.perSecond)} events/s (${result.ms} ms)`,
          ),
      );
      const ratio = medianRatio(rounds.relay, rounds.bare);
      const medians = {
        relay: median(rounds.relay.map((r) => r.perSecond)),
        bare: median(rounds.bare.map((r) => r.perSecond)),
      };
      await persistence.close();
      persistence = undefined;

      const latency = await measureLatency(url, latencySchema.name, brokers);
      const round1 = (x: number) => Math.round(x * 10) / 10;
      const stats = (kind: LatencySample['kind']) => {
        const of = latency.samples.filter((x) => x.kind === kind);
        const values = of.map((x) => x.ms);
        const fromRequest = of.map((x) => x.fromRequestMs);
        return {
          count: values.length,
          p50: round1(percentile(values, 50)),
          p99: round1(percentile(values, 99)),
          max: round1(Math.max(...values)),
          fromRequest: { p50: round1(percentile(fromRequest, 50)), p99: round1(percentile(fromRequest, 99)) },
        };
      };
      const caseTopic = stats('caseTopic');
      const partner = stats('partner');
      const latencyNote =
        `kafka-relay latency at ${RATE_PER_SECOND} commands/s, HTTP 201 → consumer handler (request sent → handler): ` +
        `case topic p50 ${caseTopic.p50} ms (${caseTopic.fromRequest.p50}), p99 ${caseTopic.p99} ms ` +
        `(${caseTopic.fromRequest.p99}), ${caseTopic.count} events; partner stream p50 ${partner.p50} ms ` +
        `(${partner.fromRequest.p50}), p99 ${partner.p99} ms (${partner.fromRequest.p99}), ${partner.count} events; ` +
        `${latency.missing} missing, ${latency.failed} failed commands`;

      return {
        config: {
          cases: CASES,
          events: EVENTS,
          batchSize: 500,
          messagesPerRun: messages,
          messagesByTopic: byTopic,
          subscribers: EMBEDDED_SUBSCRIBERS,
          rounds: ROUNDS,
          brokers,
          relay:
            'IntegrationRelay + PostgresRelayState + KafkaPublisher (idempotent, maxInFlightRequests 1, acks -1, ' +
            'strict contract checks), pages of 500 events, next page read while one is sent',
          baseline:
            'kafkajs producer (idempotent, maxInFlightRequests 1, DefaultPartitioner), sendBatch acks -1 of the ' +
            "relay's recorded batches, pre-encoded, one after another",
          latency: {
            ratePerSecond: RATE_PER_SECOND,
            durationMs: LATENCY_MS,
            warmupMs: LATENCY_WARMUP_MS,
            commands: 'alternately POST /api/cases and POST /api/cases/{id}/consents (to jugendamt-mitte)',
            clock:
              'performance.now() when the 201 arrived → when KafkaConsumer called the handler (negative: the ' +
              'consumer had the event before the client had its answer); also from sending the request',
            app: 'API in the bench process (createApp), PostgreSQL, relay in-process, KafkaConsumer in-process',
          },
        },
        results: {
          warmup: warm.result,
          rounds,
          medianEventsPerSecond: medians,
          medianMessagesPerSecond: {
            relay: Math.round((medians.relay * messages) / EVENTS),
            bare: Math.round((medians.bare * messages) / EVENTS),
          },
          ratio,
          roundRatios: roundRatios(rounds.relay, rounds.bare),
          latencyMs: { caseTopic, partner },
          latencyCommands: { sent: latency.sent, missing: latency.missing, failed: latency.failed },
        },
        targets: [
          atLeast(
            'kafka-relay relay/bare',
            ratio,
            TARGET,
            `kafka-relay: relay ${formatNumber(medians.relay)} events/s, bare kafkajs ${formatNumber(medians.bare)} events/s ` +
              `(${formatNumber(messages)} messages per ${formatNumber(EVENTS)} events)`,
          ),
        ],
        notes: [latencyNote],
        tables: [
          {
            title: `kafka-relay: events/s from the log to acknowledged in Kafka, ${formatNumber(EVENTS)} events, ${formatNumber(messages)} messages`,
            headers: ['', ...rounds.relay.map((_, i) => `round ${i + 1}`), 'median'],
            rows: [
              ['bare kafkajs /s', ...rounds.bare.map((r) => formatNumber(r.perSecond)), formatNumber(medians.bare)],
              ['relay /s', ...rounds.relay.map((r) => formatNumber(r.perSecond)), formatNumber(medians.relay)],
              ['relay / bare', ...roundRatios(rounds.relay, rounds.bare).map((x) => x.toFixed(2)), ratio.toFixed(2)],
            ],
          },
          {
            title: `kafka-relay: HTTP 201 → consumer handler at ${RATE_PER_SECOND} commands/s, ms`,
            headers: ['stream', 'events', 'p50', 'p99', 'max', 'from request p50', 'from request p99'],
            rows: [caseTopic, partner].map((x, i) => [
              i === 0 ? 'case topic' : 'partner stream',
              String(x.count),
              String(x.p50),
              String(x.p99),
              String(x.max),
              String(x.fromRequest.p50),
              String(x.fromRequest.p99),
            ]),
          },
        ],
      };
    } finally {
      await producer?.disconnect();
      await publisher.close();
      await persistence?.close();
      await schema.drop();
      await latencySchema.drop();
    }
  },
};
