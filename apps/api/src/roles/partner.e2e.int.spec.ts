import { type AuditEntry } from '@fallverbund/audit-log';
import { PARTNER_RECORD_BASIS } from '@fallverbund/cases-application';
import { clock } from '../app/clock';
import { PROFILES, startTestApp, type TestApp } from '../testing/test-app';

/**
 * The counselling partner (emil.counsel, Suchtberatung Nord) through his work, as he would find it from
 * the README and the API document alone: the inbox tells him under which purpose to ask, he plans the
 * first appointment and confirms it, completes the referral, keeps it in his own record without access
 * to the case, and sees the conferences his agency is invited to.
 */
const PROBLEM = /^application\/problem\+json/;
const DAY = 86_400_000;

interface InboxBody {
  items: { id: string; caseId: string; status: string }[];
  nextOffset: number | null;
  hiddenByPurpose: { purpose: string; count: number }[];
}

interface RecordBody {
  items: Record<string, unknown>[];
  nextOffset: number | null;
  hiddenByPurpose: { purpose: string; count: number }[];
  legalBasis: string;
}

describe.each(PROFILES)('role: the counselling partner emil.counsel (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let annaHp: Record<string, string>;
  let emilCoordination: Record<string, string>;
  let emil: Record<string, string>;
  let caseId: string;
  let referralId: string;
  let consentId: string;
  const realNow = clock.now;

  const eventCount = async (): Promise<number> => (await t.allEvents()).length;
  /** The participant's written consent: identity and addiction to the addiction service, for health promotion. */
  const grantAddictionConsent = () =>
    t.http
      .post(`/api/cases/${caseId}/consents`)
      .set(anna)
      .send({
        purposes: ['health_promotion'],
        dataCategories: ['identity', 'addiction'],
        recipientAgencyIds: ['suchtberatung-nord'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
  const auditSince = async (before: number): Promise<AuditEntry[]> =>
    (await t.persistence.audit.read(before, 1000)).flatMap((r) => (r.entry ? [r.entry] : []));
  const referralOf = async (headers: Record<string, string>) =>
    (await t.http.get(`/api/cases/${caseId}/referrals/${referralId}`).set(headers).expect(200)).body as Record<
      string,
      unknown
    >;
  const step = (name: string, body: object = {}) =>
    t.http.post(`/api/cases/${caseId}/referrals/${referralId}/${name}`).set(emil).send(body);
  const sendReferral = async (): Promise<string> =>
    (
      (
        await t.http
          .post(`/api/cases/${caseId}/referrals`)
          .set(annaHp)
          .send({
            partnerAgencyId: 'suchtberatung-nord',
            sharedCategories: ['identity', 'addiction'],
            reason: 'Alkoholkonsum gefährdet die Arbeitsaufnahme',
          })
          .expect(201)
      ).body as { id: string }
    ).id;

  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
    annaHp = await t.as('anna.coach', 'health_promotion');
    emilCoordination = await t.as('emil.counsel', 'coordination');
    emil = await t.as('emil.counsel', 'health_promotion');
    caseId = await t.openCase(anna);
    const consent = await grantAddictionConsent();
    consentId = (consent.body as { id: string }).id;
    referralId = await sendReferral();
  });
  afterAll(async () => {
    clock.now = realNow;
    await t.close();
  });
  afterEach(() => {
    clock.now = realNow;
  });

  it('under coordination the inbox is empty but says how many referrals wait under which purpose, naming no case', async () => {
    const inbox = (await t.http.get('/api/referrals').set(emilCoordination).expect(200)).body as InboxBody;
    expect(inbox).toEqual({
      items: [],
      nextOffset: null,
      hiddenByPurpose: [{ purpose: 'health_promotion', count: 1 }],
    });
    expect(JSON.stringify(inbox)).not.toContain(caseId);
    expect(JSON.stringify(inbox)).not.toContain(referralId);

    // Asked under that purpose, the referral is there, and nothing is hidden any more.
    const asked = (await t.http.get('/api/referrals').set(emil).expect(200)).body as InboxBody;
    expect(asked.items.map((r) => r.id)).toEqual([referralId]);
    expect(asked.hiddenByPurpose).toEqual([]);
  });

  it('the hint is the agency’s own: no other agency learns of the referral to the addiction service from it', async () => {
    for (const [userId, purpose] of [
      ['anna.coach', 'coordination'],
      ['clara.youth', 'coordination'],
      ['deniz.psych', 'health_promotion'],
      ['frieda.dpo', 'audit'],
    ] as const) {
      const inbox = (
        await t.http
          .get('/api/referrals')
          .set(await t.as(userId, purpose))
          .expect(200)
      ).body as InboxBody;
      expect({ userId, hidden: inbox.hiddenByPurpose }).toEqual({ userId, hidden: [] });
    }
  });

  it('records a planned first appointment ahead, then confirms it as held; the waiting time counts to the held one', async () => {
    await step('accept').expect(201);
    const sentAt = Date.parse((await referralOf(emil))['sentAt'] as string);
    const plannedAt = new Date(sentAt + 5 * DAY).toISOString();
    const planned = await step('plan-appointment', { appointmentAt: plannedAt }).expect(201);
    expect(planned.body).toMatchObject({ version: expect.any(Number) as number });
    expect(await referralOf(emil)).toMatchObject({
      status: 'accepted',
      plannedAppointmentAt: plannedAt,
      firstAppointmentAt: null,
      waitingDays: null,
    });

    // Not yet held: confirming it before its time is refused and appends nothing.
    const before = await eventCount();
    const early = await step('first-appointment').expect(400);
    expect(early.headers['content-type']).toMatch(PROBLEM);
    expect(early.body).toMatchObject({ code: 'REFERRAL.INVALID' });
    expect(await eventCount()).toBe(before);

    // Missed: planned again for two days later; then held, as planned.
    clock.now = () => new Date(sentAt + 6 * DAY);
    const replanned = new Date(sentAt + 7 * DAY).toISOString();
    await step('plan-appointment', { appointmentAt: replanned, reason: 'missed' }).expect(201);
    clock.now = () => new Date(sentAt + 7 * DAY + 3_600_000);
    await step('first-appointment').expect(201);
    expect(await referralOf(emil)).toMatchObject({
      status: 'first_appointment',
      plannedAppointmentAt: replanned,
      firstAppointmentAt: replanned,
      waitingDays: 7,
    });
  });

  it('completes; the referral stays in his own record (what, when, outcome) while the case stays closed to him', async () => {
    clock.now = () => new Date(Date.now() + 8 * DAY);
    await step('complete', { attended: true, goalReached: true }).expect(201);
    // The help is done: the coach withdraws the consent that named the service.
    await t.http.post(`/api/cases/${caseId}/consents/${consentId}/withdrawal`).set(anna).expect(201);

    // Neither the completed referral nor a consent opens the case to him; the inbox no longer has it.
    expect((await t.http.get(`/api/cases/${caseId}`).set(emil)).status).toBe(404);
    expect((await t.http.get(`/api/cases/${caseId}/referrals/${referralId}`).set(emil)).status).toBe(404);
    expect(((await t.http.get('/api/referrals').set(emil).expect(200)).body as InboxBody).items).toEqual([]);
    // Nor does the hint count it: asking under its purpose would show nothing.
    expect((await t.http.get('/api/referrals').set(emilCoordination).expect(200)).body).toEqual({
      items: [],
      nextOffset: null,
      hiddenByPurpose: [],
    });

    const before = await t.persistence.audit.size();
    const record = (await t.http.get('/api/referrals/record?status=completed').set(emil).expect(200))
      .body as RecordBody;
    expect(record.items).toHaveLength(1);
    const [entry] = record.items;
    expect(entry).toMatchObject({
      referralId,
      purpose: 'health_promotion',
      receivedCategories: ['identity', 'addiction'],
      referringAgency: { agencyId: 'jobcenter-mitte' },
      status: 'completed',
      acceptedAt: expect.any(String) as string,
      firstAppointmentAt: expect.any(String) as string,
      waitingDays: 7,
      completedAt: expect.any(String) as string,
      attestation: { attended: true, goalReached: true },
      declined: null,
      cancelled: null,
    });
    expect(Object.keys(entry ?? {})).not.toContain('caseId');
    expect(Object.keys(entry ?? {})).not.toContain('reason');
    expect(JSON.stringify(record)).not.toContain(caseId);
    expect(JSON.stringify(record)).not.toContain('Alkoholkonsum');
    expect(record.legalBasis).toBe(PARTNER_RECORD_BASIS);
    // On record for the participant's access report: this case, the record's own basis, no disclosure.
    expect(await auditSince(before)).toMatchObject([
      {
        action: 'list',
        route: 'GET /api/referrals/record',
        caseRef: caseId,
        categories: ['referrals'],
        legalBasis: [PARTNER_RECORD_BASIS],
        decision: 'permit',
        disclosure: false,
      },
    ]);

    // Under another purpose the record says where the entry is, as the inbox does.
    const elsewhere = (await t.http.get('/api/referrals/record').set(emilCoordination).expect(200)).body as RecordBody;
    expect(elsewhere).toMatchObject({ items: [], hiddenByPurpose: [{ purpose: 'health_promotion', count: 1 }] });
    // The completed step is still the partner's, the case still not.
    expect((await t.http.get(`/api/cases/${caseId}/contacts`).set(emil)).status).toBe(404);
  });

  it('a declined referral stays in the record too', async () => {
    await grantAddictionConsent();
    referralId = await sendReferral();
    await step('decline', { reason: 'no_capacity' }).expect(201);
    const record = (await t.http.get('/api/referrals/record?status=declined').set(emil).expect(200)).body as RecordBody;
    expect(record.items).toMatchObject([
      {
        referralId,
        status: 'declined',
        declined: { reason: 'no_capacity' },
        receivedCategories: ['identity', 'addiction'],
      },
    ]);
    const all = (await t.http.get('/api/referrals/record').set(emil).expect(200)).body as RecordBody;
    expect(all.items.map((r) => r['status'])).toEqual(['declined', 'completed']);
  });

  it('is refused the record as data protection officer, recorded', async () => {
    const before = await t.persistence.audit.size();
    const refused = await t.http
      .get('/api/referrals/record')
      .set(await t.as('frieda.dpo', 'audit'))
      .expect(403);
    expect(refused.body).toMatchObject({ code: 'ACCESS.DENIED' });
    expect(await auditSince(before)).toMatchObject([{ route: 'GET /api/referrals/record', decision: 'deny' }]);
  });

  it('lists the conferences his agency is invited to, pseudonymised until the participant agrees', async () => {
    const conferenceId = (
      (
        await t.http
          .post(`/api/cases/${caseId}/conferences`)
          .set(anna)
          .send({
            topic: 'Anbindung an die Suchtberatung',
            invitedAgencyIds: ['suchtberatung-nord', 'jugendamt-mitte'],
            plannedFor: new Date(Date.now() + 3 * DAY).toISOString(),
          })
          .expect(201)
      ).body as { id: string }
    ).id;
    const emilConference = await t.as('emil.counsel', 'case_conference');
    const invitations = (await t.http.get('/api/conferences/invitations').set(emilConference).expect(200)).body as {
      items: Record<string, unknown>[];
      nextOffset: number | null;
    };
    expect(invitations.items).toEqual([
      expect.objectContaining({ id: conferenceId, identified: false, participantAgreed: null, held: false }),
    ]);
    const [item] = invitations.items;
    expect(item).not.toHaveProperty('caseId');
    expect(item).not.toHaveProperty('participant');
    expect(JSON.stringify(invitations)).not.toContain('Anbindung');
    expect(JSON.stringify(invitations)).not.toContain('Beispiel');

    // Not invited: nothing; another purpose: refused.
    const notInvited = await t.http
      .get('/api/conferences/invitations')
      .set(await t.as('deniz.psych', 'case_conference'))
      .expect(200);
    expect(notInvited.body).toEqual({ items: [], nextOffset: null });
    const otherPurpose = await t.http.get('/api/conferences/invitations').set(emil).expect(403);
    expect(otherPurpose.body).toMatchObject({ code: 'ACCESS.DENIED' });
  });
});
