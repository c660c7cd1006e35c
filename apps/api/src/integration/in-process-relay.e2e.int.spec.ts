import { INTEGRATION_PUBLISHER, IntegrationRelay, relayConfigFromEnv } from '@fallverbund/cases-application';
import { CASE_EVENT_TYPES, EVALUATION_EVENT_TYPES, partnerTopic, TOPICS } from '@fallverbund/contracts';
import { type DeliveredMessage, InProcessTransport } from '@fallverbund/messaging';
import { startTestApp, type TestApp } from '../testing/test-app';

/** `npm start` without KAFKA_BROKERS: the embedded profile relays to the in-process transport. */
describe('the relay without a broker (embedded profile)', () => {
  let t: TestApp;
  beforeAll(async () => {
    const relay = relayConfigFromEnv({}, 'embedded');
    expect(relay.kafka).toBeUndefined();
    t = await startTestApp('sqlite', { relay });
  });
  afterAll(() => t.close());

  it('delivers case events, evaluation records and the demo partner stream in-process', async () => {
    const transport = t.app.get<InProcessTransport>(INTEGRATION_PUBLISHER);
    expect(transport).toBeInstanceOf(InProcessTransport);
    const received: DeliveredMessage[] = [];
    const subscription = await transport.subscribe({
      groupId: 'in-process-test',
      topics: [TOPICS.caseEvents, TOPICS.evaluation, partnerTopic('jugendamt-mitte-fallakte')],
      fromBeginning: true,
      handler: (message) => {
        received.push(message);
        return Promise.resolve();
      },
    });
    const anna = await t.as('anna.coach', 'integration');
    const id = await t.openCase(anna);
    await t.http
      .post(`/api/cases/${id}/consents`)
      .set(anna)
      .send({
        purposes: ['youth_support'],
        dataCategories: ['case_admin'],
        recipientAgencyIds: ['jugendamt-mitte'],
        form: 'verbal',
        grantedBy: 'participant',
      })
      .expect(201);
    const events = await t.allEvents();
    expect(await t.app.get(IntegrationRelay).waitFor(events[events.length - 1]!.position)).toBe(true);
    await transport.idle();
    await subscription.stop();

    // In order per topic; the topics interleave by page.
    expect(received.map((m) => [m.topic, m.event.type]).sort(([a], [b]) => a!.localeCompare(b!))).toEqual([
      [TOPICS.caseEvents, CASE_EVENT_TYPES.opened],
      [TOPICS.caseEvents, CASE_EVENT_TYPES.consentGranted],
      [TOPICS.evaluation, EVALUATION_EVENT_TYPES.caseOpened],
      [TOPICS.evaluation, EVALUATION_EVENT_TYPES.consentGranted],
      [partnerTopic('jugendamt-mitte-fallakte'), CASE_EVENT_TYPES.consentGranted],
    ]);
    expect(received.find((m) => m.topic === TOPICS.evaluation)?.event.subject).toBeUndefined();
    expect(transport.deadLetters()).toEqual([]);
  });
});
