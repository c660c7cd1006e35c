import { type TestApp, PROFILES, participant, startTestApp } from '../testing/test-app';

/** The scenario of the access-policy issue, over HTTP. */
describe.each(PROFILES)('consent across agencies (%s)', (profile) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterAll(() => t.close());

  const as = (userId: string, purpose: string) => t.as(userId, purpose);

  it('lets clara.youth see identity but no health data under a consent, and nothing after its withdrawal', async () => {
    const anna = await as('anna.coach', 'integration');
    const id = ((await t.http.post('/api/cases').set(anna).send({ participant }).expect(201)).body as { id: string })
      .id;
    await t.http
      .post(`/api/cases/${id}/health-notes`)
      .set(await as('anna.coach', 'health_promotion'))
      .send({ text: 'Schlafstörungen, Hausarzt empfiehlt Psychotherapie' })
      .expect(201);

    // Another agency without consent: not even the existence of the case shows.
    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('clara.youth', 'coordination'))
      .expect(404);
    expect(
      (
        (
          await t.http
            .get('/api/cases')
            .set(await as('clara.youth', 'coordination'))
            .expect(200)
        ).body as { items: unknown[] }
      ).items,
    ).toEqual([]);

    const consent = await t.http
      .post(`/api/cases/${id}/consents`)
      .set(anna)
      .send({
        purposes: ['coordination'],
        dataCategories: ['identity', 'plan'],
        recipientAgencyIds: ['jugendamt-mitte'],
        form: 'written',
        grantedBy: 'participant',
        evidenceRef: 'scan-2026-11-25',
      })
      .expect(201);
    const consentId = (consent.body as { id: string }).id;
    await t.http.post(`/api/cases/${id}/team-members`).set(anna).send({ userId: 'clara.youth' }).expect(201);

    const seen = await t.http
      .get(`/api/cases/${id}`)
      .set(await as('clara.youth', 'coordination'))
      .expect(200);
    const body = seen.body as {
      participant?: unknown;
      health?: unknown;
      caseAdmin?: unknown;
      withheld: string[];
      access: { legalBasis: Record<string, string> };
    };
    expect(body.participant).toEqual(participant);
    expect(body.health).toBeUndefined();
    expect(body.caseAdmin).toBeUndefined();
    expect(body.withheld).toEqual(expect.arrayContaining(['health', 'case_admin', 'addiction', 'youth_welfare']));
    expect(body.access.legalBasis).toEqual({ identity: `consent:${consentId}`, plan: `consent:${consentId}` });
    expect(JSON.stringify(seen.body)).not.toContain('Schlafstörungen');

    // Another purpose is refused; so is what the consent does not cover.
    for (const purpose of ['integration', 'health_promotion', 'youth_support', 'evaluation']) {
      await t.http
        .get(`/api/cases/${id}`)
        .set(await as('clara.youth', purpose))
        .expect(404);
    }
    await t.http
      .post(`/api/cases/${id}/health-notes`)
      .set(await as('clara.youth', 'coordination'))
      .send({ text: 'x' })
      .expect(403);

    // The lead team still sees the health note, for a purpose that needs it, with its basis.
    const lead = await t.http
      .get(`/api/cases/${id}`)
      .set(await as('anna.coach', 'health_promotion'))
      .expect(200);
    expect(lead.body).toMatchObject({
      health: { notes: [{ text: 'Schlafstörungen, Hausarzt empfiehlt Psychotherapie' }] },
      access: { legalBasis: { health: 'team' } },
    });
    const forIntegration = await t.http.get(`/api/cases/${id}`).set(anna).expect(200);
    expect((forIntegration.body as { health?: unknown }).health).toBeUndefined();

    await t.http.post(`/api/cases/${id}/consents/${consentId}/withdrawal`).set(anna).expect(201);
    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('clara.youth', 'coordination'))
      .expect(404);
    const consents = await t.http.get(`/api/cases/${id}/consents`).set(anna).expect(200);
    expect(
      (consents.body as { items: { consentId: string; active: boolean; withdrawnAt: string | null }[] }).items,
    ).toMatchObject([{ consentId, active: false, withdrawnAt: expect.any(String) as unknown }]);
  });

  it('keeps secrecy-holder notes to their author unless a consent names the reader', async () => {
    // A health provider leads this case; deniz.psych records a note as a secrecy holder.
    const deniz = await as('deniz.psych', 'rehabilitation');
    const id = (
      (
        await t.http
          .post('/api/cases')
          .set(await as('anna.coach', 'integration'))
          .send({ participant })
          .expect(201)
      ).body as { id: string }
    ).id;
    const anna = await as('anna.coach', 'integration');
    await t.http.post(`/api/cases/${id}/team-members`).set(anna).send({ userId: 'deniz.psych' }).expect(201);
    await t.http
      .post(`/api/cases/${id}/consents`)
      .set(anna)
      .send({
        purposes: ['rehabilitation'],
        dataCategories: ['identity', 'health'],
        recipientAgencyIds: ['praxis-yilmaz'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    await t.http
      .post(`/api/cases/${id}/health-notes`)
      .set(deniz)
      .send({ text: 'Befund: mittelgradige depressive Episode' })
      .expect(201);

    const own = await t.http.get(`/api/cases/${id}`).set(deniz).expect(200);
    expect(own.body).toMatchObject({
      health: { notes: [{ secrecy: true, author: { userId: 'deniz.psych' } }], withheldNotes: 0 },
    });

    // anna's team reads health for rehabilitation? A jobcenter pursues no rehabilitation: refused.
    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('anna.coach', 'rehabilitation'))
      .expect(404);
    const annaHealth = await t.http
      .get(`/api/cases/${id}`)
      .set(await as('anna.coach', 'health_promotion'))
      .expect(200);
    expect(annaHealth.body).toMatchObject({ health: { notes: [], withheldNotes: 1 } });
    expect(JSON.stringify(annaHealth.body)).not.toContain('depressive');
  });

  it('opens child-protection access only by a justified declaration, flagged and listed for the DPO', async () => {
    const id = (
      (
        await t.http
          .post('/api/cases')
          .set(await as('anna.coach', 'integration'))
          .send({ participant })
          .expect(201)
      ).body as { id: string }
    ).id;
    const clara = await as('clara.youth', 'child_protection');

    await t.http.get(`/api/cases/${id}`).set(clara).expect(404);
    const short = await t.http
      .post(`/api/cases/${id}/child-protection-declarations`)
      .set(clara)
      .send({ justification: 'Verdacht' })
      .expect(400);
    expect(short.body).toMatchObject({ code: 'CHILD_PROTECTION.JUSTIFICATION_REQUIRED' });
    await t.http
      .post(`/api/cases/${id}/child-protection-declarations`)
      .set(await as('anna.coach', 'child_protection'))
      .send({ justification: 'Hinweise auf akute Kindeswohlgefährdung' })
      .expect(403);

    const declared = await t.http
      .post(`/api/cases/${id}/child-protection-declarations`)
      .set(clara)
      .send({ justification: 'Meldung der Kita: Hinweise auf akute Kindeswohlgefährdung' })
      .expect(201);
    const declarationId = (declared.body as { id: string }).id;
    const read = await t.http.get(`/api/cases/${id}`).set(clara).expect(200);
    expect((read.body as { access: { legalBasis: Record<string, string> } }).access.legalBasis['identity']).toBe(
      `§8a SGB VIII declaration:${declarationId}`,
    );
    // The log references the declaration; its justification (free text that may name people) stays out.
    const logged = (
      (
        await t.http
          .get(`/api/audit/entries?caseId=${id}&legalBasis=${encodeURIComponent('§8a')}`)
          .set(await as('frieda.dpo', 'audit'))
          .expect(200)
      ).body as { items: { entry: { action: string; legalBasis: string[]; breakGlass: boolean } }[] }
    ).items.map((i) => i.entry);
    expect(logged.map((e) => e.action).sort()).toEqual(['declare_child_protection', 'read']);
    for (const entry of logged) {
      expect(entry).toMatchObject({ legalBasis: [`§8a SGB VIII declaration:${declarationId}`], breakGlass: true });
    }
    const everything = await t.http
      .get(`/api/audit/entries?caseId=${id}&limit=1000`)
      .set(await as('frieda.dpo', 'audit'))
      .expect(200);
    expect(JSON.stringify(everything.body)).not.toContain('Kita');
    // The declaration opens child_protection only, not other purposes.
    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('clara.youth', 'youth_support'))
      .expect(404);

    const listed = await t.http
      .get('/api/child-protection-declarations')
      .set(await as('frieda.dpo', 'audit'))
      .expect(200);
    expect((listed.body as { items: { id: string; caseId: string; active: boolean }[] }).items).toContainEqual(
      expect.objectContaining({
        id: (declared.body as { id: string }).id,
        caseId: id,
        userId: 'clara.youth',
        active: true,
      }),
    );
    await t.http
      .get('/api/child-protection-declarations')
      .set(await as('anna.coach', 'audit'))
      .expect(403);
    // The DPO reads logs, never case content.
    await t.http
      .get(`/api/cases/${id}`)
      .set(await as('frieda.dpo', 'audit'))
      .expect(404);
  });
});
