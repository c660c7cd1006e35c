import { randomUUID } from 'node:crypto';
import { type AuditEntry } from '@fallverbund/audit-log';
import { participantStreamId } from '@fallverbund/participant';
import { clock } from '../app/clock';
import { PROFILES, type TestApp, startTestApp } from '../testing/test-app';

interface Access {
  index: number;
  occurredAt: string;
  agency: { id: string; name: string };
  role: string;
  action: string;
  categories: string[];
  purpose: string;
  legalBasis: { kind: string; consentId?: string; consentGivenAt?: string; statute?: string }[];
  decision: 'permit' | 'deny';
}
interface Accesses {
  items: Access[];
  total: number;
}
interface Question {
  id: string;
  accessIndex: number;
  text: string | null;
  askedAt: string;
  dueAt: string;
  answer?: { text: string | null; answeredAt: string };
}
interface DpoQuestion extends Question {
  caseId: string;
  overdue: boolean;
}
interface HeldBack {
  caseId: string;
  heldBack: number;
  releaseAt: string | null;
  reason: string | null;
}

/**
 * "Wer hat meine Daten gesehen?" over HTTP: the person bound to a case sees the accesses of the youth
 * office with role, agency and legal basis, never a staff member's id; child-protection accesses stay
 * hidden until the data protection officer's release date has passed; a question about an access is
 * answered by the officer and the person reads the answer; another case's id answers 404 everywhere.
 */
describe.each(PROFILES)("the participant's view of accesses (%s)", (profile) => {
  let t: TestApp;
  let caseId: string;
  let otherCaseId: string;
  let consentId: string;
  let lena: Record<string, string>;
  const dpo = () => t.as('frieda.dpo', 'audit');
  const accesses = async (query = ''): Promise<Accesses> =>
    (await t.http.get(`/api/me/cases/${caseId}/accesses${query}`).set(lena).expect(200)).body as Accesses;
  const heldBack = async (): Promise<HeldBack | undefined> =>
    (
      (
        await t.http
          .get('/api/audit/deferrals')
          .set(await dpo())
          .expect(200)
      ).body as { items: HeldBack[] }
    ).items.find((i) => i.caseId === caseId);
  const dpoEntries = async (query: string): Promise<AuditEntry[]> =>
    (
      (
        await t.http
          .get(`/api/audit/entries?${query}`)
          .set(await dpo())
          .expect(200)
      ).body as {
        items: { entry: AuditEntry }[];
      }
    ).items.map((i) => i.entry);

  beforeAll(async () => {
    t = await startTestApp(profile);
    const anna = await t.as('anna.coach', 'integration');
    caseId = await t.openCase(anna);
    otherCaseId = await t.openCase(anna);
    await t.http.post(`/api/cases/${caseId}/team-members`).set(anna).send({ userId: 'clara.youth' }).expect(201);
    consentId = (
      (
        await t.http
          .post(`/api/cases/${caseId}/consents`)
          .set(anna)
          .send({
            purposes: ['youth_support'],
            dataCategories: ['identity', 'case_admin'],
            recipientAgencyIds: ['jugendamt-mitte'],
            form: 'written',
            grantedBy: 'participant',
          })
          .expect(201)
      ).body as { id: string }
    ).id;
    await t.http
      .get(`/api/cases/${caseId}`)
      .set(await t.as('clara.youth', 'youth_support'))
      .expect(200);
    await t.http
      .get(`/api/cases/${otherCaseId}`)
      .set(await t.as('clara.youth', 'youth_support'))
      .expect(404);
    const claraCp = await t.as('clara.youth', 'child_protection');
    await t.http
      .post(`/api/cases/${caseId}/child-protection-declarations`)
      .set(claraCp)
      .send({ justification: 'Meldung der Kita: Hinweise auf akute Kindeswohlgefährdung' })
      .expect(201);
    await t.http.get(`/api/cases/${caseId}`).set(claraCp).expect(200);
    // Lena's account is bound to the case as redeeming an invitation binds it.
    await t.persistence.rawEvents.appendToStream(
      participantStreamId('lena.teilnehmerin'),
      [
        {
          eventId: randomUUID(),
          type: 'ParticipantBoundToCase',
          schemaVersion: 1,
          data: { userId: 'lena.teilnehmerin', caseId, invitationId: randomUUID(), boundAt: new Date().toISOString() },
          metadata: {
            occurredAt: new Date().toISOString(),
            actor: { userId: 'lena.teilnehmerin', agencyId: '(participant)', role: 'participant' },
            purpose: 'data_subject_access',
            correlationId: randomUUID(),
            causationId: null,
          } as never,
        },
      ],
      'any',
    );
    lena = { authorization: `Bearer ${await t.token('lena.teilnehmerin')}` };
  });
  afterAll(() => t.close());

  it('shows the youth office’s access with agency, role and its consent, never a staff member', async () => {
    const page = await accesses('?limit=100');
    const youth = page.items.find((a) => a.agency.id === 'jugendamt-mitte' && a.action === 'read');
    expect(youth).toMatchObject({
      agency: { id: 'jugendamt-mitte', name: 'Jugendamt Mitte' },
      role: 'caseworker',
      purpose: 'youth_support',
      decision: 'permit',
      legalBasis: [{ kind: 'consent', consentId, consentGivenAt: expect.any(String) as unknown }],
    });
    expect(page.items.find((a) => a.action === 'open_case')).toMatchObject({
      agency: { id: 'jobcenter-mitte' },
      legalBasis: [{ kind: 'team', statute: '§ 35 SGB I' }],
    });
    const text = JSON.stringify(page);
    for (const staff of ['clara.youth', 'anna.coach', 'frieda.dpo']) expect(text).not.toContain(staff);
    expect(page.total).toBe(page.items.length);
    expect(page.items.map((a) => a.index)).toEqual([...page.items.map((a) => a.index)].sort((a, b) => b - a));
    expect(page.items.every((a) => a.role !== 'participant')).toBe(true);
  });

  it('filters by category and decision and pages with offset and limit, counting every match', async () => {
    const all = await accesses('?limit=100');
    const second = await accesses('?offset=1&limit=1');
    expect(second).toEqual({ items: [all.items[1]], total: all.total, notifications: [] });
    const consentOnly = await accesses('?category=identity&decision=permit&limit=100');
    expect(consentOnly.items.length).toBeGreaterThan(0);
    expect(consentOnly.items.every((a) => a.categories.includes('identity') && a.decision === 'permit')).toBe(true);
    expect((await accesses('?decision=deny')).total).toBe(0);
    const bad = await t.http.get(`/api/me/cases/${caseId}/accesses?limit=0`).set(lena).expect(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('holds child-protection accesses back until the release date the DPO set has passed', async () => {
    const hidden = await accesses('?limit=100');
    expect(hidden.items.filter((a) => a.purpose === 'child_protection')).toEqual([]);
    const before = await heldBack();
    expect(before).toMatchObject({ heldBack: expect.any(Number) as unknown, releaseAt: null, reason: null });
    expect(before?.heldBack).toBeGreaterThanOrEqual(2);

    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    await t.http
      .put(`/api/audit/deferrals/${caseId}`)
      .set(await dpo())
      .send({ releaseAt: tomorrow, reason: 'child_protection_8a' })
      .expect(200);
    expect((await accesses('?limit=100')).total).toBe(hidden.total);
    expect(await heldBack()).toMatchObject({ heldBack: before?.heldBack, releaseAt: tomorrow });

    await t.http
      .put(`/api/audit/deferrals/${caseId}`)
      .set(await t.as('anna.coach', 'integration'))
      .send({ releaseAt: tomorrow, reason: 'child_protection_8a' })
      .expect(403);
    const badReason = await t.http
      .put(`/api/audit/deferrals/${caseId}`)
      .set(await dpo())
      .send({ releaseAt: tomorrow, reason: 'because' })
      .expect(400);
    expect(badReason.headers['content-type']).toContain('application/problem+json');

    const aMinuteAgo = new Date(Date.now() - 60_000).toISOString();
    await t.http
      .put(`/api/audit/deferrals/${caseId}`)
      .set(await dpo())
      .send({ releaseAt: aMinuteAgo, reason: 'child_protection_8a' })
      .expect(200);
    const released = await accesses('?limit=100');
    const childProtection = released.items.filter((a) => a.purpose === 'child_protection');
    expect(childProtection.length).toBe(before?.heldBack);
    expect(released.total).toBe(hidden.total + (before?.heldBack ?? 0));
    expect(childProtection.some((a) => a.legalBasis.some((b) => b.statute === '§ 8a SGB VIII'))).toBe(true);
    expect(await heldBack()).toMatchObject({ heldBack: 0, releaseAt: aMinuteAgo, reason: 'child_protection_8a' });

    const recorded = await dpoEntries(`caseId=${caseId}&action=set_access_deferral`);
    // The unknown reason is refused by validation before the handler, and recorded as a refused request.
    expect(recorded.map((e) => [e.actor.userId, e.decision])).toEqual([
      ['frieda.dpo', 'permit'],
      ['anna.coach', 'deny'],
      ['frieda.dpo', 'permit'],
    ]);
  });

  it('takes a question about an access to the DPO, who answers it; the person sees the answer', async () => {
    const youth = (await accesses('?limit=100')).items.find((a) => a.agency.id === 'jugendamt-mitte') as Access;
    const asked = (
      await t.http
        .post(`/api/me/cases/${caseId}/questions`)
        .set(lena)
        .send({ accessIndex: youth.index, text: 'Warum hat das Jugendamt meine Daten gesehen?' })
        .expect(201)
    ).body as { id: string; askedAt: string; dueAt: string };
    const due = new Date(asked.askedAt);
    due.setUTCMonth(due.getUTCMonth() + 1);
    if (new Date(asked.askedAt).getUTCDate() === due.getUTCDate()) expect(asked.dueAt).toBe(due.toISOString());

    const mine = async () =>
      ((await t.http.get(`/api/me/cases/${caseId}/questions`).set(lena).expect(200)).body as { items: Question[] })
        .items;
    expect(await mine()).toEqual([
      {
        id: asked.id,
        accessIndex: youth.index,
        text: 'Warum hat das Jugendamt meine Daten gesehen?',
        askedAt: asked.askedAt,
        dueAt: asked.dueAt,
      },
    ]);

    const open = (
      (
        await t.http
          .get('/api/audit/questions')
          .set(await dpo())
          .expect(200)
      ).body as {
        items: DpoQuestion[];
      }
    ).items;
    expect(open.find((q) => q.id === asked.id)).toMatchObject({ caseId, overdue: false, dueAt: asked.dueAt });
    await t.http
      .get('/api/audit/questions')
      .set(await t.as('anna.coach', 'integration'))
      .expect(403);

    await t.http
      .post(`/api/audit/questions/${asked.id}/answer`)
      .set(await dpo())
      .send({ text: 'Das Jugendamt hat auf Grund Ihrer Einwilligung vom heutigen Tag gelesen.' })
      .expect(201);
    expect((await mine())[0]?.answer).toEqual({
      text: 'Das Jugendamt hat auf Grund Ihrer Einwilligung vom heutigen Tag gelesen.',
      answeredAt: expect.any(String) as unknown,
    });
    const again = await t.http
      .post(`/api/audit/questions/${asked.id}/answer`)
      .set(await dpo())
      .send({ text: 'Noch einmal.' })
      .expect(409);
    expect(again.body).toMatchObject({ code: 'QUESTION.ALREADY_ANSWERED' });
    await t.http
      .post(`/api/audit/questions/${randomUUID()}/answer`)
      .set(await dpo())
      .send({ text: 'Niemand fragte.' })
      .expect(404);

    // Every step is on record, by category, never with its text.
    const onRecord = await dpoEntries(`caseId=${caseId}&order=asc`);
    const actions = onRecord.map((e) => [e.actor.role, e.action, e.decision]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['participant', 'ask_access_question', 'permit'],
        ['participant', 'list', 'permit'],
        ['data_protection_officer', 'read_access_questions', 'permit'],
        ['data_protection_officer', 'answer_access_question', 'permit'],
        ['data_protection_officer', 'answer_access_question', 'deny'],
      ]),
    );
    expect(JSON.stringify(onRecord)).not.toContain('Jugendamt meine Daten');
    // The text is sealed in the stored event, not in clear.
    const stored = (await t.allEvents()).filter((e) => e.type === 'QuestionAsked');
    expect(JSON.stringify(stored.map((e) => e.data))).toContain('Jugendamt meine Daten');
    const raw = await t.persistence.rawEvents.readStream(`access-question-${asked.id}`);
    expect(JSON.stringify(raw.map((e) => e.data))).not.toContain('Jugendamt meine Daten');
  });

  it('flags a question unanswered after its month as overdue, and lists open ones first', async () => {
    const youth = (await accesses('?limit=100')).items.find((a) => a.agency.id === 'jugendamt-mitte') as Access;
    const asked = (
      await t.http
        .post(`/api/me/cases/${caseId}/questions`)
        .set(lena)
        .send({ accessIndex: youth.index, text: 'Und wer noch?' })
        .expect(201)
    ).body as { id: string };
    const now = clock.now;
    clock.now = () => new Date(Date.now() + 32 * 86_400_000);
    try {
      const items = (
        (
          await t.http
            .get('/api/audit/questions')
            .set(await dpo())
            .expect(200)
        ).body as {
          items: DpoQuestion[];
        }
      ).items;
      expect(items[0]).toMatchObject({ id: asked.id, overdue: true });
      expect(items.find((q) => q.answer)).toMatchObject({ overdue: false });
    } finally {
      clock.now = now;
    }
  });

  it('refuses a question about an access the person cannot see', async () => {
    const otherEntry = (await dpoEntries(`caseId=${otherCaseId}`))[0];
    expect(otherEntry).toBeDefined();
    const [index] = (
      (
        await t.http
          .get(`/api/audit/entries?caseId=${otherCaseId}`)
          .set(await dpo())
          .expect(200)
      ).body as {
        items: { index: number }[];
      }
    ).items.map((i) => i.index);
    const refused = await t.http
      .post(`/api/me/cases/${caseId}/questions`)
      .set(lena)
      .send({ accessIndex: index, text: 'Was ist das?' })
      .expect(404);
    expect(refused.body).toMatchObject({ code: 'ACCESS_ENTRY.NOT_FOUND' });
    await t.http
      .post(`/api/me/cases/${caseId}/questions`)
      .set(lena)
      .send({ accessIndex: 10_000_000, text: 'Was ist das?' })
      .expect(404);
    await t.http
      .post(`/api/me/cases/${caseId}/questions`)
      .set(lena)
      .send({ accessIndex: 0, text: '   ' })
      .expect((r) => expect([400, 404]).toContain(r.status));
  });

  it('tells a request refused for its input apart from a refused access, in the list and in the report', async () => {
    const anna = await t.as('anna.coach', 'integration');
    const report = async () =>
      (await t.http.get(`/api/cases/${caseId}/access-report`).set(anna).expect(200)).body as {
        refusedAttempts: number;
        refusedRequests: number;
      };
    const before = {
      list: (await accesses('?decision=deny&limit=100')).items.map((a) => a.index),
      ...(await report()),
    };
    // anna records a contact dated before the case's first contact: refused for its input (400), nothing written.
    await t.http
      .post(`/api/cases/${caseId}/contacts`)
      .set(anna)
      .send({ kind: 'phone', occurredAt: '2001-01-01T10:00:00Z', durationMinutes: 10 })
      .expect(400);
    // emil's counselling service has no business with the case: refused as not there (404).
    await t.http
      .get(`/api/cases/${caseId}`)
      .set(await t.as('emil.counsel', 'health_promotion'))
      .expect(404);
    // The person's list shows the refused attempt at the case, not the request refused for its input.
    const refused = (await accesses('?decision=deny&limit=100')).items.filter((a) => !before.list.includes(a.index));
    expect(refused.map((a) => [a.agency.id, a.action])).toEqual([['suchtberatung-nord', 'read']]);
    // The report counts them apart: one more refused attempt, one more request refused for its input.
    const after = await report();
    expect([after.refusedAttempts - before.refusedAttempts, after.refusedRequests - before.refusedRequests]).toEqual([
      1, 1,
    ]);
  });

  it('answers 404 on every participant route for another case or none, and 403 to staff', async () => {
    const anna = await t.as('anna.coach', 'integration');
    for (const id of [otherCaseId, randomUUID()]) {
      const probes = [
        t.http.get(`/api/me/cases/${id}/accesses`).set(lena),
        t.http.get(`/api/me/cases/${id}/questions`).set(lena),
        t.http.post(`/api/me/cases/${id}/questions`).set(lena).send({ accessIndex: 0, text: 'Wer?' }),
      ];
      for (const probe of probes) {
        const response = await probe;
        expect([response.status, (response.body as { code?: string }).code]).toEqual([404, 'CASE.NOT_FOUND']);
      }
    }
    const staff = await t.http.get(`/api/me/cases/${caseId}/accesses`).set(anna).expect(403);
    expect(staff.body).toMatchObject({ code: 'AUTH.PARTICIPANT_ONLY' });
  });
});
