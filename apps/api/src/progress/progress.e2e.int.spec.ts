import { ProjectionRunner } from '@fallverbund/cases-application';
import { clock } from '../app/clock';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;
const ago = (minutes: number): string => new Date(Date.now() - minutes * 60_000).toISOString();

interface Point {
  assessmentId: string;
  rating: number;
  assessedAt: string;
  recordedBy: string;
}
interface Curve {
  scale: { min: number; max: number };
  dimensions: {
    dimension: string;
    coach: Point[];
    self: Point[];
    latest: { coach: Point | null; self: Point | null };
  }[];
}

describe.each(PROFILES)('progress assessments (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
  });
  afterAll(() => t.close());

  /** A case opened an hour ago, so that assessments of the last minutes lie after its opening. */
  const openedAnHourAgo = async (): Promise<string> => {
    const real = clock.now;
    clock.now = () => new Date(Date.now() - 3_600_000);
    try {
      return await t.openCase(anna);
    } finally {
      clock.now = real;
    }
  };
  const eventCount = async (): Promise<number> => (await t.allEvents()).length;
  const assess = async (caseId: string, body: object): Promise<string> =>
    (
      (await t.http.post(`/api/cases/${caseId}/progress-assessments`).set(anna).send(body).expect(201)).body as {
        id: string;
      }
    ).id;
  const curve = async (caseId: string, headers = anna): Promise<Curve> =>
    (await t.http.get(`/api/cases/${caseId}/progress`).set(headers).expect(200)).body as Curve;

  it('shows the coach and the self-assessment side by side, ordered by time, with the latest of each', async () => {
    const caseId = await openedAnHourAgo();
    const [t1, t2, t3] = [ago(3), ago(2), ago(1)];
    const first = await assess(caseId, {
      perspective: 'coach',
      ratings: { housing: 2, work_readiness: 1 },
      assessedAt: t1,
    });
    const self = await assess(caseId, { perspective: 'self', ratings: { housing: 4 }, assessedAt: t2 });
    const later = await assess(caseId, { perspective: 'coach', ratings: { housing: 3 }, assessedAt: t3 });
    // Recorded last but assessed in between: it takes its place in time and is not the latest.
    const backdated = await assess(caseId, { perspective: 'coach', ratings: { housing: 1 }, assessedAt: t2 });

    const body = await curve(caseId);
    expect(body.scale).toEqual({ min: 1, max: 5 });
    expect(body.dimensions.map((d) => d.dimension)).toEqual([
      'health_stability',
      'daily_structure',
      'housing',
      'finances',
      'social_participation',
      'self_efficacy',
      'work_readiness',
    ]);
    const point = (assessmentId: string, rating: number, assessedAt: string): Point => ({
      assessmentId,
      rating,
      assessedAt,
      recordedBy: 'anna.coach',
    });
    expect(body.dimensions.find((d) => d.dimension === 'housing')).toEqual({
      dimension: 'housing',
      coach: [point(first, 2, t1), point(backdated, 1, t2), point(later, 3, t3)],
      self: [point(self, 4, t2)],
      latest: { coach: point(later, 3, t3), self: point(self, 4, t2) },
    });
    expect(body.dimensions.find((d) => d.dimension === 'work_readiness')).toEqual({
      dimension: 'work_readiness',
      coach: [point(first, 1, t1)],
      self: [],
      latest: { coach: point(first, 1, t1), self: null },
    });
    expect(body.dimensions.find((d) => d.dimension === 'finances')).toEqual({
      dimension: 'finances',
      coach: [],
      self: [],
      latest: { coach: null, self: null },
    });

    const events = (await t.allEvents()).filter((e) => e.streamId === `case-${caseId}`);
    expect(events.map((e) => e.type)).toEqual([
      'CaseOpened',
      'ProgressAssessed',
      'ProgressAssessed',
      'ProgressAssessed',
      'ProgressAssessed',
    ]);
    expect(events[2]?.data).toMatchObject({ assessmentId: self, perspective: 'self', ratings: { housing: 4 } });

    // The read is audited as a read of progress.
    const size = await t.persistence.audit.size();
    await curve(caseId);
    const [entry] = (await t.persistence.audit.read(size, 10)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(entry).toMatchObject({
      action: 'read',
      route: 'GET /api/cases/{id}/progress',
      caseRef: caseId,
      categories: ['progress'],
      decision: 'permit',
      outcome: 200,
    });
  });

  it('refuses bad input with a problem response and appends nothing', async () => {
    const caseId = await openedAnHourAgo();
    const valid = { perspective: 'coach', ratings: { housing: 3 }, assessedAt: ago(1) };
    const before = await eventCount();
    const cases: [object, string][] = [
      [{ ...valid, ratings: { housing: 6 } }, 'PROGRESS.INVALID'],
      [{ ...valid, ratings: { housing: 0 } }, 'PROGRESS.INVALID'],
      [{ ...valid, ratings: { housing: 2.5 } }, 'PROGRESS.INVALID'],
      [{ ...valid, ratings: { housing: 3, finances: -1 } }, 'PROGRESS.INVALID'],
      [{ ...valid, ratings: { happiness: 3 } }, 'PROGRESS.INVALID'],
      [{ ...valid, ratings: {} }, 'PROGRESS.INVALID'],
      [{ ...valid, assessedAt: new Date(Date.now() + 3_600_000).toISOString() }, 'PROGRESS.INVALID'],
      // Before the case was opened.
      [{ ...valid, assessedAt: new Date(Date.now() - 2 * 3_600_000).toISOString() }, 'PROGRESS.INVALID'],
      [{ ...valid, perspective: 'team' }, 'REQUEST.VALIDATION'],
      [{ ...valid, ratings: { housing: '3' } }, 'REQUEST.VALIDATION'],
      [{ ...valid, ratings: [3] }, 'REQUEST.VALIDATION'],
      [{ ...valid, assessedAt: 'last week' }, 'REQUEST.VALIDATION'],
      [{ ...valid, note: 'good' }, 'REQUEST.VALIDATION'],
      [{ perspective: 'coach', assessedAt: ago(1) }, 'REQUEST.VALIDATION'],
      [{ ...valid, perspective: 'coach\u0000' }, 'REQUEST.FORBIDDEN_CHARACTER'],
      [{ ...valid, ratings: { 'housing\u202e': 3 } }, 'REQUEST.FORBIDDEN_CHARACTER'],
      [{ ...valid, assessedAt: `${ago(1)}\ud800` }, 'REQUEST.FORBIDDEN_CHARACTER'],
    ];
    for (const [body, code] of cases) {
      const response = await t.http.post(`/api/cases/${caseId}/progress-assessments`).set(anna).send(body);
      expect({ body, status: response.status, code: (response.body as { code?: string }).code }).toEqual({
        body,
        status: 400,
        code,
      });
      expect(response.headers['content-type']).toMatch(PROBLEM);
    }
    const unknown = (
      await t.http
        .post(`/api/cases/${caseId}/progress-assessments`)
        .set(anna)
        .send({
          ...valid,
          ratings: { happiness: 3 },
        })
    ).body as { detail: string };
    expect(unknown.detail).toMatch(/happiness is not one of/);
    expect(await eventCount()).toBe(before);
    expect((await curve(caseId)).dimensions.every((d) => d.coach.length === 0 && d.self.length === 0)).toBe(true);
  });

  it('is refused without progress granted: 404 to outsiders, 403 to a team member without progress', async () => {
    const caseId = await openedAnHourAgo();
    await assess(caseId, { perspective: 'coach', ratings: { housing: 3 }, assessedAt: ago(1) });
    const clara = await t.as('clara.youth', 'coordination');
    const refusedWith = async (headers: Record<string, string>, status: number) => {
      const before = await eventCount();
      const read = await t.http.get(`/api/cases/${caseId}/progress`).set(headers);
      const write = await t.http
        .post(`/api/cases/${caseId}/progress-assessments`)
        .set(headers)
        .send({ perspective: 'coach', ratings: { housing: 5 }, assessedAt: ago(1) });
      expect([read.status, write.status]).toEqual([status, status]);
      expect(read.headers['content-type']).toMatch(PROBLEM);
      expect(JSON.stringify(read.body)).not.toContain('housing');
      expect(await eventCount()).toBe(before);
    };
    // Not on the team: the case does not exist for them.
    await refusedWith(clara, 404);
    await refusedWith(await t.as('frieda.dpo', 'audit'), 404);
    // On the team with a consent that covers the case administration but not progress.
    await t.http.post(`/api/cases/${caseId}/team-members`).set(anna).send({ userId: 'clara.youth' }).expect(201);
    await t.http
      .post(`/api/cases/${caseId}/consents`)
      .set(anna)
      .send({
        purposes: ['coordination'],
        dataCategories: ['case_admin'],
        recipientAgencyIds: ['jugendamt-mitte'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    await t.http.get(`/api/cases/${caseId}`).set(clara).expect(200);
    await refusedWith(clara, 403);
    // The lead agency under evaluation reads no single case.
    await refusedWith(await t.as('anna.coach', 'evaluation'), 404);
    // Once a consent covers progress, the same member reads the curve.
    await t.http
      .post(`/api/cases/${caseId}/consents`)
      .set(anna)
      .send({
        purposes: ['coordination'],
        dataCategories: ['progress'],
        recipientAgencyIds: ['jugendamt-mitte'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    expect((await curve(caseId, clara)).dimensions.find((d) => d.dimension === 'housing')?.coach).toHaveLength(1);
  });

  it('refuses an assessment on a closed case with 409 and appends nothing', async () => {
    const caseId = await t.openCase(anna);
    await t.http.post(`/api/cases/${caseId}/closure`).set(anna).send({ exitReason: 'employment' }).expect(201);
    const before = await eventCount();
    const response = await t.http
      .post(`/api/cases/${caseId}/progress-assessments`)
      .set(anna)
      .send({ perspective: 'self', ratings: { self_efficacy: 4 }, assessedAt: ago(0) });
    expect([response.status, (response.body as { code?: string }).code]).toEqual([409, 'CASE.CLOSED']);
    expect(await eventCount()).toBe(before);
  });

  // Last: the subscriptions stay stopped after a rebuild.
  it('shows the same curves after a rebuild of the read models from zero', async () => {
    const caseId = await openedAnHourAgo();
    await assess(caseId, { perspective: 'coach', ratings: { finances: 2, housing: 3 }, assessedAt: ago(2) });
    await assess(caseId, { perspective: 'self', ratings: { finances: 3 }, assessedAt: ago(1) });
    const before = await curve(caseId);
    expect(before.dimensions.find((d) => d.dimension === 'finances')?.latest).toMatchObject({
      coach: { rating: 2 },
      self: { rating: 3 },
    });
    const runner = t.app.get(ProjectionRunner);
    await runner.stop();
    const { events } = await runner.rebuild();
    expect(events).toBe(await eventCount());
    expect(await curve(caseId)).toEqual(before);
  });
});
