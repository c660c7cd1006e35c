import { randomUUID } from 'node:crypto';
import { EMBEDDED_SUBSCRIBERS, IntegrationRelay } from '@fallverbund/cases-application';
import { CASE_EVENT_TYPES, EVALUATION_EVENT_TYPES, partnerTopic, TOPICS } from '@fallverbund/contracts';
import { describeWithKafka, kafkaBrokers } from '@fallverbund/testing';
import { KafkaCollector } from '../testing/kafka-collector';
import { startTestApp, type TestApp } from '../testing/test-app';

const fallakte = EMBEDDED_SUBSCRIBERS[0]!;
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Case work through the API, on the real broker: the internal case topic carries the minimised
 * referral, plan, conference and progress events; the youth office's system gets only those whose
 * category its consent names; the evaluation topic gets ratings without case or day; no sealed text
 * leaves the platform.
 */
describeWithKafka('case work on the case topic, a partner stream and the evaluation topic', () => {
  let t: TestApp;
  let relay: IntegrationRelay;
  let collector: KafkaCollector;
  const prefix = `test.casework.${randomUUID().slice(0, 8)}.`;
  const stream = `${prefix}${partnerTopic(fallakte.id)}`;
  const caseTopic = `${prefix}${TOPICS.caseEvents}`;
  const evaluation = `${prefix}${TOPICS.evaluation}`;

  beforeAll(async () => {
    t = await startTestApp('sqlite', {
      relay: {
        mode: 'embedded',
        kafka: { brokers: kafkaBrokers(), clientId: 'case-work-stream-test' },
        subscribers: EMBEDDED_SUBSCRIBERS,
        topicPrefix: prefix,
      },
    });
    relay = t.app.get(IntegrationRelay);
    collector = await KafkaCollector.start(kafkaBrokers(), [stream, caseTopic, evaluation]);
  }, 120_000);

  afterAll(async () => {
    await collector.stop();
    await t.close();
  });

  it('publishes referrals, plan, conferences and progress minimised, and to the partner by category', async () => {
    const anna = await t.as('anna.coach', 'integration');
    const caseId = await t.openCase(anna);
    const post = (path: string, body: object = {}) => t.http.post(path).set(anna).send(body).expect(201);
    const consent = (recipient: string, dataCategories: string[]) =>
      post(`/api/cases/${caseId}/consents`, {
        purposes: ['coordination'],
        dataCategories,
        recipientAgencyIds: [recipient],
        form: 'written',
        grantedBy: 'participant',
      });
    // The youth office: case_admin and progress, not plan, not referrals. (A consent naming a category
    // outside its registration, or an addiction service among its recipients, would itself be withheld.)
    await consent('jugendamt-mitte', ['case_admin', 'progress']);
    await consent('drv-nord', ['case_admin']);

    await post(`/api/cases/${caseId}/plan/versions`, {
      legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
      goals: [{ goalId: 'g1', lifeArea: 'finances', text: 'Schulden bei der Sparkasse regeln' }],
      steps: [
        {
          stepId: 's1',
          goalId: 'g1',
          action: 'Schuldnerberatung anrufen',
          responsible: 'participant',
          dueDate: inDays(7),
        },
      ],
      participantWords: 'Ich will schuldenfrei werden',
    });
    await post(`/api/cases/${caseId}/plan/versions/1/agreement`, { form: 'written' });
    // A referral is made for the purpose declared with it.
    await t.http
      .post(`/api/cases/${caseId}/referrals`)
      .set(await t.as('anna.coach', 'coordination'))
      .send({
        partnerAgencyId: 'drv-nord',
        purpose: 'coordination',
        sharedCategories: ['case_admin'],
        reason: 'Alkoholkonsum seit der Trennung',
      })
      .expect(201);
    const conference = await post(`/api/cases/${caseId}/conferences`, {
      topic: 'Räumungsklage droht',
      invitedAgencyIds: ['jugendamt-mitte'],
      plannedFor: new Date(Date.now() + 48 * 3_600_000).toISOString(),
    });
    const conferenceId = (conference.body as { id: string }).id;
    await post(`/api/cases/${caseId}/conferences/${conferenceId}/minutes`, {
      heldAt: new Date().toISOString(),
      attendees: [
        { agencyId: 'jobcenter-mitte', userIds: ['anna.coach'] },
        { agencyId: 'jugendamt-mitte', userIds: ['clara.youth'] },
      ],
      sharedCategories: ['case_admin'],
      decisions: ['Jugendamt prüft Hilfe zur Erziehung'],
    });
    await post(`/api/cases/${caseId}/progress-assessments`, {
      perspective: 'self',
      ratings: { daily_structure: 4, work_readiness: 2 },
      assessedAt: new Date().toISOString(),
    });

    const events = await t.allEvents();
    expect(await relay.waitFor(events[events.length - 1]!.position, 60_000)).toBe(true);
    const ofCase = (topic: string) => collector.received.filter((m) => m.topic === topic && m.key === caseId);
    expect(
      await collector.until(
        (r) => r.some((m) => m.topic === caseTopic && m.event.type === CASE_EVENT_TYPES.progressAssessed),
        60_000,
        3_000,
      ),
    ).toBe(true);

    expect(ofCase(caseTopic).map((m) => [m.event.type, m.event.category])).toEqual([
      [CASE_EVENT_TYPES.opened, 'case_admin'],
      [CASE_EVENT_TYPES.consentGranted, 'case_admin'],
      [CASE_EVENT_TYPES.consentGranted, 'case_admin'],
      [CASE_EVENT_TYPES.planChanged, 'plan'],
      [CASE_EVENT_TYPES.planChanged, 'plan'],
      [CASE_EVENT_TYPES.referralSent, 'referrals'],
      [CASE_EVENT_TYPES.conferenceScheduled, 'case_admin'],
      [CASE_EVENT_TYPES.conferenceHeld, 'case_admin'],
      [CASE_EVENT_TYPES.progressAssessed, 'progress'],
    ]);
    expect(ofCase(caseTopic)[4]?.event.data).toEqual({ version: 1, status: 'agreed' });
    expect(ofCase(stream).map((m) => [m.event.type, m.event.sequence])).toEqual([
      [CASE_EVENT_TYPES.consentGranted, 1],
      [CASE_EVENT_TYPES.consentGranted, 2],
      [CASE_EVENT_TYPES.conferenceScheduled, 3],
      [CASE_EVENT_TYPES.conferenceHeld, 4],
      [CASE_EVENT_TYPES.progressAssessed, 5],
    ]);
    const records = collector.received.filter((m) => m.topic === evaluation);
    expect(records.find((m) => m.event.type === EVALUATION_EVENT_TYPES.progressAssessed)?.event.data).toEqual({
      perspective: 'self',
      ratings: { daily_structure: 4, work_readiness: 2 },
      month: new Date().toISOString().slice(0, 7),
    });
    expect(records.every((m) => m.event.subject === undefined)).toBe(true);
    expect(JSON.stringify(collector.received.map((m) => m.event))).not.toMatch(
      /Sparkasse|Schuldnerberatung|schuldenfrei|Alkoholkonsum|Räumungsklage|Erziehung|SGB|clara\.youth|anna\.coach/,
    );
  }, 180_000);
});
