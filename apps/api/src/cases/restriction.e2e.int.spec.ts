import { type AuditEntry } from '@fallverbund/audit-log';
import { type Response } from 'supertest';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;

/**
 * § 84 SGB X (issue 17): the data protection officer restricts a case; the coach is refused with
 * 403 CASE.RESTRICTED on reads and writes (audited), the DPO reads on § 84 SGB X; a dispute of
 * accuracy is shown to every reader; lifting gives access back. On both databases.
 */
describe.each(PROFILES)('restriction of processing, § 84 SGB X (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let frieda: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
    frieda = await t.as('frieda.dpo', 'audit');
  });
  afterAll(() => t.close());

  const entriesSince = async (size: number): Promise<AuditEntry[]> =>
    (await t.persistence.audit.read(size, 1000)).flatMap((r) => (r.entry ? [r.entry] : []));
  const problem = (response: Response) => ({
    status: response.status,
    code: (response.body as { code?: string }).code,
    problem: PROBLEM.test(String(response.headers['content-type'])),
  });
  const contact = (caseId: string, as: Record<string, string>) =>
    t.http.post(`/api/cases/${caseId}/contacts`).set(as).send({
      kind: 'office',
      occurredAt: new Date().toISOString(),
      durationMinutes: 30,
      participants: [],
    });

  it('refuses the coach with 403 CASE.RESTRICTED on read and write, audited; the DPO reads on § 84 SGB X; lifting gives access back', async () => {
    const caseId = await t.openCase(anna);
    expect((await t.http.get(`/api/cases/${caseId}`).set(anna)).status).toBe(200);

    const restricted = await t.http
      .post(`/api/cases/${caseId}/restriction`)
      .set(frieda)
      .send({ scope: 'case', reason: 'erasure_barred_by_retention' });
    expect(restricted.status).toBe(201);

    const size = await t.persistence.audit.size();
    const events = (await t.allEvents()).length;
    const expected = { status: 403, code: 'CASE.RESTRICTED', problem: true };
    expect(problem(await t.http.get(`/api/cases/${caseId}`).set(anna))).toEqual(expected);
    expect(problem(await t.http.get(`/api/cases/${caseId}/contacts`).set(anna))).toEqual(expected);
    expect(problem(await contact(caseId, anna))).toEqual(expected);
    expect((await t.allEvents()).length).toBe(events);
    const refusals = (await entriesSince(size)).filter((e) => e.actor.userId === 'anna.coach');
    expect(refusals.map((e) => [e.route, e.decision, e.outcome])).toEqual([
      ['GET /api/cases/{id}', 'deny', 403],
      ['GET /api/cases/{id}/contacts', 'deny', 403],
      ['POST /api/cases/{id}/contacts', 'deny', 403],
    ]);

    // A restricted case is not listed: listing it is processing it.
    const list = await t.http.get('/api/cases').set(anna).expect(200);
    expect((list.body as { items: { id: string }[] }).items.map((c) => c.id)).not.toContain(caseId);

    const before = await t.persistence.audit.size();
    const read = await t.http.get(`/api/cases/${caseId}`).set(frieda);
    expect(read.status).toBe(200);
    const body = read.body as { participant?: { familyName: string }; access: { legalBasis: Record<string, string> } };
    expect(body.participant?.familyName).toBeDefined();
    expect(body.access.legalBasis['identity']).toBe('§84 SGB X restriction');
    const [permit] = (await entriesSince(before)).filter((e) => e.actor.userId === 'frieda.dpo');
    expect(permit).toMatchObject({ decision: 'permit', outcome: 200, legalBasis: ['§84 SGB X restriction'] });
    // Reading is all § 84 Abs. 3 allows the DPO here: no writing.
    expect(problem(await contact(caseId, frieda)).status).toBe(403);

    expect(
      problem(
        await t.http
          .post(`/api/cases/${caseId}/restriction`)
          .set(frieda)
          .send({ scope: ['health'], reason: 'legal_claims' }),
      ),
    ).toEqual({
      status: 409,
      code: 'CASE.ALREADY_RESTRICTED',
      problem: true,
    });

    await t.http.post(`/api/cases/${caseId}/restriction/lifting`).set(frieda).send({}).expect(201);
    expect((await t.http.get(`/api/cases/${caseId}`).set(anna)).status).toBe(200);
    expect((await contact(caseId, anna)).status).toBe(201);
    expect((await t.http.get(`/api/cases/${caseId}`).set(frieda)).status).toBe(404);
  });

  it('restricts one category: the rest stays readable, the restricted one answers CASE.RESTRICTED', async () => {
    const caseId = await t.openCase(anna);
    await t.http
      .post(`/api/cases/${caseId}/restriction`)
      .set(frieda)
      .send({ scope: ['contacts'], reason: 'unlawful_processing' })
      .expect(201);
    const read = await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200);
    expect((read.body as { restricted: string[] }).restricted).toEqual(['contacts']);
    expect(problem(await contact(caseId, anna))).toEqual({ status: 403, code: 'CASE.RESTRICTED', problem: true });
  });

  it('shows a dispute of accuracy to the coach and to the participant until it is resolved', async () => {
    const caseId = await t.openCase(anna);
    const lena = { authorization: `Bearer ${await t.token('lena.teilnehmerin')}` };
    const { code } = (await t.http.post(`/api/cases/${caseId}/participant-invitations`).set(anna).expect(201)).body as {
      code: string;
    };
    await t.http.post('/api/me/invitations/redemption').set(lena).send({ code }).expect(200);
    const mine = async () =>
      (
        (await t.http.get('/api/me/cases').set(lena).expect(200)).body as { items: Record<string, unknown>[] }
      ).items.find((c) => c['caseId'] === caseId);
    await t.http
      .post(`/api/cases/${caseId}/accuracy-dispute`)
      .set(frieda)
      .send({ categories: ['contacts'] })
      .expect(201);
    const read = await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200);
    expect((read.body as { accuracyDisputed: unknown }).accuracyDisputed).toEqual({
      categories: ['contacts'],
      since: expect.any(String) as unknown,
    });
    expect(await mine()).toMatchObject({ accuracyDisputed: { categories: ['contacts'] }, restriction: null });
    await t.http
      .post(`/api/cases/${caseId}/restriction`)
      .set(frieda)
      .send({ scope: ['health'], reason: 'accuracy_disputed' })
      .expect(201);
    expect(await mine()).toMatchObject({ restriction: { scope: ['health'], reason: 'accuracy_disputed' } });
    await t.http.post(`/api/cases/${caseId}/accuracy-dispute/resolution`).set(frieda).send({}).expect(201);
    const after = await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200);
    expect((after.body as { accuracyDisputed: unknown }).accuracyDisputed).toBeNull();
    expect(await mine()).toMatchObject({ accuracyDisputed: null });
  });

  it('lets only the DPO decide, and refuses bad input with 400 problem+json', async () => {
    const caseId = await t.openCase(anna);
    const byCoach = await t.http
      .post(`/api/cases/${caseId}/restriction`)
      .set(anna)
      .send({ scope: 'case', reason: 'legal_claims' });
    expect(problem(byCoach)).toEqual({ status: 403, code: 'CASE.RESTRICTION_DPO_ONLY', problem: true });
    for (const body of [
      { scope: 'everything', reason: 'legal_claims' },
      { scope: ['diary'], reason: 'legal_claims' },
      { scope: 'case', reason: 'because' },
      {},
    ]) {
      const response = await t.http.post(`/api/cases/${caseId}/restriction`).set(frieda).send(body);
      expect(problem(response)).toMatchObject({ status: 400, problem: true });
    }
    // A scope of neither form is named as such, not as a list that was expected.
    for (const body of [
      { reason: 'legal_claims' },
      { scope: 'everything', reason: 'legal_claims' },
      { scope: [], reason: 'legal_claims' },
    ]) {
      const response = await t.http.post(`/api/cases/${caseId}/restriction`).set(frieda).send(body);
      expect(response.body).toMatchObject({
        code: 'REQUEST.VALIDATION',
        errors: [
          {
            field: 'scope',
            messages: [expect.stringMatching(/^scope must be "case" or a non-empty list of distinct data categories/)],
          },
        ],
      });
    }
    expect(problem(await t.http.post(`/api/cases/${caseId}/restriction/lifting`).set(frieda).send({}))).toEqual({
      status: 409,
      code: 'CASE.NOT_RESTRICTED',
      problem: true,
    });
  });
});
