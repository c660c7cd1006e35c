import { randomUUID } from 'node:crypto';
import { derivedId, EMBEDDED_SUBSCRIBERS, IntegrationRelay } from '@fallverbund/cases-application';
import { TOPICS } from '@fallverbund/contracts';
import { describeWithKafka, sleep } from '@fallverbund/testing';
import { KafkaCollector } from '../testing/kafka-collector';
import { OwnKafkaBroker } from '../testing/own-kafka-broker';
import { participant, PROFILES, startTestApp, type TestApp } from '../testing/test-app';

const OUTAGE_MS = 30_000;
const profile = PROFILES[PROFILES.length - 1] ?? 'sqlite';

/**
 * The broker stops for 30 s while users keep working: the API answers as before, the relay's lag
 * grows, and once the broker is back everything reaches it, once and in order per case. The test
 * runs its own broker (deploy/kafka/kafka.sh on free ports), never the shared one.
 */
describeWithKafka(`Kafka broker down for 30 s under load (${profile})`, () => {
  let broker: OwnKafkaBroker;
  let t: TestApp;
  let relay: IntegrationRelay;
  let collector: KafkaCollector | undefined;
  const prefix = `test.outage.${randomUUID().slice(0, 8)}.`;

  beforeAll(async () => {
    broker = await OwnKafkaBroker.start('outage');
    t = await startTestApp(profile, {
      relay: {
        mode: 'embedded',
        kafka: { brokers: broker.brokers, clientId: 'outage-test' },
        subscribers: EMBEDDED_SUBSCRIBERS,
        topicPrefix: prefix,
      },
    });
    relay = t.app.get(IntegrationRelay);
  }, 120_000);

  afterAll(async () => {
    await collector?.stop();
    await t.close();
    await broker.remove();
  }, 120_000);

  it('keeps answering 201 while the broker is down, and delivers all of it once the broker is back', async () => {
    const anna = await t.as('anna.coach', 'integration');
    const annaHealth = await t.as('anna.coach', 'health_promotion');
    const cases: string[] = [];
    const lastPosition = async () => {
      const events = await t.allEvents();
      return events[events.length - 1]?.position;
    };

    // Before: the relay keeps up.
    for (let i = 0; i < 5; i++) cases.push(await t.openCase(anna));
    expect(await relay.waitFor((await lastPosition())!, 60_000)).toBe(true);
    expect(await relay.lag()).toBe(0);

    await broker.stop();
    const statuses: number[] = [];
    const lags: number[] = [];
    const outageEnds = Date.now() + OUTAGE_MS;
    let i = 0;
    while (Date.now() < outageEnds) {
      i += 1;
      if (i % 3 === 1) {
        const response = await t.http.post('/api/cases').set(anna).send({ participant });
        statuses.push(response.status);
        if (response.status === 201) cases.push((response.body as { id: string }).id);
      } else {
        const id = cases[Math.floor(Math.random() * cases.length)] as string;
        const response =
          i % 3 === 2
            ? await t.http
                .post(`/api/cases/${id}/health-notes`)
                .set(annaHealth)
                .send({ text: `Notiz ${i}` })
            : await t.http
                .post(`/api/cases/${id}/consents`)
                .set(anna)
                .send({
                  purposes: ['coordination'],
                  dataCategories: ['case_admin'],
                  recipientAgencyIds: ['jugendamt-mitte'],
                  form: 'written',
                  grantedBy: 'participant',
                });
        statuses.push(response.status);
      }
      if (i % 10 === 0) lags.push(await relay.lag());
      await sleep(150);
    }
    const lagAtEnd = await relay.lag();
    const appendedDuringOutage = (await t.allEvents()).length - 5;
    console.log(
      `broker-outage: ${statuses.length} commands in ${OUTAGE_MS / 1000} s with the broker down; lag ${lags.join(' → ')} → ${lagAtEnd}; ` +
        `relay ${JSON.stringify(relay.stats)}`,
    );
    expect(statuses.every((s) => s === 201)).toBe(true);
    expect(statuses.length).toBeGreaterThan(50);
    expect(lagAtEnd).toBe(appendedDuringOutage);
    expect(lags.every((lag, n) => n === 0 || lag >= (lags[n - 1] ?? 0))).toBe(true);
    expect(lagAtEnd).toBeGreaterThan(lags[0] ?? 0);

    const recovering = Date.now();
    await broker.resume();
    const end = (await lastPosition())!;
    expect(await relay.waitFor(end, 120_000)).toBe(true);
    const drainedMs = Date.now() - recovering;
    expect(await relay.lag()).toBe(0);

    // Everything in the log of these cases, as the case topic should carry it.
    const expected = new Map<string, { caseId: string; sequence: number }>();
    for (const e of await t.allEvents()) {
      const caseId = (e.data as { caseId: string }).caseId;
      expected.set(derivedId(`${TOPICS.caseEvents}|${e.eventId}`), { caseId, sequence: e.version });
    }
    collector = await KafkaCollector.start(broker.brokers, [`${prefix}${TOPICS.caseEvents}`]);
    expect(await collector.until((r) => new Set(r.map((m) => m.event.id)).size >= expected.size, 60_000)).toBe(true);
    const firstSeen = new Map<string, { caseId: string; sequence: number }>();
    for (const { event } of collector.received) {
      if (!firstSeen.has(event.id))
        firstSeen.set(event.id, { caseId: event.subject ?? '', sequence: event.sequence ?? 0 });
    }
    console.log(
      `broker-outage: broker back, relay drained in ${drainedMs} ms; ${collector.received.length} messages, ` +
        `${firstSeen.size} distinct, ${expected.size} in the log`,
    );
    expect(firstSeen).toEqual(expected);
    const perCase = new Map<string, number[]>();
    for (const { caseId, sequence } of firstSeen.values())
      perCase.set(caseId, [...(perCase.get(caseId) ?? []), sequence]);
    for (const [caseId, sequences] of perCase) {
      expect({ caseId, sequences }).toEqual({ caseId, sequences: sequences.map((_, n) => n + 1) });
    }
  }, 300_000);
});
