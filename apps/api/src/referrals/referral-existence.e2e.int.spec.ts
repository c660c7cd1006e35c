import { type AuditEntry } from '@fallverbund/audit-log';
import { type Response } from 'supertest';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

/**
 * A referral the caller may not know (one to another partner) answers on every referral route
 * exactly like one that does not exist: 404 REFERRAL.NOT_FOUND, recorded as a deny entry. WRONG_SIDE
 * is left for a caller who sees the referral.
 */
describe.each(PROFILES)('referral existence (%s)', (profile) => {
  let t: TestApp;
  let caseId: string;
  let ownReferralId: string;
  let otherReferralId: string;
  const randomId = '3f0c2a6e-9b1d-4c8e-a5f7-2d4b6e8a0c1e';

  const routes: Record<string, (referralId: string, as: Record<string, string>) => Promise<Response>> = {
    read: (id, as) => t.http.get(`/api/cases/${caseId}/referrals/${id}`).set(as),
    accept: (id, as) => t.http.post(`/api/cases/${caseId}/referrals/${id}/accept`).set(as),
    decline: (id, as) =>
      t.http.post(`/api/cases/${caseId}/referrals/${id}/decline`).set(as).send({ reason: 'no_capacity' }),
    'first-appointment': (id, as) =>
      t.http
        .post(`/api/cases/${caseId}/referrals/${id}/first-appointment`)
        .set(as)
        .send({ appointmentAt: new Date().toISOString() }),
    complete: (id, as) =>
      t.http.post(`/api/cases/${caseId}/referrals/${id}/complete`).set(as).send({ attended: true, goalReached: true }),
    cancel: (id, as) =>
      t.http.post(`/api/cases/${caseId}/referrals/${id}/cancel`).set(as).send({ reason: 'need_met_elsewhere' }),
  };

  /** The answer and the audit entries a call leaves. */
  const probe = async (call: () => Promise<Response>): Promise<{ response: Response; entries: AuditEntry[] }> => {
    const before = await t.persistence.audit.size();
    const response = await call();
    const entries = (await t.persistence.audit.read(before, 100)).flatMap((r) => (r.entry ? [r.entry] : []));
    return { response, entries };
  };

  beforeAll(async () => {
    t = await startTestApp(profile);
    const anna = await t.as('anna.coach', 'health_promotion');
    caseId = await t.openCase(anna);
    await t.http
      .post(`/api/cases/${caseId}/consents`)
      .set(anna)
      .send({
        purposes: ['health_promotion'],
        dataCategories: ['identity'],
        recipientAgencyIds: ['suchtberatung-nord', 'sportverein-nord'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    const send = async (partnerAgencyId: string): Promise<string> =>
      (
        (
          await t.http
            .post(`/api/cases/${caseId}/referrals`)
            .set(anna)
            .send({
              partnerAgencyId,
              purpose: 'health_promotion',
              sharedCategories: ['identity'],
              reason: 'Bewegungsangebot und Beratung',
            })
            .expect(201)
        ).body as { id: string }
      ).id;
    ownReferralId = await send('suchtberatung-nord');
    otherReferralId = await send('sportverein-nord');
  });
  afterAll(() => t.close());

  it('answers 404 REFERRAL.NOT_FOUND for a referral to another partner and for an unknown id, on every route, each recorded', async () => {
    const emil = await t.as('emil.counsel', 'health_promotion');
    // Emil works on the case through his own referral.
    expect((await routes['read']!(ownReferralId, emil)).status).toBe(200);
    const events = (await t.allEvents()).length;
    for (const [name, call] of Object.entries(routes)) {
      const answers = [];
      for (const referralId of [otherReferralId, randomId]) {
        const { response, entries } = await probe(() => call(referralId, emil));
        const body = response.body as { status: number; code: string; type: string; title: string };
        answers.push({ status: response.status, code: body.code, type: body.type, title: body.title });
        expect([name, entries]).toMatchObject([
          name,
          [{ caseRef: caseId, decision: 'deny', outcome: 404, actor: { userId: 'emil.counsel' } }],
        ]);
      }
      expect([name, answers[0]]).toEqual([name, answers[1]]);
      expect([name, answers[0]]).toMatchObject([name, { status: 404, code: 'REFERRAL.NOT_FOUND' }]);
    }
    expect((await t.allEvents()).length).toBe(events);
  });

  it('keeps REFERRAL.WRONG_SIDE for a caller who sees the referral', async () => {
    const anna = await t.as('anna.coach', 'health_promotion');
    const emil = await t.as('emil.counsel', 'health_promotion');
    for (const [call, as] of [
      [routes['accept']!(otherReferralId, anna), 'anna'],
      [routes['cancel']!(ownReferralId, emil), 'emil'],
    ] as const) {
      const response = await call;
      expect([as, response.status, (response.body as { code: string }).code]).toEqual([as, 403, 'REFERRAL.WRONG_SIDE']);
    }
  });
});
