import { randomUUID } from 'node:crypto';
import { ProjectionRunner } from '@fallverbund/cases-application';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

/**
 * Issue 11, categorised free text: every free text carries the data category its author chose; a
 * reader gets the texts of categories it may read and only a count of the others, never their text
 * nor the name of their category.
 */

const PROBLEM = /^application\/problem\+json/;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const inDays = (days: number): string => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);

const ALCOHOL = 'Alkoholkonsum reduzieren';
const ALCOHOL_STEP = 'Termin bei der Suchtberatung Nord wahrnehmen';
const ALCOHOL_WORDS = 'Ich trinke zu viel, seit ich arbeitslos bin.';
const PLAIN = 'Teilzeitstelle im Einzelhandel finden';
const PLAIN_STEP = 'Lebenslauf überarbeiten';
const ALCOHOL_TOPIC = 'Rückfall nach der Entgiftung besprechen';
const ALCOHOL_DECISION = 'Entwöhnungsbehandlung bei der DRV beantragen';
const PLAIN_DECISION = 'Nächste Besprechung im Januar';
const ALCOHOL_CONTACT = 'Über den Rückfall am Wochenende gesprochen';
const ALCOHOL_REASON = 'Rückfall war nicht vermerkt';

const sgb2 = { basis: '§ 15 SGB II', binding: false, mediationAvailable: true };
const plan = (goalCategory: string | undefined, goalText = ALCOHOL) => ({
  legalStatus: sgb2,
  goals: [
    { goalId: 'g1', lifeArea: 'work', text: PLAIN },
    { goalId: 'g2', lifeArea: 'health', text: goalText, ...(goalCategory ? { category: goalCategory } : {}) },
  ],
  steps: [
    { stepId: 's1', goalId: 'g1', action: PLAIN_STEP, responsible: 'participant', dueDate: inDays(14) },
    {
      stepId: 's2',
      goalId: 'g2',
      action: ALCOHOL_STEP,
      responsible: 'participant',
      dueDate: inDays(7),
      category: 'addiction',
    },
  ],
  participantWords: ALCOHOL_WORDS,
  participantWordsCategory: 'addiction',
});

const SECRETS = [
  ALCOHOL,
  ALCOHOL_STEP,
  ALCOHOL_WORDS,
  ALCOHOL_TOPIC,
  ALCOHOL_DECISION,
  ALCOHOL_CONTACT,
  ALCOHOL_REASON,
];

/** The body as text: no withheld text, and not even the name of the withheld category, appears in it. */
const expectNoTrace = (body: unknown): void => {
  const text = JSON.stringify(body);
  for (const secret of SECRETS) expect([secret, text.includes(secret)]).toEqual([secret, false]);
  expect(text).not.toContain('addiction');
};

describe.each(PROFILES)('categorised free text (%s)', (profile) => {
  let t: TestApp;
  let author: Record<string, string>;
  let plainReader: Record<string, string>;
  let addictionReader: Record<string, string>;
  let caseId: string;

  beforeAll(async () => {
    t = await startTestApp(profile);
    // The lead Jobcenter coach may record `addiction` under health_promotion (a statutory purpose of a jobcenter).
    author = await t.as('anna.coach', 'health_promotion');
    plainReader = await t.as('ben.lead', 'integration');
    addictionReader = await t.as('ben.lead', 'health_promotion');
    caseId = await t.openCase(author);
    await t.http.post(`/api/cases/${caseId}/team-members`).set(author).send({ userId: 'ben.lead' }).expect(201);
  });
  afterAll(() => t.close());

  const eventCount = async (): Promise<number> => (await t.allEvents()).length;
  /** A refused write: status and code as a problem document, nothing appended. */
  const refused = async (request: () => Promise<{ status: number; body: unknown; headers: object }>) => {
    const before = await eventCount();
    const response = await request();
    expect((response.headers as Record<string, string>)['content-type']).toMatch(PROBLEM);
    expect(await eventCount()).toBe(before);
    return { status: response.status, code: (response.body as { code?: string }).code };
  };
  const get = async (path: string, headers: Record<string, string>) =>
    (await t.http.get(path).set(headers).expect(200)).body as Record<string, unknown>;

  describe('cooperation plan', () => {
    beforeAll(async () => {
      await t.http.post(`/api/cases/${caseId}/plan/versions`).set(author).send(plan('addiction')).expect(201);
      await t.http
        .post(`/api/cases/${caseId}/plan/versions`)
        .set(author)
        .send(plan('addiction', `${ALCOHOL} und Entgiftung planen`))
        .expect(201);
    });

    it('shows a reader without addiction the plain goal and step, and counts the withheld texts', async () => {
      const body = await get(`/api/cases/${caseId}/plan`, plainReader);
      expectNoTrace(body);
      expect(body['latest']).toMatchObject({
        version: 2,
        goals: [{ goalId: 'g1', lifeArea: 'work', text: PLAIN, category: 'plan' }],
        steps: [{ stepId: 's1', action: PLAIN_STEP, category: 'plan', completed: false }],
        withheldTexts: 3,
      });
      expect(body['latest']).not.toHaveProperty('participantWords');
      expect((body['latest'] as { goals: unknown[] }).goals).toHaveLength(1);

      const version = await get(`/api/cases/${caseId}/plan/versions/1`, plainReader);
      expectNoTrace(version);
      expect(version).toMatchObject({ goals: [{ goalId: 'g1', text: PLAIN }], withheldTexts: 3 });
    });

    it('shows a reader with addiction both goals, each with its category', async () => {
      const body = await get(`/api/cases/${caseId}/plan/versions/1`, addictionReader);
      expect(body).toMatchObject({
        goals: [
          { goalId: 'g1', text: PLAIN, category: 'plan' },
          { goalId: 'g2', text: ALCOHOL, category: 'addiction' },
        ],
        steps: [
          { stepId: 's1', action: PLAIN_STEP, category: 'plan' },
          { stepId: 's2', action: ALCOHOL_STEP, category: 'addiction' },
        ],
        participantWords: ALCOHOL_WORDS,
        participantWordsCategory: 'addiction',
        withheldTexts: 0,
      });
    });

    it('reveals no withheld text in the difference of two versions', async () => {
      const plain = await get(`/api/cases/${caseId}/plan/diff?from=1&to=2`, plainReader);
      expectNoTrace(plain);
      expect(plain).toMatchObject({
        goals: { added: [], removed: [], changed: [] },
        participantWords: null,
        lines: [],
        withheldTexts: 3,
      });
      const full = await get(`/api/cases/${caseId}/plan/diff?from=1&to=2`, addictionReader);
      expect(full).toMatchObject({
        goals: {
          changed: [{ goalId: 'g2', changes: { text: { from: ALCOHOL, to: `${ALCOHOL} und Entgiftung planen` } } }],
        },
        withheldTexts: 0,
      });
    });

    it('refuses a text category the author may not record (403), and records the refusal', async () => {
      const underIntegration = await t.as('anna.coach', 'integration');
      const auditBefore = await t.persistence.audit.size();
      expect(
        await refused(() =>
          t.http.post(`/api/cases/${caseId}/plan/versions`).set(underIntegration).send(plan('addiction')),
        ),
      ).toEqual({ status: 403, code: 'TEXT.CATEGORY_NOT_PERMITTED' });
      const entries = (await t.persistence.audit.read(auditBefore, 10)).map((r) => r.entry);
      expect(entries).toEqual([
        expect.objectContaining({
          action: 'draft_plan_version',
          decision: 'deny',
          outcome: 403,
          caseRef: caseId,
        }),
      ]);
      // Texts of the section's own category (the default) need nothing more than the route.
      await t.http
        .post(`/api/cases/${caseId}/plan/versions`)
        .set(underIntegration)
        .send({ legalStatus: sgb2, goals: [{ goalId: 'g1', lifeArea: 'work', text: PLAIN }], steps: [] })
        .expect(201);
    });

    it('refuses an unknown category (400) with the validation code', async () => {
      expect(
        await refused(() => t.http.post(`/api/cases/${caseId}/plan/versions`).set(author).send(plan('alcohol'))),
      ).toEqual({ status: 400, code: 'REQUEST.VALIDATION' });
      expect(
        await refused(() =>
          t.http
            .post(`/api/cases/${caseId}/plan/versions`)
            .set(author)
            .send({ ...plan(undefined), participantWordsCategory: 'Sucht' }),
        ),
      ).toEqual({ status: 400, code: 'REQUEST.VALIDATION' });
    });
  });

  describe('case conferences', () => {
    let conferenceId: string;
    beforeAll(async () => {
      conferenceId = (
        (
          await t.http
            .post(`/api/cases/${caseId}/conferences`)
            .set(author)
            .send({
              topic: ALCOHOL_TOPIC,
              topicCategory: 'addiction',
              invitedAgencyIds: ['jugendamt-mitte'],
              plannedFor: new Date(Date.now() + HOUR).toISOString(),
            })
            .expect(201)
        ).body as { id: string }
      ).id;
      await t.http
        .post(`/api/cases/${caseId}/conferences/${conferenceId}/minutes`)
        .set(author)
        .send({
          heldAt: new Date().toISOString(),
          attendees: [
            { agencyId: 'jobcenter-mitte', userIds: ['anna.coach'] },
            { agencyId: 'jugendamt-mitte', userIds: ['clara.youth'] },
          ],
          sharedCategories: ['case_admin'],
          decisions: [ALCOHOL_DECISION, PLAIN_DECISION],
          decisionCategories: ['addiction', 'case_admin'],
        })
        .expect(201);
    });

    it('withholds the topic and the decision of addiction from the team without it, and counts them', async () => {
      const { items } = (await get(`/api/cases/${caseId}/conferences`, plainReader)) as {
        items: Record<string, unknown>[];
      };
      expectNoTrace(items);
      expect(items[0]).toMatchObject({
        id: conferenceId,
        decisions: [PLAIN_DECISION],
        decisionCategories: ['case_admin'],
        withheldTexts: 2,
      });
      expect(items[0]).not.toHaveProperty('topic');
      const full = (await get(`/api/cases/${caseId}/conferences`, addictionReader)) as {
        items: Record<string, unknown>[];
      };
      expect(full.items[0]).toMatchObject({
        topic: ALCOHOL_TOPIC,
        topicCategory: 'addiction',
        decisions: [ALCOHOL_DECISION, PLAIN_DECISION],
        withheldTexts: 0,
      });
    });

    it('gives an invitee only the case_admin decisions its grant allows', async () => {
      const invitee = await get(`/api/conferences/${conferenceId}`, await t.as('clara.youth', 'case_conference'));
      expectNoTrace(invitee);
      expect(invitee).toMatchObject({ identified: false, decisions: [PLAIN_DECISION], withheldTexts: 1 });
    });

    it('refuses a topic or decision category the author may not record (403) or does not know (400)', async () => {
      const underIntegration = await t.as('anna.coach', 'integration');
      const schedule = (headers: Record<string, string>, topicCategory: string) =>
        t.http
          .post(`/api/cases/${caseId}/conferences`)
          .set(headers)
          .send({
            topic: ALCOHOL_TOPIC,
            topicCategory,
            invitedAgencyIds: ['jugendamt-mitte'],
            plannedFor: new Date(Date.now() + 48 * HOUR).toISOString(),
          });
      expect(await refused(() => schedule(underIntegration, 'addiction'))).toEqual({
        status: 403,
        code: 'TEXT.CATEGORY_NOT_PERMITTED',
      });
      expect(await refused(() => schedule(author, 'sucht'))).toEqual({ status: 400, code: 'REQUEST.VALIDATION' });
    });
  });

  it('reads a plan version drafted before categories as `plan` throughout', async () => {
    const oldCase = await t.openCase(author);
    await t.http.post(`/api/cases/${oldCase}/team-members`).set(author).send({ userId: 'ben.lead' }).expect(201);
    const streamId = `case-${oldCase}`;
    const [opened] = await t.persistence.rawEvents.readStream(streamId);
    const participantId = (opened?.data as { participantId: string }).participantId;
    const written = await t.persistence.events.appendToStream(
      streamId,
      [
        {
          eventId: randomUUID(),
          type: 'PlanVersionDrafted',
          schemaVersion: 1,
          // As written before issue 11: no textCategories.
          data: {
            caseId: oldCase,
            participantId,
            version: 1,
            legalStatus: sgb2,
            goals: [{ goalId: 'g1', lifeArea: 'work', text: PLAIN }],
            steps: [{ stepId: 's1', goalId: 'g1', action: PLAIN_STEP, responsible: 'participant', dueDate: inDays(3) }],
            participantWords: 'Erst die Arbeit.',
            schedule: [{ stepId: 's1', dueDate: inDays(3) }],
            draftedBy: 'anna.coach',
            draftedAt: new Date().toISOString(),
          },
          metadata: {
            occurredAt: new Date().toISOString(),
            actor: { userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker' },
            purpose: 'integration',
            correlationId: randomUUID(),
            causationId: null,
          },
        },
      ],
      2,
    );
    await t.app.get(ProjectionRunner).waitFor(written.lastPosition);
    expect(await get(`/api/cases/${oldCase}/plan/versions/1`, plainReader)).toMatchObject({
      goals: [{ goalId: 'g1', text: PLAIN, category: 'plan' }],
      steps: [{ stepId: 's1', action: PLAIN_STEP, category: 'plan' }],
      participantWords: 'Erst die Arbeit.',
      participantWordsCategory: 'plan',
      withheldTexts: 0,
    });
  });

  describe('contacts', () => {
    let contactId: string;
    beforeAll(async () => {
      contactId = (
        (
          await t.http
            .post(`/api/cases/${caseId}/contacts`)
            .set(author)
            .send({
              kind: 'office',
              occurredAt: new Date().toISOString(),
              durationMinutes: 30,
              summary: ALCOHOL_CONTACT,
              summaryCategory: 'addiction',
            })
            .expect(201)
        ).body as { id: string }
      ).id;
      await t.http
        .post(`/api/cases/${caseId}/contacts/${contactId}/corrections`)
        .set(author)
        .send({ durationMinutes: 45, reason: ALCOHOL_REASON, reasonCategory: 'addiction' })
        .expect(201);
    });

    it('withholds a summary and a reason of addiction, and counts them', async () => {
      const { items } = (await get(`/api/cases/${caseId}/contacts`, plainReader)) as {
        items: Record<string, unknown>[];
      };
      expectNoTrace(items);
      expect(items[0]).toMatchObject({ id: contactId, durationMinutes: 45, withheldTexts: 2 });
      expect(items[0]).not.toHaveProperty('summary');
      const full = (await get(`/api/cases/${caseId}/contacts`, addictionReader)) as {
        items: Record<string, unknown>[];
      };
      expect(full.items[0]).toMatchObject({
        summary: ALCOHOL_CONTACT,
        summaryCategory: 'addiction',
        corrections: [{ reason: ALCOHOL_REASON, reasonCategory: 'addiction' }],
        withheldTexts: 0,
      });
    });

    it('refuses a summary category the author may not record (403) or does not know (400)', async () => {
      const underIntegration = await t.as('anna.coach', 'integration');
      const record = (headers: Record<string, string>, summaryCategory: string) =>
        t.http.post(`/api/cases/${caseId}/contacts`).set(headers).send({
          kind: 'phone',
          occurredAt: new Date().toISOString(),
          durationMinutes: 10,
          summary: ALCOHOL_CONTACT,
          summaryCategory,
        });
      expect(await refused(() => record(underIntegration, 'addiction'))).toEqual({
        status: 403,
        code: 'TEXT.CATEGORY_NOT_PERMITTED',
      });
      expect(await refused(() => record(author, 'alkohol'))).toEqual({ status: 400, code: 'REQUEST.VALIDATION' });
      expect(
        await refused(() =>
          t.http
            .post(`/api/cases/${caseId}/contacts/${contactId}/corrections`)
            .set(underIntegration)
            .send({ summary: ALCOHOL_CONTACT, summaryCategory: 'addiction', reason: 'Nachtrag' }),
        ),
      ).toEqual({ status: 403, code: 'TEXT.CATEGORY_NOT_PERMITTED' });
    });
  });

  // Jest runs a block's own tests before its nested blocks: this one comes last.
  describe('read models', () => {
    it('answers the same after every read model was rebuilt from zero', async () => {
      const reads = [
        `/api/cases/${caseId}/plan`,
        `/api/cases/${caseId}/plan/versions/1`,
        `/api/cases/${caseId}/plan/diff?from=1&to=2`,
        `/api/cases/${caseId}/conferences`,
        `/api/cases/${caseId}/contacts`,
      ];
      const answers = async () =>
        Promise.all([plainReader, addictionReader].flatMap((reader) => reads.map((path) => get(path, reader))));
      const before = await answers();
      // Run after the sections above: the reader with addiction sees every text they wrote.
      for (const secret of SECRETS) expect(JSON.stringify(before.slice(reads.length))).toContain(secret);
      const runner = t.app.get(ProjectionRunner);
      await runner.stop();
      await runner.rebuild();
      runner.start();
      const after = await answers();
      expect(after).toEqual(before);
      expectNoTrace(after.slice(0, reads.length));
    });
  });
});
