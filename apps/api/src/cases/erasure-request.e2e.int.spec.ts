import { type AuditEntry } from '@fallverbund/audit-log';
import { type Response } from 'supertest';
import { type TestApp, PROFILES, participant, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;

interface RequestView {
  requestId: string;
  status: string;
  channel: string;
  dueAt: string;
  requestedAt: string;
  decision: { decision: string; reason: string; legalSource: string; retentionClass: string | null } | null;
  executedAt: string | null;
}

/**
 * Art. 17 GDPR, § 84 SGB X (issue 17): the person asks for erasure in her own view (or staff record her
 * request); the lead agency's data protection officer lists it with its due date and decides: refused
 * for a retention duty (the person sees the class and its source), granted (carried out at once: the
 * key is gone, ParticipantDataErased, confirmed to her), or restricted instead (CaseRestricted). The
 * recipients are told (Art. 19) and the access reports say so. On both databases.
 */
describe.each(PROFILES)('requests for erasure, Art. 17 GDPR (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let frieda: Record<string, string>;
  let lena: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
    frieda = await t.as('frieda.dpo', 'audit');
    lena = { authorization: `Bearer ${await t.token('lena.teilnehmerin')}` };
  });
  afterAll(() => t.close());

  const problem = (response: Response) => ({
    status: response.status,
    code: (response.body as { code?: string }).code,
    problem: PROBLEM.test(String(response.headers['content-type'])),
  });
  const entriesSince = async (size: number): Promise<AuditEntry[]> =>
    (await t.persistence.audit.read(size, 1000)).flatMap((r) => (r.entry ? [r.entry] : []));
  const eventTypes = async (caseId: string): Promise<string[]> =>
    (await t.allEvents()).filter((e) => e.streamId === `case-${caseId}`).map((e) => e.type);

  /** A case of anna's whose participant lena is (bound by a redeemed invitation). */
  const lenasCase = async (): Promise<string> => {
    const caseId = await t.openCase(anna, participant);
    const { code } = (await t.http.post(`/api/cases/${caseId}/participant-invitations`).set(anna).expect(201)).body as {
      code: string;
    };
    await t.http.post('/api/me/invitations/redemption').set(lena).send({ code }).expect(200);
    return caseId;
  };
  const myRequests = async (caseId: string): Promise<RequestView[]> =>
    (
      (await t.http.get(`/api/me/cases/${caseId}/erasure-requests`).set(lena).expect(200)).body as {
        items: RequestView[];
      }
    ).items;
  const fileRequest = async (caseId: string, body: object = { scope: 'case' }): Promise<string> =>
    (
      (await t.http.post(`/api/me/cases/${caseId}/erasure-requests`).set(lena).send(body).expect(201)).body as {
        requestId: string;
      }
    ).requestId;
  const decide = (caseId: string, requestId: string, body: object, as = frieda) =>
    t.http.post(`/api/cases/${caseId}/erasure-requests/${requestId}/decision`).set(as).send(body);

  /** The youth office reads the case under a consent: a recipient to tell (Art. 19). */
  const readByTheYouthOffice = async (caseId: string): Promise<void> => {
    await t.http
      .post(`/api/cases/${caseId}/consents`)
      .set(anna)
      .send({
        purposes: ['coordination'],
        dataCategories: ['identity', 'case_admin'],
        recipientAgencyIds: ['jugendamt-mitte'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    await t.http
      .get(`/api/cases/${caseId}`)
      .set(await t.as('clara.youth', 'coordination'))
      .expect(200);
  };

  it('the person asks; the officer sees it due in a month and refuses it for a retention duty; the person sees why', async () => {
    const caseId = await lenasCase();
    const before = await t.persistence.audit.size();
    const filed = await t.http
      .post(`/api/me/cases/${caseId}/erasure-requests`)
      .set(lena)
      .send({ scope: 'case', ground: 'no_longer_necessary' })
      .expect(201);
    const { requestId, dueAt } = filed.body as { requestId: string; dueAt: string };
    const received = new Date(Date.parse(dueAt));
    received.setUTCMonth(received.getUTCMonth() - 1);
    expect(Math.abs(Date.now() - received.getTime())).toBeLessThan(3 * 24 * 3600 * 1000);
    const [entry] = (await entriesSince(before)).filter((e) => e.route === 'POST /api/me/cases/{id}/erasure-requests');
    expect(entry).toMatchObject({ decision: 'permit', outcome: 201, caseRef: caseId, actor: { role: 'participant' } });

    // Bad input: 400 problem+json with a stable code, nothing recorded.
    const events = (await eventTypes(caseId)).length;
    expect(
      problem(await t.http.post(`/api/me/cases/${caseId}/erasure-requests`).set(lena).send({ scope: 'everything' })),
    ).toMatchObject({ status: 400, problem: true });
    expect(
      problem(
        await t.http
          .post(`/api/me/cases/${caseId}/erasure-requests`)
          .set(lena)
          .send({ scope: 'case', ground: 'Ich will das nicht' }),
      ),
    ).toMatchObject({ status: 400, problem: true });
    // One open request at a time.
    expect(
      problem(await t.http.post(`/api/me/cases/${caseId}/erasure-requests`).set(lena).send({ scope: 'case' })),
    ).toEqual({ status: 409, code: 'ERASURE.REQUEST_ALREADY_OPEN', problem: true });
    expect((await eventTypes(caseId)).length).toBe(events);

    const open = (await t.http.get('/api/dpo/erasure-requests').set(frieda).expect(200)).body as {
      items: RequestView[];
    };
    expect(open.items.find((r) => r.requestId === requestId)).toMatchObject({
      status: 'open',
      channel: 'participant',
      dueAt,
      overdue: false,
    });
    expect(problem(await t.http.get('/api/dpo/erasure-requests').set(anna))).toMatchObject({
      status: 403,
      problem: true,
    });

    // Only the lead agency's officer decides; a bad decision is a 400, not a 500.
    expect(
      problem(await decide(caseId, requestId, { decision: 'granted', reason: 'no_longer_necessary' }, anna)),
    ).toEqual({ status: 403, code: 'ERASURE.DPO_ONLY', problem: true });
    expect(
      problem(await decide(caseId, requestId, { decision: 'refused_retention_duty', reason: 'retention_duty' })),
    ).toEqual({ status: 400, code: 'ERASURE.DECISION_INVALID', problem: true });
    expect(
      problem(
        await decide(caseId, requestId, {
          decision: 'refused_retention_duty',
          reason: 'retention_duty',
          retentionClass: 'no-such-class',
        }),
      ),
    ).toEqual({ status: 400, code: 'ERASURE.DECISION_INVALID', problem: true });
    // A class of another legal domain (health) does not bind a Jobcenter file (sgb_ii).
    expect(
      problem(
        await decide(caseId, requestId, {
          decision: 'refused_retention_duty',
          reason: 'retention_duty',
          retentionClass: 'health-record',
        }),
      ),
    ).toEqual({ status: 400, code: 'ERASURE.DECISION_INVALID', problem: true });
    expect(problem(await decide(caseId, requestId, { decision: 'perhaps', reason: 'retention_duty' }))).toMatchObject({
      status: 400,
      problem: true,
    });

    const refused = await decide(caseId, requestId, {
      decision: 'refused_retention_duty',
      reason: 'retention_duty',
      retentionClass: 'sgb2-file',
    }).expect(201);
    expect(refused.body).toMatchObject({
      status: 'refused',
      decision: { decision: 'refused_retention_duty', retentionClass: 'sgb2-file' },
    });
    expect(problem(await decide(caseId, requestId, { decision: 'granted', reason: 'no_longer_necessary' }))).toEqual({
      status: 409,
      code: 'ERASURE.REQUEST_ALREADY_DECIDED',
      problem: true,
    });

    const [mine] = await myRequests(caseId);
    expect(mine).toMatchObject({
      requestId,
      status: 'refused',
      decision: { decision: 'refused_retention_duty', reason: 'retention_duty', retentionClass: 'sgb2-file' },
      executedAt: null,
    });
    expect(mine?.decision?.legalSource).toContain('§ 84 Abs. 2 SGB X with § 45 Abs. 3 SGB X');
    // Decided: no longer among the officer's open requests; the data are still there.
    const still = (await t.http.get('/api/dpo/erasure-requests').set(frieda).expect(200)).body as {
      items: RequestView[];
    };
    expect(still.items.map((r) => r.requestId)).not.toContain(requestId);
    expect(await eventTypes(caseId)).not.toContain('ParticipantDataErased');
  });

  it('staff record a request; granted, it is carried out at once: key gone, ParticipantDataErased, confirmed; recipients told', async () => {
    const caseId = await lenasCase();
    await readByTheYouthOffice(caseId);

    expect(
      problem(await t.http.post(`/api/cases/${caseId}/erasure-requests`).set(frieda).send({ scope: 'case' })),
    ).toEqual({ status: 403, code: 'ERASURE.DPO_ONLY', problem: true });
    const recorded = await t.http
      .post(`/api/cases/${caseId}/erasure-requests`)
      .set(anna)
      .send({ scope: 'case', ground: 'consent_withdrawn' })
      .expect(201);
    const { requestId } = recorded.body as { requestId: string };
    const participantId = (await t.allEvents()).find((e) => e.streamId === `case-${caseId}` && e.type === 'CaseOpened')
      ?.data as { participantId: string };

    const granted = await decide(caseId, requestId, { decision: 'granted', reason: 'consent_withdrawn' }).expect(201);
    expect(granted.body).toMatchObject({ status: 'executed', decision: { decision: 'granted', retentionClass: null } });
    expect(await t.persistence.subjectKeys.keysFor([participantId.participantId])).toEqual(new Map());
    const types = await eventTypes(caseId);
    expect(types.slice(-4)).toEqual([
      'ErasureRequestDecided',
      'ParticipantDataErased',
      'RecipientsNotified',
      'ErasureRequestExecuted',
    ]);
    const notified = (await t.allEvents()).find(
      (e) => e.streamId === `case-${caseId}` && e.type === 'RecipientsNotified',
    );
    expect(notified?.data).toMatchObject({ trigger: 'participant_erased', agencyIds: ['jugendamt-mitte'] });

    // The person sees the confirmation.
    const [mine] = await myRequests(caseId);
    expect(mine).toMatchObject({ requestId, channel: 'staff', status: 'executed', decision: { decision: 'granted' } });
    expect(mine?.executedAt).not.toBeNull();

    // The access reports: a line per recipient told.
    const report = (await t.http.get(`/api/cases/${caseId}/access-report`).set(frieda).expect(200)).body as {
      notifications: { recipient: { id: string }; line: string }[];
    };
    expect(report.notifications).toHaveLength(1);
    expect(report.notifications[0]?.recipient.id).toBe('jugendamt-mitte');
    expect(report.notifications[0]?.line).toMatch(/^Mitteilung nach Art\. 19 DSGVO an .+ am .+: Löschung Ihrer Daten$/);
    const page = await t.http
      .get(`/api/cases/${caseId}/access-report`)
      .set({ ...frieda, accept: 'text/html' })
      .expect(200);
    expect(page.text).toContain('Mitteilung nach Art. 19 DSGVO an');
    const accesses = (await t.http.get(`/api/me/cases/${caseId}/accesses`).set(lena).expect(200)).body as {
      notifications: { line: string }[];
    };
    expect(accesses.notifications.map((n) => n.line)).toEqual(report.notifications.map((n) => n.line));

    // Erased: no new request.
    expect(
      problem(await t.http.post(`/api/me/cases/${caseId}/erasure-requests`).set(lena).send({ scope: 'case' })),
    ).toEqual({ status: 409, code: 'ERASURE.ALREADY_ERASED', problem: true });
  });

  it('restricted instead: the decision restricts the case (CaseRestricted), the person sees it', async () => {
    const caseId = await lenasCase();
    const requestId = await fileRequest(caseId, { scope: ['contacts', 'health'] });
    const decided = await decide(caseId, requestId, {
      decision: 'restricted_instead',
      reason: 'retention_duty',
      retentionClass: 'sgb2-sensitive',
    }).expect(201);
    expect(decided.body).toMatchObject({
      status: 'restricted',
      decision: { decision: 'restricted_instead', retentionClass: 'sgb2-sensitive' },
    });
    const restricted = (await t.allEvents()).find(
      (e) => e.streamId === `case-${caseId}` && e.type === 'CaseRestricted',
    );
    expect(restricted?.data).toMatchObject({
      scope: ['contacts', 'health'],
      reason: 'erasure_barred_by_retention',
      decidedBy: 'frieda.dpo',
    });
    expect(await eventTypes(caseId)).not.toContain('ParticipantDataErased');
    const cases = (await t.http.get('/api/me/cases').set(lena).expect(200)).body as {
      items: { caseId?: string; id?: string; restriction: unknown }[];
    };
    const mine = cases.items.find((c) => (c.caseId ?? c.id) === caseId);
    expect(mine?.restriction).toMatchObject({ scope: ['contacts', 'health'], reason: 'erasure_barred_by_retention' });
    expect((await myRequests(caseId))[0]).toMatchObject({ status: 'restricted' });
  });

  it('refuses a scope of neither form with one message naming both forms', async () => {
    const caseId = await lenasCase();
    for (const body of [{}, { scope: 'everything' }, { scope: [] }, { scope: ['health', 'health'] }]) {
      const response = await t.http.post(`/api/cases/${caseId}/erasure-requests`).set(anna).send(body);
      expect(response.body).toMatchObject({
        status: 400,
        code: 'REQUEST.VALIDATION',
        errors: [{ field: 'scope', messages: [expect.stringMatching(/^scope must be "case" or a non-empty list/)] }],
      });
    }
  });

  it('a category scope granted: only those categories are erased (CategoryDataErased), the rest stays readable; recipients told', async () => {
    const caseId = await lenasCase();
    await readByTheYouthOffice(caseId);
    const participantId = (
      (await t.allEvents()).find((e) => e.streamId === `case-${caseId}` && e.type === 'CaseOpened')?.data as {
        participantId: string;
      }
    ).participantId;
    const requestId = await fileRequest(caseId, { scope: ['finances'] });
    const granted = await decide(caseId, requestId, { decision: 'granted', reason: 'no_longer_necessary' }).expect(201);
    expect(granted.body).toMatchObject({ status: 'executed', decision: { decision: 'granted' } });
    const types = await eventTypes(caseId);
    expect(types.slice(-4)).toEqual([
      'ErasureRequestDecided',
      'CategoryDataErased',
      'RecipientsNotified',
      'ErasureRequestExecuted',
    ]);
    const events = (await t.allEvents()).filter((e) => e.streamId === `case-${caseId}`);
    expect(events.find((e) => e.type === 'CategoryDataErased')?.data).toMatchObject({ categories: ['finances'] });
    expect(events.find((e) => e.type === 'RecipientsNotified')?.data).toMatchObject({
      trigger: 'categories_erased',
      categories: ['finances'],
      agencyIds: ['jugendamt-mitte'],
    });
    // The participant's own key is still there: identity and the rest stay readable.
    expect([...(await t.persistence.subjectKeys.keysFor([`${participantId}#identity`])).keys()]).toEqual([
      `${participantId}#identity`,
    ]);
    const read = (await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200)).body as {
      participant: { familyName: unknown };
    };
    expect(typeof read.participant.familyName).toBe('string');
    expect(await t.persistence.subjectKeys.isErased(`${participantId}#finances`)).toBe(true);
    expect(await eventTypes(caseId)).not.toContain('ParticipantDataErased');
    expect((await myRequests(caseId))[0]).toMatchObject({ status: 'executed' });
  });
});
