import { randomUUID } from 'node:crypto';
import { EMBEDDED_SUBSCRIBERS, IntegrationRelay } from '@fallverbund/cases-application';
import { partnerTopic, TOPICS } from '@fallverbund/contracts';
import { kafkaBrokers } from '@fallverbund/testing';
import { KafkaCollector } from './kafka-collector';
import { type Profile, startTestApp, type TestApp } from './test-app';

/** The youth office's case-file system, the embedded subscriber the partner-stream tests follow. */
export const FALLAKTE = EMBEDDED_SUBSCRIBERS[0]!;

export interface PartnerStreamApp {
  /** The test app, its relay and a collector of the partner stream and the case-event topic (after beforeAll). */
  readonly t: TestApp;
  readonly relay: IntegrationRelay;
  readonly collector: KafkaCollector;
  /** This suite's topic prefix and the youth office's partner stream under it. */
  readonly prefix: string;
  readonly stream: string;
  /** Resolves once the relay has published everything in the log. */
  readonly relayed: () => Promise<void>;
}

/**
 * An app with the embedded relay on the real broker, under a topic prefix of its own, and a collector
 * of the youth office's partner stream: started before the suite's tests, stopped after them.
 */
export const partnerStreamApp = (profile: Profile, name: string): PartnerStreamApp => {
  const prefix = `test.${name}.${randomUUID().slice(0, 8)}.`;
  const stream = `${prefix}${partnerTopic(FALLAKTE.id)}`;
  let app: TestApp | undefined;
  let started: { t: TestApp; relay: IntegrationRelay; collector: KafkaCollector } | undefined;
  const get = () => {
    if (!started) throw new Error('the partner-stream app is started in beforeAll');
    return started;
  };

  beforeAll(async () => {
    const t = (app = await startTestApp(profile, {
      relay: {
        mode: 'embedded',
        kafka: { brokers: kafkaBrokers(), clientId: `${name}-test` },
        subscribers: EMBEDDED_SUBSCRIBERS,
        topicPrefix: prefix,
      },
    }));
    const collector = await KafkaCollector.start(kafkaBrokers(), [stream, `${prefix}${TOPICS.caseEvents}`]);
    started = { t, relay: t.app.get(IntegrationRelay), collector };
  }, 120_000);

  afterAll(async () => {
    await started?.collector.stop();
    await app?.close();
  });

  return {
    get t() {
      return get().t;
    },
    get relay() {
      return get().relay;
    },
    get collector() {
      return get().collector;
    },
    prefix,
    stream,
    relayed: async () => {
      const { t, relay } = get();
      const events = await t.allEvents();
      expect(await relay.waitFor(events[events.length - 1]!.position, 60_000)).toBe(true);
    },
  };
};
