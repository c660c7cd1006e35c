import { randomUUID } from 'node:crypto';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const secret = { givenName: 'Ingeborg', familyName: 'Verborgenheit', birthDate: '1979-12-03' };
const note = 'Diagnose streng vertraulich F32.1';

describe.each(PROFILES)('cases the caller may not see (%s)', (profile) => {
  let t: TestApp;
  let caseId: string;
  let consentId: string;
  beforeAll(async () => {
    t = await startTestApp(profile);
    const anna = { authorization: `Bearer ${await t.token('anna.coach')}`, 'x-purpose': 'health_promotion' };
    caseId = (
      (await t.http.post('/api/cases').set(anna).send({ participant: secret }).expect(201)).body as { id: string }
    ).id;
    await t.http.post(`/api/cases/${caseId}/health-notes`).set(anna).send({ text: note }).expect(201);
    // A consent for someone else: it must not open the case to the callers below.
    const consent = await t.http
      .post(`/api/cases/${caseId}/consents`)
      .set(anna)
      .send({
        purposes: ['rehabilitation'],
        dataCategories: ['identity'],
        recipientAgencyIds: ['drv-nord'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    consentId = (consent.body as { id: string }).id;
  });
  afterAll(() => t.close());

  const routes = (): { name: string; send: (h: Record<string, string>) => Promise<import('supertest').Response> }[] => [
    { name: 'GET case', send: (h) => t.http.get(`/api/cases/${caseId}`).set(h) },
    { name: 'GET timeline', send: (h) => t.http.get(`/api/cases/${caseId}/timeline`).set(h) },
    { name: 'GET consents', send: (h) => t.http.get(`/api/cases/${caseId}/consents`).set(h) },
    {
      name: 'POST team member',
      send: (h) => t.http.post(`/api/cases/${caseId}/team-members`).set(h).send({ userId: 'emil.counsel' }),
    },
    {
      name: 'POST consent',
      send: (h) =>
        t.http
          .post(`/api/cases/${caseId}/consents`)
          .set(h)
          .send({
            purposes: ['coordination'],
            dataCategories: ['identity'],
            recipientAgencyIds: ['jugendamt-mitte'],
            form: 'written',
            grantedBy: 'participant',
          }),
    },
    {
      name: 'POST withdrawal',
      send: (h) => t.http.post(`/api/cases/${caseId}/consents/${consentId}/withdrawal`).set(h),
    },
    {
      name: 'POST health note',
      send: (h) => t.http.post(`/api/cases/${caseId}/health-notes`).set(h).send({ text: 'eingeschleust' }),
    },
    { name: 'GET list', send: (h) => t.http.get('/api/cases?limit=200').set(h) },
  ];
  const callers: [string, string][] = [
    ['clara.youth', 'coordination'],
    ['clara.youth', 'youth_support'],
    ['deniz.psych', 'health_promotion'],
    ['emil.counsel', 'coordination'],
    ['frieda.dpo', 'audit'],
    ['greta.lead', 'coordination'], // a team lead of another agency supervises nothing here
    ['jonas.youth', 'coordination'],
  ];

  it.each(callers)('%s (%s) gets none of its data on any route and changes nothing', async (userId, purpose) => {
    const headers = { authorization: `Bearer ${await t.token(userId)}`, 'x-purpose': purpose };
    const before = (await t.allEvents()).length;
    for (const route of routes()) {
      const response = await route.send(headers);
      const text = JSON.stringify(response.body);
      // The ids the caller sent may come back (in `instance`); the case's data may not.
      for (const trace of [secret.familyName, secret.birthDate, note, 'anna.coach', 'drv-nord', 'rehabilitation']) {
        expect(`${route.name}: ${text.includes(trace) ? `leaks ${trace}` : 'clean'}`).toBe(`${route.name}: clean`);
      }
      if (route.name === 'GET list') expect(response.status).toBe(200);
      else expect(`${route.name}: ${response.status}`).toBe(`${route.name}: 404`);
    }
    expect((await t.allEvents()).length).toBe(before);
  });

  // Since policy 2026-12-04.3 the team lead of the lead agency reads the case off the team on rule
  // supervision (§ 67c Abs. 3 SGB X): the course of the work, never the health note, and writes nothing.
  it('ben.lead (same agency, not on the team) supervises: reads no health note, writes nothing', async () => {
    const headers = { authorization: `Bearer ${await t.token('ben.lead')}`, 'x-purpose': 'health_promotion' };
    const before = (await t.allEvents()).length;
    for (const route of routes()) {
      const response = await route.send(headers);
      const text = JSON.stringify(response.body);
      // The consents and the timeline he reads as the lead team does (case_admin); the health note never.
      for (const trace of [note]) {
        expect(`${route.name}: ${text.includes(trace) ? `leaks ${trace}` : 'clean'}`).toBe(`${route.name}: clean`);
      }
      const expected = route.name.startsWith('GET') ? 200 : 403;
      expect(`${route.name}: ${response.status}`).toBe(`${route.name}: ${expected}`);
    }
    const view = (await t.http.get(`/api/cases/${caseId}`).set(headers).expect(200)).body as { withheld: string[] };
    expect(view.withheld).toEqual(expect.arrayContaining(['health', 'addiction']));
    expect((await t.allEvents()).length).toBe(before);
  });

  it('answers an id that exists and one that does not alike', async () => {
    const headers = { authorization: `Bearer ${await t.token('clara.youth')}`, 'x-purpose': 'coordination' };
    const hidden = await t.http.get(`/api/cases/${caseId}`).set(headers);
    const missing = await t.http.get(`/api/cases/${randomUUID()}`).set(headers);
    const strip = (body: object) => ({ ...body, instance: undefined, requestId: undefined, detail: undefined });
    expect(hidden.status).toBe(missing.status);
    expect(strip(hidden.body as object)).toEqual(strip(missing.body as object));
  });

  describe('mass assignment', () => {
    const attempts: [string, string, object][] = [
      ['open case with a lead agency', '/api/cases', { participant: secret, leadAgencyId: 'drv-nord' }],
      ['open case with a team', '/api/cases', { participant: secret, team: [{ userId: 'clara.youth' }] }],
      [
        'team member with a role',
        '/team-members',
        { userId: 'clara.youth', role: 'team_lead', agencyId: 'jobcenter-mitte' },
      ],
      [
        'consent with a status',
        '/consents',
        {
          purposes: ['coordination'],
          dataCategories: ['identity'],
          recipientAgencyIds: ['jugendamt-mitte'],
          form: 'written',
          grantedBy: 'participant',
          status: 'active',
        },
      ],
      [
        'consent with a version',
        '/consents',
        {
          purposes: ['coordination'],
          dataCategories: ['identity'],
          recipientAgencyIds: ['jugendamt-mitte'],
          form: 'written',
          grantedBy: 'participant',
          version: 1,
          withdrawnAt: null,
        },
      ],
      ['health note with an author', '/health-notes', { text: 'x', authorUserId: 'deniz.psych', secrecy: false }],
    ];
    it.each(attempts)('refuses %s with 400 and appends nothing', async (_name, path, body) => {
      const headers = { authorization: `Bearer ${await t.token('anna.coach')}`, 'x-purpose': 'health_promotion' };
      const before = (await t.allEvents()).length;
      const url = path.startsWith('/api') ? path : `/api/cases/${caseId}${path}`;
      const response = await t.http.post(url).set(headers).send(body).expect(400);
      expect(response.body).toMatchObject({ code: 'REQUEST.VALIDATION' });
      const fields = (response.body as { errors: { field: string }[] }).errors.map((e) => e.field);
      const extra = Object.keys(body).filter(
        (k) =>
          ![
            'participant',
            'userId',
            'purposes',
            'dataCategories',
            'recipientAgencyIds',
            'form',
            'grantedBy',
            'text',
          ].includes(k),
      );
      expect(fields).toEqual(expect.arrayContaining(extra));
      expect((await t.allEvents()).length).toBe(before);
    });
  });
});
