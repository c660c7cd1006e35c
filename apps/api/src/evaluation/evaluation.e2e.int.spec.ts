import { randomUUID } from 'node:crypto';
import { EVALUATION_BASIS } from '@fallverbund/access-policy';
import { CaseRepository, ProjectionRunner } from '@fallverbund/cases-application';
import { type CaseCommand } from '@fallverbund/cases-domain';
import { DEMO_DIRECTORY } from '@fallverbund/identity';
import { type Actor, type Purpose } from '@fallverbund/kernel';
import { clock } from '../app/clock';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;
const YEAR = new Date().getUTCFullYear() + 1;
/** An instant in next year (the clock only moves forward from today), at 10:00 UTC. */
const at = (month: number, day: number, hours = 10): Date => new Date(Date.UTC(YEAR, month - 1, day, hours));
const DAY = 86_400_000;

const actor = (userId: string): Actor => {
  const found = DEMO_DIRECTORY.actorFor(userId);
  if (!found) throw new Error(`no demo user ${userId}`);
  return found;
};
/** Partner staff the demo directory does not list by name: the decider needs only their agency. */
const partnerStaff = (agencyId: string): Actor => ({
  userId: `staff@${agencyId}`,
  displayName: 'Partner staff',
  role: 'partner_staff',
  agencyId,
  agencyType: DEMO_DIRECTORY.agency(agencyId)?.type ?? 'network_partner',
});

/**
 * Figures by hand, from what the test records below (lead agency jobcenter-mitte, eight cases; one
 * case of the youth office that must not count):
 * - housing/coach: latest 4 (c1: 2, then 4; a backdated 1 recorded later is not the latest), 3, 5, 2, 3
 *   → n 5, mean 3.4, median 3; housing/self: 3 cases → suppressed.
 * - work_readiness/coach: 1, 2, 2, 3, 4, 5 → n 6, mean 2.83, median 2.5; work_readiness/self: 2, 2, 3, 3,
 *   5 → n 5, mean 3, median 3.
 * - waiting days, network partners: 10, 5, 20, 40, 30, 14 → n 6, median 17, p90 40; the health
 *   provider: 2 → suppressed; a referral without a first appointment does not count.
 * - case-months: c1–c6 closed in March (Jan–Mar, 3 each), c7 in aftercare and c8 active (Jan–Apr, 4
 *   each) = 26; contacts 3+3+1+0+2+1+2+2 = 14 → 0.54 per case-month; months with a contact
 *   3+3+1+0+1+1+2+1 = 12 → 0.46 (c2's second January contact was corrected to February).
 * - exits: employment 5; training 1 → suppressed; every other reason 0 → suppressed.
 */
const EXPECTED_SHOWN = {
  progress: [
    { dimension: 'housing', perspective: 'coach', n: 5, mean: 3.4, median: 3 },
    { dimension: 'work_readiness', perspective: 'coach', n: 6, mean: 2.83, median: 2.5 },
    { dimension: 'work_readiness', perspective: 'self', n: 5, mean: 3, median: 3 },
  ],
  waiting: [{ partnerType: 'network_partner', n: 6, medianDays: 17, p90Days: 40 }],
  density: { casesN: 8, caseMonths: 26, contactsPerCaseMonth: 0.54, caseMonthsWithContactShare: 0.46 },
  exits: [{ exitReason: 'employment', n: 5 }],
};

interface Figures {
  scope: { leadAgencyId: string };
  minGroupSize: number;
  progressByDimension: Record<string, unknown>[];
  referralWaitingTimes: Record<string, unknown>[];
  contactDensity: Record<string, unknown>;
  exitsByReason: Record<string, unknown>[];
}

const shown = (groups: Record<string, unknown>[]) => groups.filter((g) => !('suppressed' in g));

describe.each(PROFILES)('evaluation figures (%s)', (profile) => {
  let t: TestApp;
  const realNow = clock.now;
  const caseIds: string[] = [];
  let youthCase: string;
  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterAll(async () => {
    clock.now = realNow;
    await t.close();
  });

  const setClock = (instant: Date): void => {
    clock.now = () => instant;
  };
  const post = async (path: string, headers: Record<string, string>, body: object = {}): Promise<string> =>
    ((await t.http.post(path).set(headers).send(body).expect(201)).body as { id: string }).id;

  /** Referrals have their own routes; the figures need only their events, so the test decides them directly. */
  const decide = async (caseId: string, who: Actor, purpose: Purpose, now: Date, command: object) => {
    const context = { actor: who, purpose, requestId: randomUUID(), correlationId: null, now };
    await t.app
      .get(CaseRepository)
      .handle(caseId, { ...command, metadata: { actor: who, purpose, now } } as CaseCommand, context, {
        audit: { action: 'refer', route: 'test', category: 'referrals' },
      });
  };
  const refer = async (
    caseId: string,
    partnerAgencyId: string,
    waitingDays: number | null,
    by = actor('anna.coach'),
    purpose: Purpose = 'integration',
  ): Promise<void> => {
    const referralId = randomUUID();
    const sent = at(2, 1);
    await decide(caseId, by, purpose, sent, {
      type: 'SendReferral',
      data: { caseId, referralId, partnerAgencyId, purpose, sharedCategories: ['contacts'], reason: 'Beratung' },
    });
    const partner = partnerStaff(partnerAgencyId);
    await decide(caseId, partner, 'coordination', new Date(sent.getTime() + 3_600_000), {
      type: 'AcceptReferral',
      data: { caseId, referralId },
    });
    if (waitingDays === null) return;
    const appointmentAt = new Date(sent.getTime() + waitingDays * DAY);
    await decide(caseId, partner, 'coordination', new Date(appointmentAt.getTime() + 3_600_000), {
      type: 'RecordFirstAppointment',
      data: { caseId, referralId, appointmentAt: appointmentAt.toISOString() },
    });
  };

  const figuresAs = async (userId: string): Promise<Figures> =>
    (
      await t.http
        .get('/api/evaluation/figures')
        .set(await t.as(userId, 'evaluation'))
        .expect(200)
    ).body as Figures;

  it('records a caseload from January to April', async () => {
    const anna = await t.as('anna.coach', 'integration');
    const clara = await t.as('clara.youth', 'youth_support');
    const contact = (caseId: string, occurredAt: Date, headers = anna) =>
      post(`/api/cases/${caseId}/contacts`, headers, {
        kind: 'office',
        occurredAt: occurredAt.toISOString(),
        durationMinutes: 30,
      });
    const assess = (caseId: string, perspective: string, ratings: object, assessedAt: Date, headers = anna) =>
      post(`/api/cases/${caseId}/progress-assessments`, headers, {
        perspective,
        ratings,
        assessedAt: assessedAt.toISOString(),
      });
    const consent = (caseId: string, headers: Record<string, string>, purposes: string[], agencies: string[]) =>
      post(`/api/cases/${caseId}/consents`, headers, {
        purposes,
        dataCategories: ['contacts'],
        recipientAgencyIds: agencies,
        form: 'written',
        grantedBy: 'participant',
      });

    setClock(at(1, 10));
    for (let i = 0; i < 8; i++) caseIds.push(await t.openCase(anna));
    const [c1, c2, c3, c4, c5, c6, c7, c8] = caseIds as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    youthCase = await t.openCase(clara);
    for (const id of [c1, c2, c3, c4])
      await consent(
        id,
        anna,
        ['integration'],
        ['suchtberatung-nord', 'schuldnerberatung-mitte', 'praxis-yilmaz', 'sportverein-nord'],
      );
    await consent(youthCase, clara, ['youth_support'], ['suchtberatung-nord']);

    setClock(at(3, 15));
    for (const [id, days] of [
      [c1, [at(1, 20), at(2, 20), at(3, 10)]],
      [c2, [at(1, 20), at(3, 10)]],
      [c3, [at(2, 20)]],
      [c5, [at(1, 20), at(1, 21)]],
      [c6, [at(3, 1)]],
      [c7, [at(2, 20)]],
    ] as const)
      for (const day of days) await contact(id, day);
    const moved = await contact(c2, at(1, 25));
    await post(`/api/cases/${c2}/contacts/${moved}/corrections`, anna, {
      occurredAt: at(2, 25).toISOString(),
      reason: 'Datum falsch erfasst',
    });
    for (let day = 20; day < 25; day++) await contact(youthCase, at(1, day), clara);

    await assess(c1, 'coach', { housing: 2 }, at(1, 15));
    await assess(c1, 'coach', { housing: 4, work_readiness: 1 }, at(3, 1));
    await assess(c1, 'coach', { housing: 1 }, at(1, 20));
    await assess(c1, 'self', { housing: 3, work_readiness: 2 }, at(2, 1));
    for (const [id, coach, self] of [
      [c2, { housing: 3, work_readiness: 2 }, { housing: 4, work_readiness: 2 }],
      [c3, { housing: 5, work_readiness: 2 }, { housing: 2, work_readiness: 3 }],
      [c4, { housing: 2, work_readiness: 3 }, { work_readiness: 3 }],
      [c5, { housing: 3, work_readiness: 4 }, { work_readiness: 5 }],
      [c6, { work_readiness: 5 }, null],
    ] as const) {
      await assess(id, 'coach', coach, at(2, 1));
      if (self) await assess(id, 'self', self, at(2, 1));
    }
    await assess(youthCase, 'coach', { housing: 1 }, at(2, 1), clara);

    await refer(c1, 'suchtberatung-nord', 10);
    await refer(c1, 'schuldnerberatung-mitte', 5);
    await refer(c2, 'suchtberatung-nord', 20);
    await refer(c2, 'praxis-yilmaz', 30);
    await refer(c3, 'schuldnerberatung-mitte', 40);
    await refer(c3, 'praxis-yilmaz', 35);
    await refer(c4, 'suchtberatung-nord', 30);
    await refer(c4, 'schuldnerberatung-mitte', 14);
    await refer(c4, 'sportverein-nord', null);
    await refer(youthCase, 'suchtberatung-nord', 1, actor('clara.youth'), 'youth_support');

    for (const id of [c1, c2, c3, c4, c5]) await post(`/api/cases/${id}/closure`, anna, { exitReason: 'employment' });
    await t.http.post(`/api/cases/${c6}/closure`).set(anna).send({ exitReason: 'training' }).expect(201);
    await t.http
      .post(`/api/cases/${c7}/aftercare`)
      .set(anna)
      .send({ followUps: [at(5, 1).toISOString().slice(0, 10)] })
      .expect(201);

    setClock(at(4, 20));
    await contact(c7, at(4, 10));
    await contact(c8, at(4, 5));
    await contact(c8, at(4, 15));

    const types = (await t.allEvents()).map((e) => e.type);
    expect(types.filter((type) => type === 'FirstAppointmentRecorded')).toHaveLength(9);
    expect(types.filter((type) => type === 'ProgressAssessed')).toHaveLength(14);
  });

  const expectFiguresByHand = (figures: Figures): void => {
    expect(figures.scope).toEqual({ leadAgencyId: 'jobcenter-mitte' });
    expect(figures.minGroupSize).toBe(5);
    expect(shown(figures.progressByDimension)).toEqual(EXPECTED_SHOWN.progress);
    expect(figures.progressByDimension).toHaveLength(14);
    expect(figures.progressByDimension).toContainEqual({ dimension: 'housing', perspective: 'self', suppressed: true });
    expect(shown(figures.referralWaitingTimes)).toEqual(EXPECTED_SHOWN.waiting);
    expect(figures.referralWaitingTimes).toHaveLength(9);
    expect(figures.referralWaitingTimes).toContainEqual({ partnerType: 'health_provider', suppressed: true });
    expect(figures.contactDensity).toEqual(EXPECTED_SHOWN.density);
    expect(shown(figures.exitsByReason)).toEqual(EXPECTED_SHOWN.exits);
    expect(figures.exitsByReason).toHaveLength(10);
    expect(figures.exitsByReason).toContainEqual({ exitReason: 'training', suppressed: true });
    // A suppressed group shows no figure at all; no case leaves.
    const hidden = [...figures.progressByDimension, ...figures.referralWaitingTimes, ...figures.exitsByReason].filter(
      (g) => 'suppressed' in g,
    );
    const labels = ['dimension', 'perspective', 'partnerType', 'exitReason', 'suppressed'];
    for (const group of hidden) expect(Object.keys(group).filter((k) => !labels.includes(k))).toEqual([]);
    const text = JSON.stringify(figures);
    for (const id of [...caseIds, youthCase]) expect(text).not.toContain(id);
  };

  it('shows the figures of the lead agency by hand, with small groups suppressed', async () => {
    const size = await t.persistence.audit.size();
    const figures = await figuresAs('anna.coach');
    expectFiguresByHand(figures);
    expect(await figuresAs('ben.lead')).toEqual(figures);

    // One entry per request, without a case and without a category of a case.
    const entries = (await t.persistence.audit.read(size, 10)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      action: 'evaluation',
      route: 'GET /api/evaluation/figures',
      caseRef: null,
      categories: [],
      purpose: 'evaluation',
      legalBasis: [EVALUATION_BASIS],
      decision: 'permit',
      outcome: 200,
      disclosure: false,
    });
  });

  it("limits the figures to the cases the actor's agency leads", async () => {
    const figures = await figuresAs('clara.youth');
    expect(figures.scope).toEqual({ leadAgencyId: 'jugendamt-mitte' });
    expect(figures.contactDensity).toEqual({ suppressed: true });
    for (const groups of [figures.progressByDimension, figures.referralWaitingTimes, figures.exitsByReason])
      expect(shown(groups)).toEqual([]);
  });

  it('refuses other roles and purposes with 403, recorded before it is answered', async () => {
    const refusals: [string, string][] = [
      ['anna.coach', 'integration'],
      ['ben.lead', 'coordination'],
      ['emil.counsel', 'evaluation'],
      ['deniz.psych', 'evaluation'],
      ['frieda.dpo', 'evaluation'],
      ['frieda.dpo', 'audit'],
    ];
    for (const [userId, purpose] of refusals) {
      const size = await t.persistence.audit.size();
      const response = await t.http.get('/api/evaluation/figures').set(await t.as(userId, purpose));
      expect([userId, purpose, response.status, (response.body as { code?: string }).code]).toEqual([
        userId,
        purpose,
        403,
        'ACCESS.DENIED',
      ]);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(JSON.stringify(response.body)).not.toContain('progressByDimension');
      const entries = (await t.persistence.audit.read(size, 10)).flatMap((r) => (r.entry ? [r.entry] : []));
      expect(entries).toMatchObject([
        { action: 'evaluation', caseRef: null, decision: 'deny', outcome: 403, legalBasis: [] },
      ]);
    }
  });

  // Last: the subscriptions stay stopped after a rebuild.
  it('shows the same figures after a rebuild of the read models from zero', async () => {
    const before = await figuresAs('anna.coach');
    const runner = t.app.get(ProjectionRunner);
    await runner.stop();
    const { events } = await runner.rebuild();
    expect(events).toBe((await t.allEvents()).length);
    const after = await figuresAs('anna.coach');
    expectFiguresByHand(after);
    expect(after).toEqual(before);
  });
});
