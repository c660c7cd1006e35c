import { type AuditEntry } from '@fallverbund/audit-log';
import { type Response } from 'supertest';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;

/**
 * Purpose binding of disclosures (issue 11): a referral is made for the purpose declared in X-Purpose
 * and shares only what its sender may read under that purpose; its audit entry names the purpose,
 * the categories and the basis of each.
 */
describe.each(PROFILES)('referrals: bound to the declared purpose (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
  });
  afterAll(() => t.close());

  const grantConsent = async (caseId: string, body: object): Promise<string> =>
    (
      (
        await t.http
          .post(`/api/cases/${caseId}/consents`)
          .set(anna)
          .send({ form: 'written', grantedBy: 'participant', ...body })
          .expect(201)
      ).body as { id: string }
    ).id;
  const send = (caseId: string, as: Record<string, string>, body: object): Promise<Response> =>
    t.http
      .post(`/api/cases/${caseId}/referrals`)
      .set(as)
      .send({ reason: 'Unterstützung im Alltag', ...body });
  const entriesSince = async (size: number): Promise<AuditEntry[]> =>
    (await t.persistence.audit.read(size, 1000)).flatMap((r) => (r.entry ? [r.entry] : []));

  /** Refused with status and code as a problem, nothing appended; returns the body and the new audit entries. */
  const refused = async (request: () => Promise<Response>, status: number, code: string) => {
    const [events, size] = [(await t.allEvents()).length, await t.persistence.audit.size()];
    const response = await request();
    expect({ status: response.status, code: (response.body as { code?: string }).code }).toEqual({ status, code });
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect((await t.allEvents()).length).toBe(events);
    return { detail: (response.body as { detail: string }).detail, entries: await entriesSince(size) };
  };

  it('refuses the laundering request: integration declared, youth_support named, youth_welfare shared', async () => {
    const caseId = await t.openCase(anna);
    await grantConsent(caseId, {
      purposes: ['youth_support'],
      dataCategories: ['identity', 'youth_welfare'],
      recipientAgencyIds: ['jugendamt-mitte'],
    });
    const { entries } = await refused(
      () =>
        send(caseId, anna, {
          partnerAgencyId: 'jugendamt-mitte',
          purpose: 'youth_support',
          sharedCategories: ['identity', 'youth_welfare'],
        }),
      403,
      'REFERRAL.PURPOSE_NOT_DECLARED',
    );
    expect(entries).toMatchObject([
      {
        action: 'send_referral',
        caseRef: caseId,
        purpose: 'integration',
        categories: ['referrals', 'identity', 'youth_welfare'],
        legalBasis: [],
        decision: 'deny',
        outcome: 403,
        disclosure: false,
      },
    ]);
    expect(entries[0]).not.toHaveProperty('categoryBasis');
    // Nothing was sent: the youth office reads the case only as far as the consent names it (rule consent),
    // and no referral reaches its inbox.
    const clara = await t.as('clara.youth', 'youth_support');
    const seen = (await t.http.get(`/api/cases/${caseId}`).set(clara).expect(200)).body as {
      access: { legalBasis: Record<string, string> };
    };
    expect(seen.access.legalBasis['identity']).toMatch(/^consent:/);
    expect((await t.http.get('/api/referrals').set(clara).expect(200)).body).toMatchObject({ items: [] });
    expect((await t.http.get(`/api/cases/${caseId}/referrals`).set(anna).expect(200)).body).toEqual({ items: [] });
    // Without the purpose named, integration is no youth-office service and youth_welfare no integration need.
    await refused(
      () => send(caseId, anna, { partnerAgencyId: 'jugendamt-mitte', sharedCategories: ['identity', 'youth_welfare'] }),
      400,
      'REFERRAL.PURPOSE_NOT_SERVED',
    );
    await refused(
      async () =>
        send(caseId, await t.as('anna.coach', 'coordination'), {
          partnerAgencyId: 'jugendamt-mitte',
          sharedCategories: ['identity', 'youth_welfare'],
        }),
      400,
      'REFERRAL.INVALID',
    );
  });

  it('refuses a body purpose that differs from X-Purpose, and takes X-Purpose when the body names none', async () => {
    const caseId = await t.openCase(anna);
    const consentId = await grantConsent(caseId, {
      purposes: ['health_promotion', 'coordination'],
      dataCategories: ['identity', 'addiction'],
      recipientAgencyIds: ['suchtberatung-nord'],
    });
    const annaHp = await t.as('anna.coach', 'health_promotion');
    const body = { partnerAgencyId: 'suchtberatung-nord', sharedCategories: ['identity', 'addiction'] };
    const { entries } = await refused(
      () => send(caseId, annaHp, { ...body, purpose: 'coordination' }),
      403,
      'REFERRAL.PURPOSE_NOT_DECLARED',
    );
    expect(entries).toMatchObject([{ action: 'send_referral', purpose: 'health_promotion', decision: 'deny' }]);

    const size = await t.persistence.audit.size();
    const response = await send(caseId, annaHp, body);
    expect(response.status).toBe(201);
    const referralId = (response.body as { id: string }).id;
    expect(
      (await t.http.get(`/api/cases/${caseId}/referrals/${referralId}`).set(annaHp).expect(200)).body,
    ).toMatchObject({
      purpose: 'health_promotion',
      sharedCategories: ['identity', 'addiction'],
      consentIds: [consentId],
    });
    // The permit names purpose, categories and, per category, the basis the policy decided.
    expect((await entriesSince(size)).filter((e) => e.action === 'send_referral')).toEqual([
      expect.objectContaining({
        purpose: 'health_promotion',
        categories: ['referrals', 'identity', 'addiction'],
        legalBasis: ['team'],
        categoryBasis: { referrals: 'team', identity: 'team', addiction: 'team' },
        decision: 'permit',
        outcome: 201,
      }),
    ]);
    // The partner reads what was shared, for the purpose it was shared for.
    const emil = await t.as('emil.counsel', 'health_promotion');
    expect((await t.http.get(`/api/cases/${caseId}`).set(emil).expect(200)).body).toMatchObject({
      participant: { familyName: 'Beispiel' },
    });
  });

  it('refuses to share a category the sender may not read under the purpose, and names it', async () => {
    const caseId = await t.openCase(anna);
    await t.http.post(`/api/cases/${caseId}/team-members`).set(anna).send({ userId: 'clara.youth' }).expect(201);
    // The youth office is on the team for coordination with identity and referrals, not contacts.
    const claraConsent = await grantConsent(caseId, {
      purposes: ['coordination'],
      dataCategories: ['identity', 'referrals'],
      recipientAgencyIds: ['jugendamt-mitte'],
    });
    const partnerConsent = await grantConsent(caseId, {
      purposes: ['coordination'],
      dataCategories: ['identity', 'contacts'],
      recipientAgencyIds: ['drv-nord', 'suchtberatung-nord'],
    });
    const clara = await t.as('clara.youth', 'coordination');
    const { detail, entries } = await refused(
      () => send(caseId, clara, { partnerAgencyId: 'drv-nord', sharedCategories: ['identity', 'contacts'] }),
      403,
      'REFERRAL.CATEGORIES_NOT_READABLE',
    );
    expect(detail).toContain('contacts');
    expect(detail).not.toContain('identity');
    expect(entries).toMatchObject([
      {
        action: 'send_referral',
        actor: { userId: 'clara.youth' },
        purpose: 'coordination',
        categories: ['referrals', 'identity', 'contacts'],
        decision: 'deny',
        outcome: 403,
      },
    ]);

    // A referral to an addiction service is itself addiction data, which coordination does not reach:
    // refused however little it shares.
    const toAddiction = await refused(
      () => send(caseId, clara, { partnerAgencyId: 'suchtberatung-nord', sharedCategories: ['identity'] }),
      403,
      'REFERRAL.CATEGORIES_NOT_READABLE',
    );
    expect(toAddiction.detail).toContain('addiction');

    // What clara may read she may share; the entry names her consent as the basis of each category.
    const size = await t.persistence.audit.size();
    const response = await send(caseId, clara, {
      partnerAgencyId: 'drv-nord',
      sharedCategories: ['identity'],
    });
    expect(response.status).toBe(201);
    const [entry] = (await entriesSince(size)).filter((e) => e.action === 'send_referral');
    expect(entry).toMatchObject({
      purpose: 'coordination',
      categories: ['referrals', 'identity'],
      legalBasis: [`consent:${claraConsent}`],
      categoryBasis: { referrals: `consent:${claraConsent}`, identity: `consent:${claraConsent}` },
      decision: 'permit',
      disclosure: true,
    });
    // The lead agency reads the referral on the team rule.
    const referral = (
      await t.http
        .get(`/api/cases/${caseId}/referrals/${(response.body as { id: string }).id}`)
        .set(anna)
        .expect(200)
    ).body as { purpose: string; consentIds: string[] };
    expect(referral).toMatchObject({ purpose: 'coordination', consentIds: [partnerConsent] });
  });
});
