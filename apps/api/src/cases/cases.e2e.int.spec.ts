import { type TestApp, PROFILES, participant, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;

describe.each(PROFILES)('case API walking skeleton (%s)', (profile) => {
  let t: TestApp;
  let anna: string;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.token('anna.coach');
  });
  afterAll(() => t.close());

  const as = (token: string, purpose = 'integration') => ({ authorization: `Bearer ${token}`, 'x-purpose': purpose });

  const openCase = async (token = anna, body: object = { participant }): Promise<string> => {
    const response = await t.http.post('/api/cases').set(as(token)).send(body).expect(201);
    return (response.body as { id: string }).id;
  };

  it('opens a case, adds a team member, and reads the case, the list and the timeline', async () => {
    const opened = await t.http.post('/api/cases').set(as(anna)).send({ participant }).expect(201);
    const id = (opened.body as { id: string }).id;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(opened.headers['location']).toBe(`/api/cases/${id}`);

    const read = await t.http.get(`/api/cases/${id}`).set(as(anna)).expect(200);
    expect(read.headers['etag']).toBe('"1"');
    expect(read.body).toMatchObject({
      id,
      participant,
      caseAdmin: {
        leadAgencyId: 'jobcenter-mitte',
        status: 'active',
        team: [{ userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker' }],
      },
      version: 1,
      access: { purpose: 'integration', legalBasis: { identity: 'team', case_admin: 'team' } },
    });
    expect((read.body as { withheld: string[] }).withheld).toEqual(
      expect.arrayContaining(['health', 'addiction', 'youth_welfare']),
    );

    const added = await t.http
      .post(`/api/cases/${id}/team-members`)
      .set(as(anna))
      .set('if-match', '"1"')
      .send({ userId: 'clara.youth' })
      .expect(201);
    expect(added.body).toEqual({ version: 2 });
    expect(added.headers['etag']).toBe('"2"');

    const after = await t.http.get(`/api/cases/${id}`).set(as(anna)).expect(200);
    expect(after.headers['etag']).toBe('"2"');
    expect((after.body as { caseAdmin: { team: { userId: string }[] } }).caseAdmin.team.map((m) => m.userId)).toEqual([
      'anna.coach',
      'clara.youth',
    ]);

    const list = await t.http.get('/api/cases').set(as(anna)).expect(200);
    expect((list.body as { items: { id: string }[] }).items.map((c) => c.id)).toContain(id);

    const timeline = await t.http.get(`/api/cases/${id}/timeline`).set(as(anna)).expect(200);
    expect((timeline.body as { items: unknown[] }).items).toMatchObject([
      {
        version: 1,
        type: 'CaseOpened',
        actor: { userId: 'anna.coach', agencyId: 'jobcenter-mitte' },
        purpose: 'integration',
      },
      { version: 2, type: 'TeamMemberAdded', details: { userId: 'clara.youth', agencyId: 'jugendamt-mitte' } },
    ]);
    expect(JSON.stringify(timeline.body)).not.toContain('Beispiel');

    // On the team but of another agency: without a consent the case stays hidden.
    const clara = await t.token('clara.youth');
    await t.http.get(`/api/cases/${id}`).set(as(clara, 'coordination')).expect(404);
  });

  it('shows a case only to its team: others get 404, as for a case that does not exist, and an empty list', async () => {
    const id = await openCase();
    const deniz = await t.token('deniz.psych');

    for (const path of [`/api/cases/${id}`, `/api/cases/${id}/timeline`]) {
      const hidden = await t.http.get(path).set(as(deniz)).expect(404);
      const missing = await t.http
        .get(path.replace(id, '00000000-0000-4000-8000-000000000000'))
        .set(as(deniz))
        .expect(404);
      expect(hidden.body).toMatchObject({ code: 'CASE.NOT_FOUND', status: 404 });
      expect(missing.body).toMatchObject({ code: 'CASE.NOT_FOUND' });
    }
    await t.http.post(`/api/cases/${id}/team-members`).set(as(deniz)).send({ userId: 'deniz.psych' }).expect(404);
    const list = await t.http.get('/api/cases').set(as(deniz)).expect(200);
    expect((list.body as { items: { id: string }[] }).items.map((c) => c.id)).not.toContain(id);
  });

  it('names what the reader may record: the team what its purpose needs, the supervising team lead nothing', async () => {
    const id = await openCase();
    const mine = (await t.http.get(`/api/cases/${id}`).set(as(anna)).expect(200)).body as {
      access: { recordable: string[]; mayRefer: boolean };
    };
    expect(mine.access.recordable).toEqual(expect.arrayContaining(['identity', 'case_admin', 'contacts']));
    expect(mine.access.recordable).not.toContain('health');
    expect(mine.access.mayRefer).toBe(true);
    // ben.lead reads his agency's case under supervision (§ 67c Abs. 3 SGB X): reading only.
    const ben = await t.token('ben.lead');
    const supervised = (await t.http.get(`/api/cases/${id}`).set(as(ben)).expect(200)).body as {
      access: { legalBasis: Record<string, string>; recordable: string[]; mayRefer: boolean };
    };
    expect(Object.keys(supervised.access.legalBasis)).toContain('contacts');
    expect(supervised.access.recordable).toEqual([]);
    expect(supervised.access.mayRefer).toBe(false);
    // What it says is what the commands decide.
    const contact = { kind: 'phone', occurredAt: new Date().toISOString(), durationMinutes: 10, summary: 'Rückruf' };
    await t.http.post(`/api/cases/${id}/contacts`).set(as(ben)).send(contact).expect(403);
    await t.http.post(`/api/cases/${id}/contacts`).set(as(anna)).send(contact).expect(201);
  });

  it('lists my cases newest first, in pages', async () => {
    const ben = await t.token('ben.lead');
    const ids = [await openCase(ben), await openCase(ben), await openCase(ben)];
    // scope=mine: his own teams' cases (as team lead he also supervises the others of his agency).
    const first = await t.http.get('/api/cases?scope=mine&limit=2').set(as(ben)).expect(200);
    const second = await t.http.get('/api/cases?scope=mine&limit=2&offset=2').set(as(ben)).expect(200);
    const page1 = first.body as { items: { id: string }[]; nextOffset: number | null };
    const page2 = second.body as { items: { id: string }[]; nextOffset: number | null };
    expect([...page1.items, ...page2.items].map((c) => c.id)).toEqual([...ids].reverse());
    expect(page1.nextOffset).toBe(2);
    expect(page2.nextOffset).toBeNull();
  });

  it('needs a bearer token and a known purpose on case routes', async () => {
    const unauthenticated = await t.http.get('/api/cases').set('x-purpose', 'integration').expect(401);
    expect(unauthenticated.headers['content-type']).toMatch(PROBLEM);
    expect(unauthenticated.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });

    const missing = await t.http.get('/api/cases').set('authorization', `Bearer ${anna}`).expect(400);
    expect(missing.body).toMatchObject({ code: 'REQUEST.PURPOSE_MISSING' });
    const unknown = await t.http.get('/api/cases').set(as(anna, 'curiosity')).expect(400);
    expect(unknown.body).toMatchObject({ code: 'REQUEST.PURPOSE_UNKNOWN' });
  });

  it('serves the OpenAPI document', async () => {
    const doc = await t.http.get('/api/docs-json').expect(200);
    const paths = Object.keys((doc.body as { paths: object }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/cases',
        '/api/cases/{id}',
        '/api/cases/{id}/team-members',
        '/api/cases/{id}/timeline',
        '/api/dev/token',
      ]),
    );
    await t.http.get('/api/docs').expect(200);
  });

  describe('bad input gets a 4xx problem answer and changes nothing', () => {
    let id: string;
    beforeAll(async () => {
      id = await openCase();
    });

    type Attempt = { name: string; status: number; code: string; send: () => Promise<import('supertest').Response> };
    const attempts = (): Attempt[] => [
      {
        name: 'malformed JSON',
        status: 400,
        code: 'REQUEST.MALFORMED_JSON',
        send: () =>
          t.http.post('/api/cases').set(as(anna)).set('content-type', 'application/json').send('{"participant": {'),
      },
      {
        name: 'wrong types',
        status: 400,
        code: 'REQUEST.VALIDATION',
        send: () =>
          t.http
            .post('/api/cases')
            .set(as(anna))
            .send({ participant: { givenName: 7, familyName: ['x'], birthDate: 19900401 } }),
      },
      {
        name: 'a date that is no calendar date',
        status: 400,
        code: 'REQUEST.VALIDATION',
        send: () =>
          t.http
            .post('/api/cases')
            .set(as(anna))
            .send({ participant: { ...participant, birthDate: '1990-02-30' } }),
      },
      {
        name: 'a birth date in the future',
        status: 400,
        code: 'CASE.INVALID_PARTICIPANT',
        send: () =>
          t.http
            .post('/api/cases')
            .set(as(anna))
            .send({ participant: { ...participant, birthDate: '2099-01-01' } }),
      },
      {
        name: 'unknown fields (mass assignment)',
        status: 400,
        code: 'REQUEST.VALIDATION',
        send: () => t.http.post('/api/cases').set(as(anna)).send({ participant, leadAgencyId: 'drv-nord', version: 9 }),
      },
      {
        name: 'a missing body',
        status: 400,
        code: 'REQUEST.VALIDATION',
        send: () => t.http.post('/api/cases').set(as(anna)),
      },
      {
        name: 'an oversized body',
        status: 413,
        code: 'REQUEST.TOO_LARGE',
        send: () =>
          t.http
            .post('/api/cases')
            .set(as(anna))
            .send({ participant: { ...participant, givenName: 'x'.repeat(70_000) } }),
      },
      {
        name: 'a body that is not JSON',
        status: 415,
        code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE',
        send: () => t.http.post('/api/cases').set(as(anna)).set('content-type', 'text/plain').send('participant=Mara'),
      },
      {
        name: 'an unknown case id',
        status: 404,
        code: 'CASE.NOT_FOUND',
        send: () =>
          t.http
            .post('/api/cases/00000000-0000-4000-8000-000000000000/team-members')
            .set(as(anna))
            .send({ userId: 'clara.youth' }),
      },
      {
        name: 'a case id that is no UUID',
        status: 400,
        code: 'REQUEST.VALIDATION',
        send: () => t.http.get('/api/cases/not-a-uuid').set(as(anna)),
      },
      {
        name: 'a stale If-Match',
        status: 412,
        code: 'REQUEST.PRECONDITION_FAILED',
        send: () =>
          t.http
            .post(`/api/cases/${id}/team-members`)
            .set(as(anna))
            .set('if-match', '"7"')
            .send({ userId: 'emil.counsel' }),
      },
      {
        name: 'an If-Match that is no ETag of ours',
        status: 400,
        code: 'REQUEST.BAD_IF_MATCH',
        send: () =>
          t.http
            .post(`/api/cases/${id}/team-members`)
            .set(as(anna))
            .set('if-match', 'yesterday')
            .send({ userId: 'emil.counsel' }),
      },
      {
        name: 'an unknown user as team member',
        status: 400,
        code: 'CASE.UNKNOWN_USER',
        send: () => t.http.post(`/api/cases/${id}/team-members`).set(as(anna)).send({ userId: 'mallory' }),
      },
      {
        name: 'a member who is on the team already',
        status: 409,
        code: 'CASE.ALREADY_TEAM_MEMBER',
        send: () => t.http.post(`/api/cases/${id}/team-members`).set(as(anna)).send({ userId: 'anna.coach' }),
      },
      {
        name: 'a data protection officer on a case team',
        status: 400,
        code: 'CASE.ROLE_NOT_ALLOWED_IN_TEAM',
        send: () => t.http.post(`/api/cases/${id}/team-members`).set(as(anna)).send({ userId: 'frieda.dpo' }),
      },
      {
        name: 'NUL in a given name',
        status: 400,
        code: 'REQUEST.FORBIDDEN_CHARACTER',
        send: () =>
          t.http
            .post('/api/cases')
            .set(as(anna))
            .send({ participant: { ...participant, givenName: 'Ma\u0000ra' } }),
      },
      {
        name: 'a lone surrogate in a family name, as JSON text',
        status: 400,
        code: 'REQUEST.FORBIDDEN_CHARACTER',
        send: () =>
          t.http
            .post('/api/cases')
            .set(as(anna))
            .set('content-type', 'application/json')
            .send('{"participant":{"givenName":"Mara","familyName":"Beispiel\\ud800","birthDate":"1990-04-01"}}'),
      },
      {
        name: 'a right-to-left override in a given name',
        status: 400,
        code: 'REQUEST.FORBIDDEN_CHARACTER',
        send: () =>
          t.http
            .post('/api/cases')
            .set(as(anna))
            .send({ participant: { ...participant, givenName: 'Mara\u202eleipsieB' } }),
      },
      {
        name: 'a right-to-left override in a health note',
        status: 400,
        code: 'REQUEST.FORBIDDEN_CHARACTER',
        send: () => t.http.post(`/api/cases/${id}/health-notes`).set(as(anna)).send({ text: 'Termin\u202e beim Arzt' }),
      },
      {
        name: 'a lone surrogate in a health note, as JSON text',
        status: 400,
        code: 'REQUEST.FORBIDDEN_CHARACTER',
        send: () =>
          t.http
            .post(`/api/cases/${id}/health-notes`)
            .set(as(anna))
            .set('content-type', 'application/json')
            .send('{"text":"R\\udc00ckenschmerzen"}'),
      },
      {
        name: "NUL in a consent's evidence reference",
        status: 400,
        code: 'REQUEST.FORBIDDEN_CHARACTER',
        send: () =>
          t.http
            .post(`/api/cases/${id}/consents`)
            .set(as(anna))
            .send({
              purposes: ['coordination'],
              dataCategories: ['identity'],
              recipientAgencyIds: ['jugendamt-mitte'],
              form: 'written',
              grantedBy: 'participant',
              evidenceRef: 'akte-7\u0000.pdf',
            }),
      },
      {
        name: 'a pop-directional-isolate in a child-protection justification',
        status: 400,
        code: 'REQUEST.FORBIDDEN_CHARACTER',
        send: () =>
          t.http
            .post(`/api/cases/${id}/child-protection-declarations`)
            .set(as(anna))
            .send({ justification: 'Gewichtige Anhaltspunkte für eine Gefährdung\u2069' }),
      },
      {
        name: 'a limit out of range',
        status: 400,
        code: 'REQUEST.VALIDATION',
        send: () => t.http.get('/api/cases?limit=100000').set(as(anna)),
      },
    ];

    it.each(attempts().map((a) => [a.name, a] as const))('%s', async (_name, attempt) => {
      const before = await t.allEvents();
      const response = await attempt.send();
      expect(response.status).toBe(attempt.status);
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(response.body).toMatchObject({ status: attempt.status, code: attempt.code });
      expect(typeof (response.body as { title: unknown }).title).toBe('string');
      expect((await t.allEvents()).map((e) => e.eventId)).toEqual(before.map((e) => e.eventId));
    });

    it('names each bad field', async () => {
      const response = await t.http
        .post('/api/cases')
        .set(as(anna))
        .send({ participant: { givenName: 7, familyName: 'x', birthDate: 'soon' }, extra: 1 })
        .expect(400);
      const fields = (response.body as { errors: { field: string }[] }).errors.map((e) => e.field).sort();
      expect(fields).toEqual(['extra', 'participant.birthDate', 'participant.givenName']);
    });

    it('names the field with a forbidden character and repeats its value nowhere, audit log included', async () => {
      const marker = 'Zeichenprobe';
      const response = await t.http
        .post('/api/cases')
        .set(as(anna))
        .send({ participant: { ...participant, familyName: `${marker}\u202e` } })
        .expect(400);
      expect(response.body).toMatchObject({
        code: 'REQUEST.FORBIDDEN_CHARACTER',
        errors: [{ field: 'participant.familyName', messages: ['contains a bidirectional control character'] }],
      });
      expect(response.text).not.toContain(marker);
      const entries = await t.persistence.audit.read(0, await t.persistence.audit.size());
      expect(JSON.stringify(entries)).not.toContain(marker);
    });

    it('refuses a data protection officer opening a case (403)', async () => {
      const frieda = await t.token('frieda.dpo');
      const response = await t.http.post('/api/cases').set(as(frieda, 'audit')).send({ participant }).expect(403);
      expect(response.body).toMatchObject({ code: 'CASE.ROLE_MAY_NOT_OPEN' });
    });
  });
});
