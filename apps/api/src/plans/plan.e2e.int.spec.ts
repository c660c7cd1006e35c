import {
  ErasureService,
  PlanDisputeRow,
  planProjection,
  PlanVersionRow,
  ProjectionRunner,
} from '@fallverbund/cases-application';
import { type Actor, ERASED } from '@fallverbund/kernel';
import { clock } from '../app/clock';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;
const DAY = 86_400_000;
const inDays = (days: number): string => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
/** A YYYY-MM-DD day as the plan's change sentences say it (DD.MM.YYYY). */
const german = (day: string): string => day.split('-').reverse().join('.');

const sgb2 = { basis: '§ 15 SGB II', binding: false, mediationAvailable: true };
const sgb9 = { basis: '§ 19 SGB IX', binding: false, mediationAvailable: false };
const goals = [
  { goalId: 'g1', lifeArea: 'work', text: 'Teilzeitstelle finden' },
  { goalId: 'g2', lifeArea: 'health', text: 'Rückenschmerzen behandeln lassen' },
];
const s1 = {
  stepId: 's1',
  goalId: 'g1',
  action: 'Lebenslauf überarbeiten',
  responsible: 'participant',
  dueDate: inDays(14),
};
const s3 = { stepId: 's3', goalId: 'g2', action: 'Termin Orthopädie', responsible: 'participant', dueDate: inDays(3) };
const version1 = { legalStatus: sgb2, goals, steps: [s1, s3], participantWords: 'Erst die Gesundheit.' };

const frieda: Actor = {
  userId: 'frieda.dpo',
  displayName: 'frieda.dpo',
  role: 'data_protection_officer',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
};

interface StepView {
  stepId: string;
  completed: boolean;
  overdue: boolean;
}
interface PlanBody {
  status: string;
  latestVersion: number | null;
  agreedVersion: number | null;
  latest: { version: number; goals: unknown; steps: StepView[]; participantWords: unknown } | null;
  versions: { version: number; agreedAt: string | null; form: string | null }[];
  completedStepIds: string[];
  disputes: { version: number; reason: unknown; mediation: { outcome: string | null } | null }[];
}

describe.each(PROFILES)('cooperation plan (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
  });
  afterAll(() => t.close());

  const eventCount = async (): Promise<number> => (await t.allEvents()).length;
  const planOf = async (caseId: string): Promise<PlanBody> =>
    (await t.http.get(`/api/cases/${caseId}/plan`).set(anna).expect(200)).body as PlanBody;
  const post = (path: string, body?: object) => t.http.post(path).set(anna).send(body);
  /** A refused request: its status and code, a problem document, and nothing appended. */
  const refused = async (request: () => Promise<{ status: number; body: unknown; headers: object }>) => {
    const before = await eventCount();
    const response = await request();
    expect((response.headers as Record<string, string>)['content-type']).toMatch(PROBLEM);
    expect(await eventCount()).toBe(before);
    return { status: response.status, code: (response.body as { code?: string }).code };
  };

  it('is agreed in two versions, shows the difference and tracks its steps', async () => {
    const caseId = await t.openCase(anna);
    const base = `/api/cases/${caseId}/plan`;
    expect(await planOf(caseId)).toEqual({
      caseId,
      status: 'none',
      latestVersion: null,
      agreedVersion: null,
      latest: null,
      versions: [],
      completedStepIds: [],
      disputes: [],
    });

    const first = await post(`${base}/versions`, version1).expect(201);
    expect(first.body).toEqual({ version: 1 });
    expect(first.headers['location']).toBe(`${base}/versions/1`);
    expect(await planOf(caseId)).toMatchObject({
      status: 'draft',
      latestVersion: 1,
      agreedVersion: null,
      latest: {
        version: 1,
        legalStatus: sgb2,
        goals,
        steps: [
          { ...s1, completed: false, completedAt: null, overdue: false },
          { ...s3, completed: false, completedAt: null, overdue: false },
        ],
        participantWords: 'Erst die Gesundheit.',
        draftedBy: 'anna.coach',
        agreement: null,
      },
      versions: [{ version: 1, draftedBy: 'anna.coach', agreedAt: null, form: null }],
    });

    await post(`${base}/versions/1/agreement`, { form: 'written' }).expect(201);
    await post(`${base}/steps/s1/completion`).expect(201);

    const s2 = {
      stepId: 's2',
      goalId: 'g3',
      action: 'Wohnungsamt aufsuchen',
      responsible: 'participant',
      dueDate: inDays(30),
    };
    const version2 = {
      legalStatus: sgb2,
      goals: [
        { goalId: 'g1', lifeArea: 'work', text: 'Teilzeitstelle im Einzelhandel finden' },
        goals[1],
        { goalId: 'g3', lifeArea: 'housing', text: 'Eigene Wohnung' },
      ],
      steps: [s1, s2, s3],
      participantWords: 'Erst die Gesundheit, dann die Arbeit.',
    };
    expect((await post(`${base}/versions`, version2).expect(201)).body).toEqual({ version: 2 });
    // A new version waits for agreement; the step carried over under its id stays done.
    expect(await planOf(caseId)).toMatchObject({
      status: 'draft',
      latestVersion: 2,
      agreedVersion: 1,
      completedStepIds: ['s1'],
    });

    const diff = await t.http.get(`${base}/diff?from=1&to=2`).set(anna).expect(200);
    expect(diff.body).toEqual({
      from: 1,
      to: 2,
      legalStatus: {},
      goals: {
        added: [{ ...version2.goals[2], category: 'plan' }],
        removed: [],
        changed: [
          {
            goalId: 'g1',
            changes: { text: { from: 'Teilzeitstelle finden', to: 'Teilzeitstelle im Einzelhandel finden' } },
          },
        ],
      },
      steps: { added: [{ ...s2, category: 'plan' }], removed: [], changed: [] },
      participantWords: { from: 'Erst die Gesundheit.', to: 'Erst die Gesundheit, dann die Arbeit.' },
      lines: [
        'Ziel 3 neu (Wohnen): Eigene Wohnung',
        'Ziel 1: „Teilzeitstelle finden“ → „Teilzeitstelle im Einzelhandel finden“',
        `Schritt 2 neu: Wohnungsamt aufsuchen bis ${german(inDays(30))} (teilnehmende Person)`,
        'Worte der teilnehmenden Person: „Erst die Gesundheit.“ → „Erst die Gesundheit, dann die Arbeit.“',
      ],
      withheldTexts: 0,
    });

    await post(`${base}/versions/2/agreement`, { form: 'electronic' }).expect(201);
    const agreed = await planOf(caseId);
    expect(agreed).toMatchObject({
      status: 'agreed',
      latestVersion: 2,
      agreedVersion: 2,
      versions: [
        { version: 1, agreedAt: expect.any(String) as unknown, agreedBy: 'anna.coach', form: 'written' },
        { version: 2, agreedAt: expect.any(String) as unknown, agreedBy: 'anna.coach', form: 'electronic' },
      ],
    });
    const older = await t.http.get(`${base}/versions/1`).set(anna).expect(200);
    expect(older.body).toMatchObject({
      version: 1,
      goals,
      steps: [s1, s3],
      participantWords: 'Erst die Gesundheit.',
      agreement: { agreedBy: 'anna.coach', form: 'written' },
    });

    // Ten days on: s3 is overdue, s1 is done, s2 is not due yet.
    const realNow = clock.now;
    clock.now = () => new Date(Date.now() + 10 * DAY);
    try {
      const later = await planOf(caseId);
      expect(later.latest?.steps.map(({ stepId, completed, overdue }) => ({ stepId, completed, overdue }))).toEqual([
        { stepId: 's1', completed: true, overdue: false },
        { stepId: 's2', completed: false, overdue: false },
        { stepId: 's3', completed: false, overdue: true },
      ]);
    } finally {
      clock.now = realNow;
    }

    const events = (await t.allEvents()).filter((e) => e.streamId === `case-${caseId}`);
    expect(events.map((e) => e.type)).toEqual([
      'CaseOpened',
      'PlanVersionDrafted',
      'PlanVersionAgreed',
      'PlanStepCompleted',
      'PlanVersionDrafted',
      'PlanVersionAgreed',
    ]);
    // Applying earlier events once more changes nothing (idempotent per stream position).
    const raw = (await t.persistence.rawEvents.readStream(`case-${caseId}`)).slice(0, 4);
    const viewBefore = await planOf(caseId);
    await t.persistence.readModelLock.run(() =>
      t.persistence.dataSource.transaction((manager) => planProjection.apply(raw, manager)),
    );
    expect(await planOf(caseId)).toEqual(viewBefore);

    // Goals, steps and words are sealed in the log; the schedule is not.
    const stored = JSON.stringify((await t.persistence.rawEvents.readStream(`case-${caseId}`)).map((e) => e.data));
    expect(stored).not.toContain('Teilzeitstelle');
    expect(stored).not.toContain('Erst die Gesundheit');
    expect(stored).toContain(inDays(30));

    // Reads are audited as reads of the plan.
    const size = await t.persistence.audit.size();
    await t.http.get(`${base}/diff?from=1&to=2`).set(anna).expect(200);
    const [entry] = (await t.persistence.audit.read(size, 10)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(entry).toMatchObject({
      action: 'read',
      route: 'GET /api/cases/{id}/plan/diff',
      caseRef: caseId,
      categories: ['plan'],
      legalBasis: ['team'],
      decision: 'permit',
    });
  });

  it('goes from dispute to mediation to its conclusion, and is agreed again', async () => {
    const caseId = await t.openCase(anna);
    const base = `/api/cases/${caseId}/plan`;
    await post(`${base}/versions`, version1).expect(201);
    await post(`${base}/versions/1/agreement`, { form: 'written' }).expect(201);
    await post(`${base}/dispute`, { version: 1, reason: 'Die Frist für den Lebenslauf ist zu kurz' }).expect(201);
    expect((await planOf(caseId)).status).toBe('disputed');
    await post(`${base}/mediation`).expect(201);
    expect(await planOf(caseId)).toMatchObject({
      status: 'mediation_requested',
      disputes: [{ version: 1, reason: 'Die Frist für den Lebenslauf ist zu kurz', mediation: { outcome: null } }],
    });
    await post(`${base}/mediation/conclusion`, { outcome: 'agreement_reached' }).expect(201);
    expect(await planOf(caseId)).toMatchObject({
      status: 'mediation_concluded',
      agreedVersion: 1,
      disputes: [
        {
          version: 1,
          disputedBy: 'anna.coach',
          mediation: {
            requestedBy: 'anna.coach',
            outcome: 'agreement_reached',
            concludedAt: expect.any(String) as unknown,
          },
        },
      ],
    });
    const longer = { ...version1, steps: [{ ...s1, dueDate: inDays(28) }, s3] };
    await post(`${base}/versions`, longer).expect(201);
    await post(`${base}/versions/2/agreement`, { form: 'verbal' }).expect(201);
    expect(await planOf(caseId)).toMatchObject({ status: 'agreed', agreedVersion: 2 });
    const diff = await t.http.get(`${base}/diff?from=1&to=2`).set(anna).expect(200);
    expect((diff.body as { lines: string[] }).lines).toEqual([
      `Schritt 1: fällig ${german(s1.dueDate)} → ${german(inDays(28))}`,
    ]);
    const types = (await t.allEvents()).filter((e) => e.streamId === `case-${caseId}`).map((e) => e.type);
    expect(types.slice(3, 6)).toEqual(['PlanDisputed', 'MediationRequested', 'MediationConcluded']);
  });

  it('refuses mediation when the legal status provides none (409) and appends nothing', async () => {
    const caseId = await t.openCase(anna);
    const base = `/api/cases/${caseId}/plan`;
    await post(`${base}/versions`, { ...version1, legalStatus: sgb9 }).expect(201);
    await post(`${base}/dispute`, { version: 1, reason: 'Kein Einverständnis mit dem Ziel' }).expect(201);
    expect(await refused(() => post(`${base}/mediation`))).toEqual({
      status: 409,
      code: 'PLAN.MEDIATION_NOT_AVAILABLE',
    });
    expect(await planOf(caseId)).toMatchObject({ status: 'disputed', latest: { legalStatus: sgb9 } });
  });

  it('refuses illegal transitions with 409 and appends nothing', async () => {
    const caseId = await t.openCase(anna);
    const base = `/api/cases/${caseId}/plan`;
    expect(await refused(() => post(`${base}/versions/1/agreement`, { form: 'written' }))).toEqual({
      status: 404,
      code: 'PLAN.NOT_FOUND',
    });
    await post(`${base}/versions`, version1).expect(201);
    const conflict = { status: 409, code: 'PLAN.ILLEGAL_TRANSITION' };
    expect(await refused(() => post(`${base}/steps/s1/completion`))).toEqual(conflict);
    expect(await refused(() => post(`${base}/mediation`))).toEqual(conflict);
    expect(await refused(() => post(`${base}/mediation/conclusion`, { outcome: 'withdrawn' }))).toEqual(conflict);
    await post(`${base}/versions/1/agreement`, { form: 'written' }).expect(201);
    expect(await refused(() => post(`${base}/versions/1/agreement`, { form: 'written' }))).toEqual(conflict);
    await post(`${base}/steps/s1/completion`).expect(201);
    expect(await refused(() => post(`${base}/steps/s1/completion`))).toEqual(conflict);
    expect(await refused(() => post(`${base}/steps/s7/completion`))).toEqual({ status: 404, code: 'PLAN.NOT_FOUND' });
    await post(`${base}/versions`, version1).expect(201);
    expect(await refused(() => post(`${base}/versions/1/agreement`, { form: 'written' }))).toEqual(conflict);
    expect(await refused(() => post(`${base}/dispute`, { version: 1, reason: 'alt' }))).toEqual(conflict);
    await post(`${base}/dispute`, { version: 2, reason: 'Zu viele Termine' }).expect(201);
    expect(await refused(() => post(`${base}/dispute`, { version: 2, reason: 'noch einmal' }))).toEqual(conflict);
    await post(`${base}/mediation`).expect(201);
    expect(await refused(() => post(`${base}/versions`, version1))).toEqual(conflict);
    expect(await refused(() => post(`${base}/versions/2/agreement`, { form: 'written' }))).toEqual(conflict);
    expect(await planOf(caseId)).toMatchObject({ status: 'mediation_requested', latestVersion: 2, agreedVersion: 1 });
  });

  it('refuses bad input with 400 and appends nothing', async () => {
    const caseId = await t.openCase(anna);
    const base = `/api/cases/${caseId}/plan`;
    const validation = { status: 400, code: 'REQUEST.VALIDATION' };
    const invalid = { status: 400, code: 'PLAN.INVALID' };
    const forbidden = { status: 400, code: 'REQUEST.FORBIDDEN_CHARACTER' };
    const drafts: [object, { status: number; code: string }][] = [
      [{ ...version1, goals: [] }, validation],
      [{ ...version1, goals: [{ ...goals[0], lifeArea: 'space' }] }, validation],
      [{ goals, steps: [] }, validation],
      [{ ...version1, legalStatus: { ...sgb2, binding: 'yes' } }, validation],
      [{ ...version1, mood: 'good' }, validation],
      [{ ...version1, steps: [{ ...s1, stepId: 'schritt eins' }] }, validation],
      [{ ...version1, steps: [{ ...s1, dueDate: 'tomorrow' }] }, validation],
      [{ ...version1, participantWords: 'x'.repeat(4001) }, validation],
      [{ ...version1, steps: [{ ...s1, dueDate: inDays(-1) }] }, invalid],
      [{ ...version1, steps: [{ ...s1, dueDate: '2031-02-30' }] }, validation],
      [{ ...version1, steps: [{ ...s1, goalId: 'g9' }] }, invalid],
      [{ ...version1, steps: [s1, s1] }, invalid],
      [{ ...version1, goals: [goals[0], { ...goals[1], text: '   ' }] }, invalid],
      [{ ...version1, goals: [{ ...goals[0], text: 'Teilzeit\u0000stelle finden' }, goals[1]] }, forbidden],
      [{ ...version1, goals: [goals[0], { ...goals[1], text: 'Alkohol\u202e reduzieren' }] }, forbidden],
      [{ ...version1, steps: [{ ...s1, action: 'Lebenslauf\udbff' }, s3] }, forbidden],
      [{ ...version1, participantWords: 'Erst die \u2067Gesundheit.' }, forbidden],
    ];
    for (const [body, expected] of drafts)
      expect({ body, ...(await refused(() => post(`${base}/versions`, body))) }).toEqual({ body, ...expected });

    await post(`${base}/versions`, version1).expect(201);
    const requests: [() => Promise<{ status: number; body: unknown; headers: object }>, object][] = [
      [() => post(`${base}/versions/1/agreement`, { form: 'telepathic' }), validation],
      [() => post(`${base}/versions/abc/agreement`, { form: 'written' }), validation],
      [() => post(`${base}/dispute`, { version: 1, reason: '' }), validation],
      [() => post(`${base}/dispute`, { version: 1, reason: 'Ziel\u0007 passt nicht' }), forbidden],
      [() => post(`${base}/mediation/conclusion`, { outcome: 'coin_toss' }), validation],
      [() => post(`${base}/steps/s%201/completion`), validation],
      [() => t.http.get(`${base}/diff?from=1&to=1`).set(anna), invalid],
      [() => t.http.get(`${base}/diff?from=1&to=9`).set(anna), invalid],
      [() => t.http.get(`${base}/diff?from=1`).set(anna), validation],
      [() => t.http.get(`${base}/versions/9`).set(anna), { status: 404, code: 'PLAN.NOT_FOUND' }],
    ];
    for (const [request, expected] of requests) expect(await refused(request)).toEqual(expected);
  });

  it('is closed to those without plan cover', async () => {
    const caseId = await t.openCase(anna);
    const base = `/api/cases/${caseId}/plan`;
    await post(`${base}/versions`, version1).expect(201);
    const clara = await t.as('clara.youth', 'coordination');
    expect(await refused(() => t.http.get(base).set(clara))).toEqual({ status: 404, code: 'CASE.NOT_FOUND' });
    // On the team with a consent for identity and case_admin only: the case is visible, the plan is not.
    await t.http.post(`/api/cases/${caseId}/team-members`).set(anna).send({ userId: 'emil.counsel' }).expect(201);
    await t.http
      .post(`/api/cases/${caseId}/consents`)
      .set(anna)
      .send({
        purposes: ['coordination'],
        dataCategories: ['identity', 'case_admin'],
        recipientAgencyIds: ['suchtberatung-nord'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    const emil = await t.as('emil.counsel', 'coordination');
    expect(await refused(() => t.http.get(base).set(emil))).toEqual({ status: 403, code: 'ACCESS.DENIED' });
    expect(await refused(() => t.http.get(`${base}/versions/1`).set(emil))).toEqual({
      status: 403,
      code: 'ACCESS.DENIED',
    });
    expect(
      await refused(() => t.http.post(`${base}/versions/1/agreement`).set(emil).send({ form: 'written' })),
    ).toEqual({ status: 403, code: 'ACCESS.DENIED' });
  });

  // Last: it stops the projections to rebuild them.
  it('drops goals, steps, words and dispute reasons with the participant’s erasure, also in a rebuild', async () => {
    const caseId = await t.openCase(anna);
    const base = `/api/cases/${caseId}/plan`;
    await post(`${base}/versions`, version1).expect(201);
    await post(`${base}/dispute`, { version: 1, reason: 'Ohne Kinderbetreuung geht das nicht' }).expect(201);
    await t.app.get(ErasureService).eraseParticipant(caseId, 'retention period ended', frieda, new Date());
    expect(await planOf(caseId)).toMatchObject({
      status: 'disputed',
      latest: { version: 1, legalStatus: sgb2, goals: ERASED, steps: ERASED, participantWords: ERASED },
      disputes: [{ version: 1, reason: ERASED }],
    });
    const manager = t.persistence.dataSource.manager;
    expect(await manager.findBy(PlanVersionRow, { caseId })).toMatchObject([{ contentSealed: null }]);
    expect(await manager.findBy(PlanDisputeRow, { caseId })).toMatchObject([{ reasonSealed: null }]);
    const erasedView = await planOf(caseId);

    // Rebuilt from zero, the read model is the same, and the sealed content stays dropped.
    const runner = t.app.get(ProjectionRunner);
    await runner.stop();
    await runner.rebuild();
    expect(await planOf(caseId)).toEqual(erasedView);
    expect(await manager.findBy(PlanVersionRow, { caseId })).toMatchObject([{ contentSealed: null }]);
    expect(await manager.findBy(PlanDisputeRow, { caseId })).toMatchObject([{ reasonSealed: null }]);
  });
});
