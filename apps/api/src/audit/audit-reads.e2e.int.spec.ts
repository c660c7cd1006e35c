import { type AuditRecord, verifyLog } from '@fallverbund/audit-log';
import { type TestApp, PROFILES, participant, startTestApp } from '../testing/test-app';

/** Issue 5, first part: reads, lists and refusals are audited, and a read fails closed. */
describe.each(PROFILES)('audited reads (%s)', (profile) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterAll(() => t.close());

  const as = async (userId: string, purpose: string) => ({
    authorization: `Bearer ${await t.token(userId)}`,
    'x-purpose': purpose,
  });
  const records = async (): Promise<AuditRecord[]> => t.persistence.audit.read(0, 100_000);

  it('records permitted and refused reads with their legal basis, and never the content', async () => {
    const anna = await as('anna.coach', 'integration');
    const id = ((await t.http.post('/api/cases').set(anna).send({ participant }).expect(201)).body as { id: string })
      .id;
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
    const before = (await records()).length;

    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('clara.youth', 'coordination'))
      .expect(200);
    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('clara.youth', 'integration'))
      .expect(404);
    await t.http
      .get(`/api/cases/${id}/timeline`)
      .set(await as('clara.youth', 'coordination'))
      .expect(403);
    await t.http
      .get('/api/cases')
      .set(await as('clara.youth', 'coordination'))
      .expect(200);

    const added = (await records()).slice(before).map((r) => r.entry);
    expect(added).toMatchObject([
      {
        actor: { userId: 'clara.youth', agencyId: 'jugendamt-mitte' },
        action: 'read',
        caseRef: id,
        categories: ['identity'],
        purpose: 'coordination',
        legalBasis: [`consent:${consentId}`],
        decision: 'permit',
        outcome: 200,
        disclosure: true,
        breakGlass: false,
      },
      { action: 'read', caseRef: id, purpose: 'integration', legalBasis: [], decision: 'deny', outcome: 404 },
      {
        action: 'read',
        route: 'GET /api/cases/{id}/timeline',
        caseRef: id,
        categories: ['case_admin'],
        decision: 'deny',
        outcome: 403,
      },
      { action: 'list', caseRef: null, categories: [], decision: 'permit', outcome: 200 },
    ]);
    const all = JSON.stringify(await records());
    for (const trace of [participant.familyName, participant.birthDate]) expect(all).not.toContain(trace);
  });

  it('keeps a log that verifies', async () => {
    const all = await records();
    expect(all.length).toBeGreaterThan(3);
    expect(await verifyLog(all)).toMatchObject({ valid: true });
    // Tampering with one entry is found.
    const forged = all.map((r, i) =>
      i === 1 && r.entry ? { ...r, entry: { ...r.entry, decision: 'permit' as const } } : r,
    );
    expect(await verifyLog(forged)).toMatchObject({ valid: false, firstBadIndex: 1 });
  });

  it('fails closed: with the audit log unwritable, a read answers 503 and shows nothing', async () => {
    const anna = await as('anna.coach', 'integration');
    const id = ((await t.http.post('/api/cases').set(anna).send({ participant }).expect(201)).body as { id: string })
      .id;
    const table = t.location.schema ? `"${t.location.schema}".audit_log` : 'audit_log';
    const rename = (from: string, to: string) =>
      t.location.pool
        ? t.location.pool.query(`ALTER TABLE ${from} RENAME TO ${to}`)
        : t.persistence.readModelLock.run(() => t.persistence.dataSource.query(`ALTER TABLE ${from} RENAME TO ${to}`));
    await rename(table, 'audit_log_away');
    try {
      const refused = await t.http.get(`/api/cases/${id}`).set(anna).expect(503);
      expect(refused.body).toMatchObject({ code: 'AUDIT.UNAVAILABLE', status: 503 });
      expect(JSON.stringify(refused.body)).not.toContain(participant.familyName);
      const list = await t.http.get('/api/cases').set(anna).expect(503);
      expect(JSON.stringify(list.body)).not.toContain(participant.familyName);
    } finally {
      await rename(t.location.schema ? `"${t.location.schema}".audit_log_away` : 'audit_log_away', 'audit_log');
    }
    await t.http.get(`/api/cases/${id}`).set(anna).expect(200);
  });
});
