import { ConferenceRow, ErasureService, ProjectionRunner } from '@fallverbund/cases-application';
import { conferencePseudonym } from '@fallverbund/cases-domain';
import { type Actor, ERASED } from '@fallverbund/kernel';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;
const HOUR = 3_600_000;
const topic = 'Wohnsituation und Anbindung an die Suchtberatung';

const frieda: Actor = {
  userId: 'frieda.dpo',
  displayName: 'frieda.dpo',
  role: 'data_protection_officer',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
};

interface InviteeBody {
  id: string;
  identified: boolean;
  pseudonym: string;
  caseId?: string;
  participant?: unknown;
  topic?: unknown;
  participantAgreed: boolean | null;
  held: boolean;
  decisions?: unknown;
}

describe.each(PROFILES)('case conferences (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
  });
  afterAll(() => t.close());

  const eventCount = async (): Promise<number> => (await t.allEvents()).length;
  const post = (path: string, body?: object) => t.http.post(path).set(anna).send(body);
  const refused = async (request: () => Promise<{ status: number; body: unknown; headers: object }>) => {
    const before = await eventCount();
    const response = await request();
    expect((response.headers as Record<string, string>)['content-type']).toMatch(PROBLEM);
    expect(await eventCount()).toBe(before);
    return { status: response.status, code: (response.body as { code?: string }).code };
  };
  const grantConference = async (caseId: string, agencyId: string): Promise<string> =>
    (
      (
        await post(`/api/cases/${caseId}/consents`, {
          purposes: ['case_conference'],
          dataCategories: ['identity', 'case_admin'],
          recipientAgencyIds: [agencyId],
          form: 'written',
          grantedBy: 'participant',
        }).expect(201)
      ).body as { id: string }
    ).id;
  const schedule = async (caseId: string): Promise<string> => {
    const response = await post(`/api/cases/${caseId}/conferences`, {
      topic,
      invitedAgencyIds: ['suchtberatung-nord', 'jugendamt-mitte'],
      plannedFor: new Date(Date.now() + 48 * HOUR).toISOString(),
    }).expect(201);
    const { id, pseudonym } = response.body as { id: string; pseudonym: string };
    expect(pseudonym).toBe(conferencePseudonym(id));
    return id;
  };
  const minutes = (decisions: string[]) => ({
    heldAt: new Date().toISOString(),
    attendees: [
      { agencyId: 'jobcenter-mitte', userIds: ['anna.coach'] },
      { agencyId: 'suchtberatung-nord', userIds: ['emil.counsel'] },
      { agencyId: 'jugendamt-mitte', userIds: ['clara.youth'] },
    ],
    sharedCategories: ['case_admin', 'plan'],
    decisions,
  });
  const asInvitee = async (userId: string, conferenceId: string, purpose = 'case_conference') =>
    t.http.get(`/api/conferences/${conferenceId}`).set(await t.as(userId, purpose));
  const inviteeView = async (userId: string, conferenceId: string): Promise<InviteeBody> => {
    const response = await asInvitee(userId, conferenceId);
    expect(response.status).toBe(200);
    return response.body as InviteeBody;
  };

  it('identifies the participant only with their agreement, and only to agencies a consent names', async () => {
    const caseId = await t.openCase(anna);
    const consentId = await grantConference(caseId, 'suchtberatung-nord');
    const id = await schedule(caseId);
    const pseudonym = conferencePseudonym(id);

    // No agreement yet: even the agency with a consent sees only the pseudonym.
    const before = await inviteeView('emil.counsel', id);
    expect(before).toEqual({
      id,
      identified: false,
      pseudonym,
      plannedFor: expect.any(String) as unknown,
      // Who convenes, whom the invitees answer: the lead agency, also to an agency that sees only the pseudonym.
      convenedByAgencyId: 'jobcenter-mitte',
      invitedAgencyIds: ['suchtberatung-nord', 'jugendamt-mitte'],
      participantAgreed: null,
      held: false,
      heldAt: null,
      attendees: [],
      sharedCategories: [],
      withheldTexts: 0,
    });

    await post(`/api/cases/${caseId}/conferences/${id}/agreement`, { agreed: true, form: 'written' }).expect(201);
    expect(await inviteeView('emil.counsel', id)).toMatchObject({
      identified: true,
      pseudonym,
      caseId,
      participant: { givenName: 'Mara', familyName: 'Beispiel' },
      topic,
      participantAgreed: true,
    });
    // The youth office has no consent: the pseudonym, and nothing that names the person or the case.
    const clara = await inviteeView('clara.youth', id);
    expect(clara).toMatchObject({ identified: false, pseudonym, participantAgreed: true });
    for (const trace of ['Mara', 'Beispiel', caseId, topic]) expect(JSON.stringify(clara)).not.toContain(trace);

    const decision = `${pseudonym} nimmt ab Januar wöchentlich an der Suchtberatung teil`;
    await post(`/api/cases/${caseId}/conferences/${id}/minutes`, minutes([decision])).expect(201);
    // Read under health promotion, where the addiction service on the invitation is readable (addiction).
    const annaHealth = await t.as('anna.coach', 'health_promotion');
    const held = await t.http.get(`/api/cases/${caseId}/conferences`).set(annaHealth).expect(200);
    expect(held.body).toEqual({
      items: [
        {
          id,
          pseudonym,
          topic,
          topicCategory: 'case_admin',
          invitedAgencyIds: ['suchtberatung-nord', 'jugendamt-mitte'],
          plannedFor: expect.any(String) as unknown,
          scheduledBy: 'anna.coach',
          scheduledAt: expect.any(String) as unknown,
          agreement: {
            agreed: true,
            form: 'written',
            recordedBy: 'anna.coach',
            recordedAt: expect.any(String) as unknown,
          },
          held: true,
          heldAt: expect.any(String) as unknown,
          attendees: [
            { agencyId: 'jobcenter-mitte', userIds: ['anna.coach'], identified: true },
            { agencyId: 'suchtberatung-nord', userIds: ['emil.counsel'], identified: true },
            { agencyId: 'jugendamt-mitte', userIds: ['clara.youth'], identified: false },
          ],
          sharedCategories: ['case_admin', 'plan'],
          decisions: [decision],
          decisionCategories: ['case_admin'],
          minutesRecordedBy: 'anna.coach',
          minutesRecordedAt: expect.any(String) as unknown,
          withheldTexts: 0,
          withheldAgencies: 0,
        },
      ],
    });
    // Under integration the addiction service is data the purpose does not cover: left out, counted.
    const integration = await t.http.get(`/api/cases/${caseId}/conferences`).set(anna).expect(200);
    expect(integration.body).toMatchObject({
      items: [
        {
          id,
          invitedAgencyIds: ['jugendamt-mitte'],
          attendees: [
            { agencyId: 'jobcenter-mitte', userIds: ['anna.coach'], identified: true },
            { agencyId: 'jugendamt-mitte', userIds: ['clara.youth'], identified: false },
          ],
          withheldAgencies: 1,
        },
      ],
    });
    expect(JSON.stringify(integration.body)).not.toContain('suchtberatung-nord');
    // Decisions go to every agency that took part, pseudonymised or not.
    expect(await inviteeView('clara.youth', id)).toMatchObject({
      identified: false,
      held: true,
      decisions: [decision],
      attendees: [
        { agencyId: 'jobcenter-mitte', userIds: ['anna.coach'] },
        { agencyId: 'suchtberatung-nord', userIds: ['emil.counsel'] },
        { agencyId: 'jugendamt-mitte', userIds: ['clara.youth'] },
      ],
      sharedCategories: ['case_admin', 'plan'],
    });

    // The read is audited on the case, as a disclosure, with the consent that identified the person.
    const size = await t.persistence.audit.size();
    await inviteeView('emil.counsel', id);
    await inviteeView('clara.youth', id);
    const entries = (await t.persistence.audit.read(size, 10)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(entries).toMatchObject([
      {
        action: 'read',
        route: 'GET /api/conferences/{conferenceId}',
        caseRef: caseId,
        categories: ['case_admin', 'identity'],
        legalBasis: [`conference invitation:${id}`, `consent:${consentId}`],
        decision: 'permit',
        disclosure: true,
      },
      { caseRef: caseId, categories: ['case_admin'], legalBasis: [`conference invitation:${id}`], disclosure: true },
    ]);

    // Not invited, another purpose: refused, and the refusal is recorded on the case.
    expect(await refused(() => asInvitee('deniz.psych', id))).toEqual({ status: 404, code: 'CONFERENCE.NOT_FOUND' });
    expect(await refused(() => asInvitee('frieda.dpo', id, 'audit'))).toEqual({
      status: 404,
      code: 'CONFERENCE.NOT_FOUND',
    });
    expect(await refused(() => asInvitee('emil.counsel', id, 'coordination'))).toEqual({
      status: 403,
      code: 'ACCESS.DENIED',
    });
    const denials = (await t.persistence.audit.read(size + 2, 10)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(denials).toMatchObject([
      { caseRef: caseId, decision: 'deny', outcome: 404 },
      { caseRef: caseId, decision: 'deny', outcome: 404 },
      { caseRef: caseId, decision: 'deny', outcome: 403 },
    ]);

    // Withdrawn, the consent no longer identifies the person: decided at read time.
    await post(`/api/cases/${caseId}/consents/${consentId}/withdrawal`).expect(201);
    const withdrawn = await inviteeView('emil.counsel', id);
    expect(withdrawn).toMatchObject({ identified: false, pseudonym, decisions: [decision] });
    expect(JSON.stringify(withdrawn)).not.toContain('Mara');
  });

  it('keeps everyone pseudonymised when the participant does not agree', async () => {
    const caseId = await t.openCase(anna);
    await grantConference(caseId, 'suchtberatung-nord');
    const id = await schedule(caseId);
    await post(`/api/cases/${caseId}/conferences/${id}/agreement`, { agreed: false, form: 'verbal' }).expect(201);
    const emil = await inviteeView('emil.counsel', id);
    expect(emil).toMatchObject({ identified: false, participantAgreed: false });
    expect(emil.caseId).toBeUndefined();
    expect(emil.participant).toBeUndefined();
    await post(`/api/cases/${caseId}/conferences/${id}/minutes`, minutes([])).expect(201);
    const list = await t.http
      .get(`/api/cases/${caseId}/conferences`)
      .set(await t.as('anna.coach', 'health_promotion'))
      .expect(200);
    expect((list.body as { items: { attendees: { identified: boolean }[] }[] }).items[0]?.attendees).toEqual([
      { agencyId: 'jobcenter-mitte', userIds: ['anna.coach'], identified: false },
      { agencyId: 'suchtberatung-nord', userIds: ['emil.counsel'], identified: false },
      { agencyId: 'jugendamt-mitte', userIds: ['clara.youth'], identified: false },
    ]);
    expect((await t.allEvents()).filter((e) => e.streamId === `case-${caseId}`).map((e) => e.type)).toEqual([
      'CaseOpened',
      'ConsentGranted',
      'ConferenceScheduled',
      'ConferenceAgreementRecorded',
      'ConferenceHeld',
    ]);
    // Topic and decisions are sealed in the log.
    const stored = JSON.stringify((await t.persistence.rawEvents.readStream(`case-${caseId}`)).map((e) => e.data));
    expect(stored).not.toContain('Suchtberatung');
  });

  it('refuses bad input with 400 and appends nothing', async () => {
    const caseId = await t.openCase(anna);
    const base = `/api/cases/${caseId}/conferences`;
    const valid = {
      topic,
      invitedAgencyIds: ['suchtberatung-nord'],
      plannedFor: new Date(Date.now() + HOUR).toISOString(),
    };
    const validation = { status: 400, code: 'REQUEST.VALIDATION' };
    const invalid = { status: 400, code: 'CONFERENCE.INVALID' };
    const forbidden = { status: 400, code: 'REQUEST.FORBIDDEN_CHARACTER' };
    const schedules: [object, object][] = [
      [
        { ...valid, invitedAgencyIds: ['suchtberatung-nord', 'nirgendwo'] },
        { status: 400, code: 'CONFERENCE.UNKNOWN_AGENCY' },
      ],
      [{ ...valid, invitedAgencyIds: ['jobcenter-mitte'] }, invalid],
      [{ ...valid, invitedAgencyIds: [] }, validation],
      [{ ...valid, topic: '' }, validation],
      [{ ...valid, topic: '   ' }, invalid],
      [{ ...valid, plannedFor: 'morgen' }, validation],
      [{ ...valid, room: 'A 1.04' }, validation],
      [{ ...valid, topic: 'Wohnung\u0000 und Arbeit' }, forbidden],
      [{ ...valid, topic: 'Suchtberatung \u202eabgelehnt' }, forbidden],
      [{ ...valid, topic: '\udc00Hilfeplan' }, forbidden],
    ];
    for (const [body, expected] of schedules)
      expect({ body, ...(await refused(() => post(base, body))) }).toEqual({ body, ...expected });

    const id = (await post(base, valid).expect(201)).body as { id: string };
    const conference = `${base}/${id.id}`;
    const good = minutes(['Termin in der Suchtberatung vereinbaren']);
    const requests: [() => Promise<{ status: number; body: unknown; headers: object }>, object][] = [
      [() => post(`${conference}/agreement`, { agreed: 'ja', form: 'written' }), validation],
      [() => post(`${conference}/agreement`, { agreed: true, form: 'telepathic' }), validation],
      [() => post(`${base}/not-a-uuid/agreement`, { agreed: true, form: 'written' }), validation],
      [
        () => post(`${base}/00000000-0000-4000-8000-000000000000/agreement`, { agreed: true, form: 'written' }),
        { status: 404, code: 'CONFERENCE.NOT_FOUND' },
      ],
      // jugendamt-mitte was not invited to this one.
      [() => post(`${conference}/minutes`, good), invalid],
      [
        () =>
          post(`${conference}/minutes`, {
            ...good,
            attendees: good.attendees.slice(0, 2),
            heldAt: new Date(Date.now() + HOUR).toISOString(),
          }),
        invalid,
      ],
      [
        () =>
          post(`${conference}/minutes`, {
            ...good,
            attendees: good.attendees.slice(0, 2),
            sharedCategories: ['health'],
          }),
        invalid,
      ],
      [() => post(`${conference}/minutes`, { ...good, attendees: [] }), validation],
      [() => post(`${conference}/minutes`, { ...good, decisions: [''] }), validation],
      [() => post(`${conference}/minutes`, { ...good, decisions: ['Termin\u200f vereinbaren'] }), forbidden],
      [() => t.http.get('/api/conferences/not-a-uuid').set(anna), validation],
    ];
    for (const [request, expected] of requests) expect(await refused(request)).toEqual(expected);
  });

  it('refuses illegal steps with 409, and others than the lead agency, and appends nothing', async () => {
    const caseId = await t.openCase(anna);
    const id = await schedule(caseId);
    const conference = `/api/cases/${caseId}/conferences/${id}`;
    await post(`${conference}/minutes`, minutes(['Nächster Termin im März'])).expect(201);
    const conflict = { status: 409, code: 'CONFERENCE.ILLEGAL_TRANSITION' };
    expect(await refused(() => post(`${conference}/minutes`, minutes(['noch einmal'])))).toEqual(conflict);
    expect(await refused(() => post(`${conference}/agreement`, { agreed: true, form: 'written' }))).toEqual(conflict);

    // A partner on the team with a consent for case_admin sees the case, but does not convene.
    await post(`/api/cases/${caseId}/team-members`, { userId: 'emil.counsel' }).expect(201);
    await post(`/api/cases/${caseId}/consents`, {
      purposes: ['coordination'],
      dataCategories: ['identity', 'case_admin'],
      recipientAgencyIds: ['suchtberatung-nord'],
      form: 'written',
      grantedBy: 'participant',
    }).expect(201);
    const emil = await t.as('emil.counsel', 'coordination');
    const body = { topic, invitedAgencyIds: ['jugendamt-mitte'], plannedFor: new Date().toISOString() };
    expect(await refused(() => t.http.post(`/api/cases/${caseId}/conferences`).set(emil).send(body))).toEqual({
      status: 403,
      code: 'ACCESS.DENIED',
    });
    // ... and reads the case's conferences through case_admin.
    await t.http.get(`/api/cases/${caseId}/conferences`).set(emil).expect(200);
    const clara = await t.as('clara.youth', 'coordination');
    expect(await refused(() => t.http.post(`/api/cases/${caseId}/conferences`).set(clara).send(body))).toEqual({
      status: 404,
      code: 'CASE.NOT_FOUND',
    });
    expect(await refused(() => t.http.get(`/api/cases/${caseId}/conferences`).set(clara))).toEqual({
      status: 404,
      code: 'CASE.NOT_FOUND',
    });
  });

  // Last: it stops the projections to rebuild them.
  it('drops topic and decisions with the participant’s erasure, also in a rebuild', async () => {
    const caseId = await t.openCase(anna);
    const id = await schedule(caseId);
    await post(`/api/cases/${caseId}/conferences/${id}/minutes`, minutes(['Kwartelbeck-Termin vereinbart'])).expect(
      201,
    );
    await t.app.get(ErasureService).eraseParticipant(caseId, 'retention period ended', frieda, new Date());
    const list = async () =>
      (
        await t.http
          .get(`/api/cases/${caseId}/conferences`)
          .set(await t.as('anna.coach', 'health_promotion'))
          .expect(200)
      ).body as {
        items: { topic: unknown; decisions: unknown; attendees: unknown[] }[];
      };
    const erased = await list();
    expect(erased.items).toMatchObject([{ topic: ERASED, decisions: ERASED }]);
    expect(erased.items[0]?.attendees).toHaveLength(3);
    const manager = t.persistence.dataSource.manager;
    expect(await manager.findBy(ConferenceRow, { caseId })).toMatchObject([
      { topicSealed: null, decisionsSealed: null },
    ]);

    const runner = t.app.get(ProjectionRunner);
    await runner.stop();
    await runner.rebuild();
    expect(await list()).toEqual(erased);
    expect(await manager.findBy(ConferenceRow, { caseId })).toMatchObject([
      { topicSealed: null, decisionsSealed: null },
    ]);
  });
});
