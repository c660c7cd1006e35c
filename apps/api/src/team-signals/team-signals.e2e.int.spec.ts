import {
  ProjectionRunner,
  TeamSignalCase,
  TeamSignalContact,
  TeamSignalPlanStep,
  TeamSignalReferral,
} from '@fallverbund/cases-application';
import { type Purpose } from '@fallverbund/kernel';
import { clock } from '../app/clock';
import { configFromEnv } from '../app/config';
import { PROFILES, startTestApp, type TestApp } from '../testing/test-app';

const DAY = 86_400_000;
const PROBLEM = /^application\/problem\+json/;
const realNow = clock.now;
const dateIn = (days: number, from = realNow()): string =>
  new Date(from.getTime() + days * DAY).toISOString().slice(0, 10);
const daysBetweenDates = (from: string, to: string): number =>
  (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY;

interface Signals {
  ratio: { target: string; min: number; max: number };
  caseload: { coachUserId: string; cases: number; overTarget: boolean }[];
  noContact30Days: { caseId: string; coachUserIds: string[]; lastContactAt: string | null; daysSince: number }[];
  referralsWaiting: {
    caseId: string;
    referralId: string;
    partnerAgencyId: string;
    sentAt: string;
    daysWaiting: number;
    status: string;
  }[];
  overduePlanSteps: { caseId: string; stepId: string; dueDate: string; daysOverdue: number }[];
  referralsWithheld: number;
}

describe('CASELOAD_TARGET', () => {
  it('is 25 unless set, and refuses a value outside 1:12 to 1:35 with a clear message', () => {
    expect(configFromEnv({}).caseloadTarget).toBe(25);
    expect(configFromEnv({ CASELOAD_TARGET: '12' }).caseloadTarget).toBe(12);
    expect(configFromEnv({ CASELOAD_TARGET: ' 35 ' }).caseloadTarget).toBe(35);
    for (const bad of ['11', '36', '0', '-20', '25.5', '1:25', 'many'])
      expect(() => configFromEnv({ CASELOAD_TARGET: bad })).toThrow(
        `CASELOAD_TARGET must be a whole number of cases per coach from 12 to 35 (1:12 to 1:35), not "${bad}"`,
      );
  });
});

describe.each(PROFILES)('team signals (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let ben: Record<string, string>;
  let coordination: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp(profile, { caseloadTarget: 12 });
    anna = await t.as('anna.coach', 'integration');
    ben = await t.as('ben.lead', 'coordination');
    coordination = await t.as('anna.coach', 'coordination');
  });
  afterEach(() => {
    clock.now = realNow;
  });
  afterAll(() => t.close());

  const contact = (caseId: string, occurredAt: string) =>
    t.http
      .post(`/api/cases/${caseId}/contacts`)
      .set(anna)
      .send({ kind: 'office', occurredAt, durationMinutes: 30 })
      .expect(201)
      .then((r) => (r.body as { id: string }).id);
  const signals = async (): Promise<Signals> =>
    (await t.http.get('/api/team/signals').set(ben).expect(200)).body as Signals;

  it('shows caseload, contact gaps, waiting referrals and overdue steps as of the clock, and the same after a rebuild', async () => {
    const size = await t.persistence.audit.size();
    const before = await signals();
    expect(before).toEqual({
      ratio: { target: '1:12', min: 12, max: 35 },
      caseload: [],
      noContact30Days: [],
      referralsWaiting: [],
      referralsWithheld: 0,
      overduePlanSteps: [],
    });
    // Recorded like an empty list: one entry without a case.
    expect((await t.persistence.audit.read(size, 10)).map((r) => r.entry)).toEqual([
      expect.objectContaining({
        action: 'list',
        route: 'GET /api/team/signals',
        caseRef: null,
        purpose: 'coordination',
        decision: 'permit',
        outcome: 200,
      }),
    ]);

    // Anna opens 14 cases and closes one: 13 count, one more than the target of 12.
    const cases: string[] = [];
    for (let i = 0; i < 14; i++) cases.push(await t.openCase(anna));
    const [contacted, corrected, referred, planned, aftercare, closed, withBen, withBen2] = cases as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    await t.http.post(`/api/cases/${closed}/closure`).set(anna).send({ exitReason: 'employment' }).expect(201);
    await t.http
      .post(`/api/cases/${aftercare}/aftercare`)
      .set(anna)
      .send({ followUps: [dateIn(60)] })
      .expect(201);
    // A team lead of the lead agency coaches too; a caseworker of another agency does not.
    for (const id of [withBen, withBen2])
      await t.http.post(`/api/cases/${id}/team-members`).set(anna).send({ userId: 'ben.lead' }).expect(201);
    await t.http.post(`/api/cases/${withBen}/team-members`).set(anna).send({ userId: 'clara.youth' }).expect(201);
    // A case the youth office leads is none of Ben's business.
    const clara = await t.as('clara.youth', 'youth_support');
    const foreign = await t.openCase(clara);

    await contact(contacted, new Date().toISOString());
    await contact(corrected, new Date().toISOString());

    // Referrals to the addiction counselling: one waits, one was accepted, one had its first appointment.
    await t.http
      .post(`/api/cases/${referred}/consents`)
      .set(anna)
      .send({
        purposes: ['coordination', 'health_promotion'],
        dataCategories: ['case_admin'],
        recipientAgencyIds: ['suchtberatung-nord', 'drv-nord'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    // The addiction service is referred to under health promotion (a referral to it is addiction data,
    // which coordination may not create); the pension insurance under coordination.
    const emil = await t.as('emil.counsel', 'health_promotion');
    const healthPromotion = await t.as('anna.coach', 'health_promotion');
    const send = async (partnerAgencyId = 'suchtberatung-nord'): Promise<string> =>
      (
        (
          await t.http
            .post(`/api/cases/${referred}/referrals`)
            .set(partnerAgencyId === 'drv-nord' ? coordination : healthPromotion)
            .send({
              partnerAgencyId,
              sharedCategories: ['case_admin'],
              reason: 'Alkoholkonsum ansprechen',
            })
            .expect(201)
        ).body as { id: string }
      ).id;
    // The addiction service's referrals are addiction data, which coordination does not need: the team
    // lead sees that two wait, not which; the pension insurance's referral is shown.
    const [waiting, accepted, seen] = [await send(), await send(), await send()];
    const toDrv = await send('drv-nord');
    for (const referralId of [accepted, seen])
      await t.http.post(`/api/cases/${referred}/referrals/${referralId}/accept`).set(emil).expect(201);
    await t.http
      .post(`/api/cases/${referred}/referrals/${seen}/first-appointment`)
      .set(emil)
      .send({ appointmentAt: new Date().toISOString() })
      .expect(201);

    // A plan with three steps: one done, one due in 10 days, one in 40.
    await t.http
      .post(`/api/cases/${planned}/plan/versions`)
      .set(anna)
      .send({
        legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
        goals: [{ goalId: 'g1', lifeArea: 'work', text: 'Eine Teilzeitstelle finden' }],
        steps: [
          {
            stepId: 's1',
            goalId: 'g1',
            action: 'Lebenslauf schreiben',
            responsible: 'participant',
            dueDate: dateIn(10),
          },
          { stepId: 's2', goalId: 'g1', action: 'Bewerbungen', responsible: 'participant', dueDate: dateIn(40) },
          { stepId: 's3', goalId: 'g1', action: 'Termin Beratung', responsible: 'coach', dueDate: dateIn(5) },
        ],
        participantWords: 'Ich will wieder arbeiten',
      })
      .expect(201);
    await t.http
      .post(`/api/cases/${planned}/plan/versions/1/agreement`)
      .set(anna)
      .send({ form: 'written' })
      .expect(201);
    await t.http.post(`/api/cases/${planned}/plan/steps/s3/completion`).set(anna).expect(201);

    const now = await signals();
    expect(now.caseload).toEqual([
      { coachUserId: 'anna.coach', cases: 13, overTarget: true },
      { coachUserId: 'ben.lead', cases: 2, overTarget: false },
    ]);
    expect(now.noContact30Days).toEqual([]);
    const waitingSince = (await t.allEvents())
      .filter((e) => e.type === 'ReferralSent')
      .map((e) => (e.data as { sentAt: string }).sentAt);
    const referral = (referralId: string, status: string, sentAt: string | undefined, daysWaiting: number) => ({
      caseId: referred,
      referralId,
      partnerAgencyId: 'drv-nord',
      sentAt,
      daysWaiting,
      status,
    });
    expect(now.referralsWaiting).toEqual([referral(toDrv, 'sent', waitingSince[3], 0)]);
    expect(now.referralsWithheld).toBe(2);
    expect(JSON.stringify(now)).not.toContain('suchtberatung-nord');
    expect(JSON.stringify(now)).not.toContain(waiting);
    expect(JSON.stringify(now)).not.toContain(accepted);
    expect(now.overduePlanSteps).toEqual([]);

    // 31 days on. One case has a fresh contact; on another the fresh contact is corrected to 30 days ago.
    clock.now = () => new Date(Date.now() + 31 * DAY);
    const at = (daysAgo: number): string => new Date(clock.now().getTime() - daysAgo * DAY - 60_000).toISOString();
    await contact(contacted, at(0));
    const movedContact = await contact(corrected, at(0));
    const movedTo = at(30);
    await t.http
      .post(`/api/cases/${corrected}/contacts/${movedContact}/corrections`)
      .set(anna)
      .send({ occurredAt: movedTo, reason: 'Datum falsch erfasst' })
      .expect(201);

    const asOf = clock.now();
    const today = asOf.toISOString().slice(0, 10);
    const after = await signals();
    const quiet = cases.filter((id) => ![contacted, corrected, closed].includes(id));
    expect(after.noContact30Days.map((c) => c.caseId).sort()).toEqual([...quiet, corrected].sort());
    expect(after.noContact30Days.map((c) => c.caseId)).not.toContain(foreign);
    const gap = (id: string) => after.noContact30Days.find((c) => c.caseId === id);
    expect(gap(corrected)).toEqual({
      caseId: corrected,
      coachUserIds: ['anna.coach'],
      lastContactAt: movedTo,
      daysSince: 30,
    });
    expect(gap(withBen)).toEqual({
      caseId: withBen,
      coachUserIds: ['anna.coach', 'ben.lead'],
      lastContactAt: null,
      daysSince: 31,
    });
    expect(gap(aftercare)).toMatchObject({ lastContactAt: null, daysSince: 31 });
    // Longest gap first.
    expect(after.noContact30Days.at(-1)?.caseId).toBe(corrected);
    expect(after.referralsWaiting).toEqual([referral(toDrv, 'sent', waitingSince[3], 31)]);
    expect(after.referralsWithheld).toBe(2);
    expect(after.overduePlanSteps).toEqual([
      { caseId: planned, stepId: 's1', dueDate: dateIn(10), daysOverdue: daysBetweenDates(dateIn(10), today) },
    ]);
    expect(after.overduePlanSteps[0]?.daysOverdue).toBeGreaterThanOrEqual(20);
    expect(after.caseload).toEqual(now.caseload);

    // The read model holds no personal data: no names, reasons, goals, steps' texts or the participant's words.
    const manager = t.persistence.dataSource.manager;
    const stored = JSON.stringify([
      await manager.find(TeamSignalCase),
      await manager.find(TeamSignalContact),
      await manager.find(TeamSignalReferral),
      await manager.find(TeamSignalPlanStep),
    ]);
    for (const personal of ['Mara', 'Beispiel', 'Alkohol', 'Teilzeit', 'Lebenslauf', 'arbeiten', 'Datum falsch'])
      expect(stored).not.toContain(personal);

    // Rebuilt from zero: the same answer.
    const runner = t.app.get(ProjectionRunner);
    await runner.stop();
    const { events } = await runner.rebuild();
    expect(events).toBe((await t.allEvents()).length);
    expect(await signals()).toEqual(after);
  });

  it('records one list entry per case it names, with what it shows of each', async () => {
    clock.now = () => new Date(Date.now() + 31 * DAY);
    const size = await t.persistence.audit.size();
    const answer = await signals();
    const shown = new Map<string, Set<string>>();
    const show = (caseId: string, category: string) =>
      shown.set(caseId, new Set([...(shown.get(caseId) ?? ['case_admin']), category]));
    answer.noContact30Days.forEach((c) => show(c.caseId, 'contacts'));
    answer.referralsWaiting.forEach((r) => show(r.caseId, 'referrals'));
    answer.overduePlanSteps.forEach((s) => show(s.caseId, 'plan'));
    expect(shown.size).toBeGreaterThan(10);
    const entries = (await t.persistence.audit.read(size, 1000)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(entries).toHaveLength(shown.size);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        actor: { userId: 'ben.lead', role: 'team_lead', agencyId: 'jobcenter-mitte' },
        action: 'list',
        route: 'GET /api/team/signals',
        purpose: 'coordination',
        legalBasis: ['team_lead'],
        decision: 'permit',
        outcome: 200,
        disclosure: false,
      });
      const expected = ['case_admin', 'contacts', 'referrals', 'plan'].filter((c) =>
        shown.get(entry.caseRef ?? '')?.has(c),
      );
      expect(entry.categories).toEqual(expected);
    }
    expect(new Set(entries.map((e) => e.caseRef))).toEqual(new Set(shown.keys()));
  });

  it('answers 403 to every other role and purpose, recorded; 400 without a purpose, recording nothing', async () => {
    const refused: [string, Purpose][] = [
      ['anna.coach', 'coordination'],
      ['ben.lead', 'integration'],
      ['ben.lead', 'case_conference'],
      ['clara.youth', 'coordination'],
      ['deniz.psych', 'coordination'],
      ['emil.counsel', 'coordination'],
      ['frieda.dpo', 'audit'],
    ];
    for (const [userId, purpose] of refused) {
      const size = await t.persistence.audit.size();
      const response = await t.http
        .get('/api/team/signals')
        .set(await t.as(userId, purpose))
        .expect(403);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: 403, code: 'ACCESS.DENIED' });
      expect(JSON.stringify(response.body)).not.toMatch(/caseload|caseId/);
      expect((await t.persistence.audit.read(size, 10)).map((r) => r.entry)).toEqual([
        expect.objectContaining({
          actor: expect.objectContaining({ userId }) as unknown,
          route: 'GET /api/team/signals',
          caseRef: null,
          categories: [],
          decision: 'deny',
          outcome: 403,
        }),
      ]);
    }

    const size = await t.persistence.audit.size();
    const events = (await t.allEvents()).length;
    const response = await t.http
      .get('/api/team/signals')
      .set({ authorization: `Bearer ${await t.token('ben.lead')}` })
      .expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({ code: 'REQUEST.PURPOSE_MISSING' });
    expect(await t.persistence.audit.size()).toBe(size);
    expect((await t.allEvents()).length).toBe(events);
  });
});

// Its own app: the first test above stops the projection runner for its rebuild.
describe.each(PROFILES)('team signals of restricted cases (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let ben: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp(profile, { caseloadTarget: 12 });
    anna = await t.as('anna.coach', 'integration');
    ben = await t.as('ben.lead', 'coordination');
  });
  afterEach(() => {
    clock.now = realNow;
  });
  afterAll(() => t.close());

  const signals = async (): Promise<Signals> =>
    (await t.http.get('/api/team/signals').set(ben).expect(200)).body as Signals;

  it('leaves restricted data out (§ 84 SGB X): a restricted category drops its signal, a restricted case every signal', async () => {
    const frieda = await t.as('frieda.dpo', 'audit');
    const caseId = await t.openCase(anna);
    clock.now = () => new Date(Date.now() + 31 * DAY);
    const annasCases = (view: Signals) => view.caseload.find((c) => c.coachUserId === 'anna.coach')?.cases ?? 0;
    const unrestricted = await signals();
    expect(unrestricted.noContact30Days.map((c) => c.caseId)).toContain(caseId);

    await t.http
      .post(`/api/cases/${caseId}/restriction`)
      .set(frieda)
      .send({ scope: ['contacts'], reason: 'accuracy_disputed' })
      .expect(201);
    const size = await t.persistence.audit.size();
    const contactsRestricted = await signals();
    expect(contactsRestricted.noContact30Days.map((c) => c.caseId)).not.toContain(caseId);
    expect(annasCases(contactsRestricted)).toBe(annasCases(unrestricted));
    const entries = (await t.persistence.audit.read(size, 1000)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(entries.filter((e) => e.caseRef === caseId)).toEqual([]);

    await t.http.post(`/api/cases/${caseId}/restriction/lifting`).set(frieda).send({}).expect(201);
    await t.http
      .post(`/api/cases/${caseId}/restriction`)
      .set(frieda)
      .send({ scope: 'case', reason: 'legal_claims' })
      .expect(201);
    const caseRestricted = await signals();
    expect(caseRestricted.noContact30Days.map((c) => c.caseId)).not.toContain(caseId);
    expect(annasCases(caseRestricted)).toBe(annasCases(unrestricted) - 1);

    await t.http.post(`/api/cases/${caseId}/restriction/lifting`).set(frieda).send({}).expect(201);
    const lifted = await signals();
    expect(lifted.noContact30Days.map((c) => c.caseId)).toContain(caseId);
    expect(annasCases(lifted)).toBe(annasCases(unrestricted));
  });
});
