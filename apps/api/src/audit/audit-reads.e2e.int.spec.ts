import { type AuditRecord, verifyLog } from '@fallverbund/audit-log';
import { type TestApp, PROFILES, participant, startTestApp } from '../testing/test-app';

/** Issue 5, first part: reads, lists and refusals are audited, and a read fails closed. */
describe.each(PROFILES)('audited reads (%s)', (profile) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterAll(() => t.close());

  const as = (userId: string, purpose: string) => t.as(userId, purpose);
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
      // The list holds every case whose identity the reader may read: one entry for the case, on the consent.
      {
        action: 'list',
        caseRef: id,
        categories: ['identity'],
        legalBasis: [`consent:${consentId}`],
        decision: 'permit',
        outcome: 200,
      },
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
      i === 1 && r.entry ? { ...r, entry: { ...r.entry, purpose: 'forged-purpose' } } : r,
    );
    expect(await verifyLog(forged)).toMatchObject({ valid: false, firstBadIndex: 1 });
  });

  it('fails closed: with the audit log unwritable, a read answers 503 and shows nothing', async () => {
    const anna = await as('anna.coach', 'integration');
    const id = ((await t.http.post('/api/cases').set(anna).send({ participant }).expect(201)).body as { id: string })
      .id;
    // Where an entry becomes durable: PostgreSQL queues it for the sequencer, SQLite appends at once.
    const written = t.location.pool ? 'audit_log_queue' : 'audit_log';
    const table = t.location.schema ? `"${t.location.schema}".${written}` : written;
    const rename = (from: string, to: string) =>
      t.location.pool
        ? t.location.pool.query(`ALTER TABLE ${from} RENAME TO ${to}`)
        : t.persistence.readModelLock.run(() => t.persistence.dataSource.query(`ALTER TABLE ${from} RENAME TO ${to}`));
    await rename(table, `${written}_away`);
    try {
      const refused = await t.http.get(`/api/cases/${id}`).set(anna).expect(503);
      expect(refused.body).toMatchObject({ code: 'AUDIT.UNAVAILABLE', status: 503 });
      expect(JSON.stringify(refused.body)).not.toContain(participant.familyName);
      const list = await t.http.get('/api/cases').set(anna).expect(503);
      expect(JSON.stringify(list.body)).not.toContain(participant.familyName);
      // A refusal before any decision (no token, no purpose) is answered only once it is on record.
      for (const probe of [
        t.http.get(`/api/cases/${id}`),
        t.http.get(`/api/cases/${id}`).set(anna).unset('x-purpose'),
      ]) {
        const response = await probe;
        expect([response.status, (response.body as { code: string }).code]).toEqual([503, 'AUDIT.UNAVAILABLE']);
      }
    } finally {
      await rename(t.location.schema ? `"${t.location.schema}".${written}_away` : `${written}_away`, written);
    }
    await t.http.get(`/api/cases/${id}`).set(anna).expect(200);
  });
});

describe.each(PROFILES)('audited writes (%s)', (profile) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterAll(() => t.close());

  it('commits a write and its audit entry together, and records a refused write', async () => {
    const anna = { authorization: `Bearer ${await t.token('anna.coach')}`, 'x-purpose': 'health_promotion' };
    const id = ((await t.http.post('/api/cases').set(anna).send({ participant }).expect(201)).body as { id: string })
      .id;
    await t.http.post(`/api/cases/${id}/health-notes`).set(anna).send({ text: 'Termin beim Facharzt' }).expect(201);
    const clara = { authorization: `Bearer ${await t.token('clara.youth')}`, 'x-purpose': 'coordination' };
    await t.http.post(`/api/cases/${id}/health-notes`).set(clara).send({ text: 'eingeschleust' }).expect(404);

    const entries = (await t.persistence.audit.read(0, 1000)).map((r) => r.entry);
    expect(entries).toMatchObject([
      { action: 'open_case', caseRef: id, legalBasis: ['team'], decision: 'permit', outcome: 201 },
      {
        action: 'record_health_note',
        caseRef: id,
        categories: ['health'],
        legalBasis: ['team'],
        decision: 'permit',
        outcome: 201,
      },
      { action: 'record_health_note', caseRef: id, actor: { userId: 'clara.youth' }, decision: 'deny', outcome: 404 },
    ]);
    expect(JSON.stringify(entries)).not.toContain('Facharzt');
    // Every event of the case has its entry: nothing was written without being recorded.
    const events = (await t.allEvents()).filter((e) => e.streamId === `case-${id}`);
    expect(events.map((e) => e.type)).toEqual(['CaseOpened', 'HealthNoteRecorded']);
  });

  it('records each of many writes at once with exactly one entry (PostgreSQL: appends in batches)', async () => {
    const anna = { authorization: `Bearer ${await t.token('anna.coach')}`, 'x-purpose': 'integration' };
    const ids = await Promise.all(Array.from({ length: 16 }, () => t.openCase(anna)));
    const before = (await t.persistence.audit.read(0, 100_000)).length;
    const answers = await Promise.all(
      ids.map((id) =>
        t.http
          .post(`/api/cases/${id}/contacts`)
          .set(anna)
          .send({ kind: 'office', occurredAt: new Date().toISOString(), durationMinutes: 30 }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual(ids.map(() => 201));
    const contacts = (await t.allEvents()).filter((e) => e.type === 'ContactRecorded');
    expect(contacts.map((e) => e.streamId).sort()).toEqual(ids.map((id) => `case-${id}`).sort());
    const entries = (await t.persistence.audit.read(before, 100_000)).map((r) => r.entry);
    expect(entries.map((e) => [e?.action, e?.caseRef, e?.outcome]).sort()).toEqual(
      ids.map((id) => ['record_contact', id, 201]).sort(),
    );
  });

  it('appends nothing when the audit entry cannot be written', async () => {
    const anna = { authorization: `Bearer ${await t.token('anna.coach')}`, 'x-purpose': 'integration' };
    const id = ((await t.http.post('/api/cases').set(anna).send({ participant }).expect(201)).body as { id: string })
      .id;
    const before = (await t.allEvents()).length;
    // Where an entry becomes durable: PostgreSQL queues it for the sequencer, SQLite appends at once.
    const written = t.location.pool ? 'audit_log_queue' : 'audit_log';
    const table = t.location.schema ? `"${t.location.schema}".${written}` : written;
    const rename = (from: string, to: string) =>
      t.location.pool
        ? t.location.pool.query(`ALTER TABLE ${from} RENAME TO ${to}`)
        : t.persistence.readModelLock.run(() => t.persistence.dataSource.query(`ALTER TABLE ${from} RENAME TO ${to}`));
    await rename(table, `${written}_away`);
    try {
      const response = await t.http.post(`/api/cases/${id}/team-members`).set(anna).send({ userId: 'ben.lead' });
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ code: 'AUDIT.UNAVAILABLE' });
      expect((await t.allEvents()).length).toBe(before);
    } finally {
      await rename(t.location.schema ? `"${t.location.schema}".${written}_away` : `${written}_away`, written);
    }
  });
});
