import { type TestApp, PROFILES, participant, startTestApp } from '../testing/test-app';

/** Issue 5: the scenario of the consent issue leaves exactly these audit entries, in this order. */
describe.each(PROFILES)('audit trail of the consent scenario (%s)', (profile) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterAll(() => t.close());

  const as = (userId: string, purpose: string) => t.as(userId, purpose);

  it('leaves exactly the expected entries', async () => {
    const anna = await as('anna.coach', 'integration');
    const id = ((await t.http.post('/api/cases').set(anna).send({ participant }).expect(201)).body as { id: string })
      .id;
    await t.http
      .post(`/api/cases/${id}/health-notes`)
      .set(await as('anna.coach', 'health_promotion'))
      .send({ text: 'Schlafstörungen' })
      .expect(201);
    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('clara.youth', 'coordination'))
      .expect(404);
    const consentId = (
      (
        await t.http
          .post(`/api/cases/${id}/consents`)
          .set(anna)
          .send({
            purposes: ['coordination'],
            dataCategories: ['identity', 'plan'],
            recipientAgencyIds: ['jugendamt-mitte'],
            form: 'written',
            grantedBy: 'participant',
          })
          .expect(201)
      ).body as { id: string }
    ).id;
    await t.http.post(`/api/cases/${id}/team-members`).set(anna).send({ userId: 'clara.youth' }).expect(201);
    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('clara.youth', 'coordination'))
      .expect(200);
    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('clara.youth', 'integration'))
      .expect(404);
    await t.http.post(`/api/cases/${id}/consents/${consentId}/withdrawal`).set(anna).expect(201);
    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('clara.youth', 'coordination'))
      .expect(404);

    const entries = (await t.persistence.audit.read(0, 1000)).map((r) => {
      const e = r.entry;
      return (
        e && [
          e.actor.userId,
          e.action,
          e.purpose,
          e.decision,
          e.outcome,
          e.categories.join('+'),
          e.legalBasis.join('+'),
          e.caseRef === id,
        ]
      );
    });
    expect(entries).toEqual([
      ['anna.coach', 'open_case', 'integration', 'permit', 201, 'identity', 'team', true],
      ['anna.coach', 'record_health_note', 'health_promotion', 'permit', 201, 'health', 'team', true],
      ['clara.youth', 'read', 'coordination', 'deny', 404, '', '', true],
      ['anna.coach', 'grant_consent', 'integration', 'permit', 201, 'case_admin', 'team', true],
      ['anna.coach', 'add_team_member', 'integration', 'permit', 201, 'case_admin', 'team', true],
      ['clara.youth', 'read', 'coordination', 'permit', 200, 'identity', `consent:${consentId}`, true],
      ['clara.youth', 'read', 'integration', 'deny', 404, '', '', true],
      ['anna.coach', 'withdraw_consent', 'integration', 'permit', 201, 'case_admin', 'team', true],
      ['clara.youth', 'read', 'coordination', 'deny', 404, '', '', true],
    ]);
  });
});
