import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(PROFILES)('case work: contacts and lifecycle (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
  });
  afterAll(() => t.close());

  const eventCount = async (): Promise<number> => (await t.allEvents()).length;

  interface ContactItem {
    id: string;
    kind: string;
    occurredAt: string;
    durationMinutes: number;
    participants: string[];
    summary: unknown;
    original: Record<string, unknown>;
    corrections: { id: string; changes: Record<string, unknown>; reason: unknown }[];
  }

  it('records contacts, corrects one with the original still visible, and lists them newest first', async () => {
    const caseId = await t.openCase(anna);
    const first = new Date().toISOString();
    const recorded = await t.http
      .post(`/api/cases/${caseId}/contacts`)
      .set(anna)
      .send({
        kind: 'home_visit',
        occurredAt: first,
        durationMinutes: 45,
        participants: ['participant', 'coach'],
        summary: 'Wohnung besichtigt, Schimmel im Bad',
      })
      .expect(201);
    const contactId = (recorded.body as { id: string }).id;
    expect(recorded.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown });
    const second = new Date(Date.parse(first) + 1).toISOString();
    await t.http
      .post(`/api/cases/${caseId}/contacts`)
      .set(anna)
      .send({ kind: 'phone', occurredAt: second, durationMinutes: 10 })
      .expect(201);

    const corrected = await t.http
      .post(`/api/cases/${caseId}/contacts/${contactId}/corrections`)
      .set(anna)
      .send({ durationMinutes: 60, summary: 'Wohnung besichtigt', reason: 'Dauer falsch erfasst' })
      .expect(201);
    const correctionId = (corrected.body as { id: string }).id;

    const list = await t.http.get(`/api/cases/${caseId}/contacts`).set(anna).expect(200);
    const items = (list.body as { items: ContactItem[] }).items;
    expect(items.map((c) => c.kind)).toEqual(['phone', 'home_visit']);
    expect(items[0]).toMatchObject({ summary: null, participants: [], corrections: [] });
    expect(items[1]).toEqual({
      id: contactId,
      kind: 'home_visit',
      occurredAt: first,
      durationMinutes: 60,
      participants: ['participant', 'coach'],
      summary: 'Wohnung besichtigt',
      summaryCategory: 'contacts',
      recordedBy: 'anna.coach',
      recordedAt: expect.any(String) as unknown,
      original: {
        kind: 'home_visit',
        occurredAt: first,
        durationMinutes: 45,
        participants: ['participant', 'coach'],
        summary: 'Wohnung besichtigt, Schimmel im Bad',
        summaryCategory: 'contacts',
      },
      corrections: [
        {
          id: correctionId,
          changes: { durationMinutes: 60, summary: 'Wohnung besichtigt', summaryCategory: 'contacts' },
          reason: 'Dauer falsch erfasst',
          reasonCategory: 'contacts',
          correctedBy: 'anna.coach',
          correctedAt: expect.any(String) as unknown,
        },
      ],
      withheldTexts: 0,
    });

    // The log keeps both: the original event and the correction that references it; the summary is sealed.
    const events = (await t.allEvents()).filter((e) => e.streamId === `case-${caseId}`);
    expect(events.map((e) => e.type)).toEqual(['CaseOpened', 'ContactRecorded', 'ContactRecorded', 'ContactCorrected']);
    expect(events[3]?.data).toMatchObject({ contactId, correctionId });
    const stored = JSON.stringify((await t.persistence.rawEvents.readStream(`case-${caseId}`)).map((e) => e.data));
    expect(stored).not.toContain('Schimmel');

    // The GET is audited as a read of contacts.
    const size = await t.persistence.audit.size();
    await t.http.get(`/api/cases/${caseId}/contacts`).set(anna).expect(200);
    const [entry] = (await t.persistence.audit.read(size, 10)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(entry).toMatchObject({
      action: 'read',
      route: 'GET /api/cases/{id}/contacts',
      categories: ['contacts'],
      decision: 'permit',
      outcome: 200,
    });
  });

  it('refuses bad input with a problem response and appends nothing', async () => {
    const caseId = await t.openCase(anna);
    const now = new Date().toISOString();
    const valid = { kind: 'office', occurredAt: now, durationMinutes: 30 };
    const before = await eventCount();
    const cases: [object, string | undefined][] = [
      [{ ...valid, occurredAt: new Date(Date.now() + 3_600_000).toISOString() }, 'CONTACT.INVALID'],
      [{ ...valid, occurredAt: new Date(Date.now() - 86_400_000).toISOString() }, 'CONTACT.INVALID'],
      [{ ...valid, durationMinutes: 0 }, undefined],
      [{ ...valid, durationMinutes: 601 }, undefined],
      [{ ...valid, kind: 'carrier_pigeon' }, undefined],
      [{ ...valid, mood: 'good' }, undefined],
      [{ ...valid, summary: 'x'.repeat(2001) }, undefined],
      [{ ...valid, occurredAt: 'yesterday' }, undefined],
      [{ ...valid, summary: 'Gespräch\u0000 im Büro' }, 'REQUEST.FORBIDDEN_CHARACTER'],
      [{ ...valid, summary: 'Wohnung \u202eabgelehnt' }, 'REQUEST.FORBIDDEN_CHARACTER'],
      // JSON.stringify writes a lone surrogate as the escape \ud800, which the server parses back into one.
      [{ ...valid, summary: 'Schimmel\ud800' }, 'REQUEST.FORBIDDEN_CHARACTER'],
      [{ ...valid, participants: ['coach', 'dol\u2066metscher'] }, 'REQUEST.FORBIDDEN_CHARACTER'],
    ];
    expect(JSON.stringify({ summary: 'Schimmel\ud800' })).toBe('{"summary":"Schimmel\\ud800"}');
    for (const [body, code] of cases) {
      const response = await t.http.post(`/api/cases/${caseId}/contacts`).set(anna).send(body);
      expect({ body, status: response.status }).toEqual({ body, status: 400 });
      expect(response.headers['content-type']).toMatch(PROBLEM);
      if (code) expect((response.body as { code: string }).code).toBe(code);
    }
    const unknownContact = await t.http
      .post(`/api/cases/${caseId}/contacts/00000000-0000-4000-8000-000000000000/corrections`)
      .set(anna)
      .send({ durationMinutes: 20, reason: 'Tippfehler' });
    expect(unknownContact.status).toBe(404);
    expect((unknownContact.body as { code: string }).code).toBe('CONTACT.NOT_FOUND');
    expect(await eventCount()).toBe(before);
  });

  it('keeps contacts from a partner without contacts cover', async () => {
    const caseId = await t.openCase(anna);
    await t.http.post(`/api/cases/${caseId}/contacts`).set(anna).send({
      kind: 'office',
      occurredAt: new Date().toISOString(),
      durationMinutes: 30,
      summary: 'vertraulich',
    });
    const emil = await t.as('emil.counsel', 'coordination');
    // Not on the team: the case does not exist for emil.
    await t.http.get(`/api/cases/${caseId}/contacts`).set(emil).expect(404);
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
    const before = await eventCount();
    const read = await t.http.get(`/api/cases/${caseId}/contacts`).set(emil);
    expect(read.status).toBe(403);
    expect(read.headers['content-type']).toMatch(PROBLEM);
    await t.http
      .post(`/api/cases/${caseId}/contacts`)
      .set(emil)
      .send({ kind: 'office', occurredAt: new Date().toISOString(), durationMinutes: 30 })
      .expect(403);
    expect(await eventCount()).toBe(before);
  });

  it('walks the lifecycle: aftercare, closing, reopening; illegal steps are 409 and append nothing', async () => {
    const caseId = await t.openCase(anna);
    const caseAdmin = async () =>
      ((await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200)).body as { caseAdmin: object }).caseAdmin;
    expect(await caseAdmin()).toMatchObject({ status: 'active', exitReason: null, followUps: [] });

    const refused = async (path: string, body: object, status: number, code: string) => {
      const before = await eventCount();
      const response = await t.http.post(`/api/cases/${caseId}/${path}`).set(anna).send(body);
      expect({ path, status: response.status, code: (response.body as { code?: string }).code }).toEqual({
        path,
        status,
        code,
      });
      expect(response.headers['content-type']).toMatch(PROBLEM);
      expect(await eventCount()).toBe(before);
    };

    await refused('reopening', { reason: 'neuer Bedarf' }, 409, 'CASE.ILLEGAL_TRANSITION');
    await refused('aftercare', { followUps: [inDays(-1)] }, 400, 'CASE.INVALID_LIFECYCLE_STEP');
    const followUps = [inDays(60), inDays(30)];
    await t.http.post(`/api/cases/${caseId}/aftercare`).set(anna).send({ followUps }).expect(201);
    expect(await caseAdmin()).toMatchObject({ status: 'aftercare', followUps: [inDays(30), inDays(60)] });
    await refused('aftercare', { followUps }, 409, 'CASE.ILLEGAL_TRANSITION');
    await refused('reopening', { reason: 'neuer Bedarf' }, 409, 'CASE.ILLEGAL_TRANSITION');

    await t.http.post(`/api/cases/${caseId}/closure`).set(anna).send({ exitReason: 'goal_reached' }).expect(201);
    expect(await caseAdmin()).toMatchObject({ status: 'closed', exitReason: 'goal_reached' });
    const list = (await t.http.get('/api/cases?limit=200').set(anna).expect(200)).body as {
      items: { id: string; status: string }[];
    };
    expect(list.items.find((c) => c.id === caseId)?.status).toBe('closed');
    await refused('closure', { exitReason: 'other' }, 409, 'CASE.ILLEGAL_TRANSITION');
    await refused('aftercare', { followUps }, 409, 'CASE.ILLEGAL_TRANSITION');
    await refused(
      'contacts',
      { kind: 'office', occurredAt: new Date().toISOString(), durationMinutes: 30 },
      409,
      'CASE.CLOSED',
    );

    await t.http.post(`/api/cases/${caseId}/reopening`).set(anna).send({ reason: 'neuer Bedarf' }).expect(201);
    expect(await caseAdmin()).toMatchObject({ status: 'active', exitReason: null, followUps: [] });
    await t.http.post(`/api/cases/${caseId}/closure`).set(anna).send({ exitReason: 'moved_away' }).expect(201);
    expect(await caseAdmin()).toMatchObject({ status: 'closed', exitReason: 'moved_away' });

    // Bad input is refused before anything is decided.
    await refused('closure', { exitReason: 'lottery' }, 400, 'REQUEST.VALIDATION');
    const types = (await t.allEvents()).filter((e) => e.streamId === `case-${caseId}`).map((e) => e.type);
    expect(types).toEqual(['CaseOpened', 'AftercareStarted', 'CaseClosed', 'CaseReopened', 'CaseClosed']);

    // Only the lead agency moves the case: someone else's agency sees nothing.
    const clara = await t.as('clara.youth', 'integration');
    await t.http.post(`/api/cases/${caseId}/reopening`).set(clara).send({ reason: 'x' }).expect(404);
  });
});
