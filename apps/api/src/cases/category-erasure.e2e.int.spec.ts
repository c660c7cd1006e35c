import {
  ChildProtectionDeclarationRow,
  ContactRow,
  ErasureService,
  HealthNoteRow,
  PlanVersionRow,
  ProjectionRunner,
} from '@fallverbund/cases-application';
import { categoryKeyId, ENVELOPE, envelopeKeyIds, openEnvelope, type PersonalEnvelope } from '@fallverbund/event-store';
import { type Actor, ERASED } from '@fallverbund/kernel';
import { declareChildProtection } from '../testing/child-protection';
import { rawContent } from '../testing/raw-content';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const person = { givenName: 'Wendelin', familyName: 'Kraxelhuber', birthDate: '1979-03-14' };
const texts = {
  contact: 'Bewerbungsmappe bei Firma Zangerle besprochen',
  planGoal: 'Teilzeitstelle als Gärtner bei Zangerle finden',
  healthGoal: 'Bandscheibenvorfall mit Dr. Quirinus behandeln',
  healthNote: 'Befund Quirinus: Lendenwirbel L4 entzündet',
};
const healthTexts = [texts.healthGoal, texts.healthNote];
const frieda: Actor = {
  userId: 'frieda.dpo',
  displayName: 'frieda.dpo',
  role: 'data_protection_officer',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
};
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

interface Answers {
  readonly caseView: unknown;
  readonly contacts: unknown;
  readonly plan: unknown;
  readonly version: unknown;
}

/** Keys per data category (issue 17): one category erased, the rest of the file kept, on both databases. */
describe.each(PROFILES)('erasure of data categories (%s)', (profile) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(profile);
  });
  afterAll(() => t.close());

  it('shows a conference decision of an erased category as an erased item in its place', async () => {
    const anna = await t.as('anna.coach', 'integration');
    const id = await t.openCase(anna, person);
    const scheduled = await t.http
      .post(`/api/cases/${id}/conferences`)
      .set(anna)
      .send({
        topic: 'Hilfeplan abstimmen',
        invitedAgencyIds: ['suchtberatung-nord'],
        plannedFor: new Date(Date.now() + 3_600_000).toISOString(),
      })
      .expect(201);
    const conferenceId = (scheduled.body as { id: string }).id;
    await t.http
      .post(`/api/cases/${id}/conferences/${conferenceId}/minutes`)
      .set(anna)
      .send({
        heldAt: new Date().toISOString(),
        attendees: [
          { agencyId: 'jobcenter-mitte', userIds: ['anna.coach'] },
          { agencyId: 'suchtberatung-nord', userIds: ['emil.counsel'] },
        ],
        sharedCategories: ['case_admin'],
        decisions: ['Nächste Konferenz im März', 'Bewerbungstraining bei Zangerle beginnen'],
        decisionCategories: ['case_admin', 'plan'],
      })
      .expect(201);
    await t.app.get(ErasureService).eraseCategories(id, ['plan'], 'test', frieda, new Date());
    const list = (await t.http.get(`/api/cases/${id}/conferences`).set(anna).expect(200)).body as {
      items: { topic: unknown; decisions: unknown; decisionCategories: unknown }[];
    };
    expect(list.items).toMatchObject([
      {
        topic: 'Hilfeplan abstimmen',
        decisions: ['Nächste Konferenz im März', ERASED],
        decisionCategories: ['case_admin', 'plan'],
      },
    ]);
    expect(JSON.stringify(list)).not.toContain('Zangerle');
  });

  it('erases youth_welfare: a § 8a justification, sealed under its key, reads as erased for the DPO; the identity stays', async () => {
    const anna = await t.as('anna.coach', 'integration');
    const id = await t.openCase(anna, person);
    const justification = 'Kita Zangerle meldet Hämatome am Rücken des Kindes';
    const declaration = await declareChildProtection(t, id, justification);
    expect(await declaration.seen()).toMatchObject({ justification });
    const [event] = (await t.persistence.rawEvents.readStream(`case-${id}`)).filter(
      (e) => e.type === 'ChildProtectionAccessDeclared',
    );
    const participantId = (event?.data as { participantId: string }).participantId;
    const envelope = (event?.data as Record<string, PersonalEnvelope | undefined>)[ENVELOPE];
    expect(envelope && envelopeKeyIds(envelope)).toEqual([categoryKeyId(participantId, 'youth_welfare')]);
    expect(JSON.stringify(event?.data)).not.toContain('Zangerle');

    await t.app.get(ErasureService).eraseCategories(id, ['youth_welfare'], 'test', frieda, new Date());
    expect(await declaration.seen()).toMatchObject({ justification: ERASED });
    const manager = t.persistence.dataSource.manager;
    expect(await manager.findBy(ChildProtectionDeclarationRow, { caseId: id })).toMatchObject([
      { participantId, justification: null, justificationSealed: null },
    ]);
    expect((await t.http.get(`/api/cases/${id}`).set(anna).expect(200)).body).toMatchObject({ participant: person });
  });

  // Last: it stops the projections to rebuild them.
  it('erases health and addiction only: the API, every table and the SQLite files keep no health text', async () => {
    const work = await t.as('anna.coach', 'integration');
    const health = await t.as('anna.coach', 'health_promotion');
    const id = await t.openCase(work, person);
    await t.http
      .post(`/api/cases/${id}/contacts`)
      .set(work)
      .send({ kind: 'office', occurredAt: new Date().toISOString(), durationMinutes: 30, summary: texts.contact })
      .expect(201);
    await t.http
      .post(`/api/cases/${id}/plan/versions`)
      .set(health)
      .send({
        legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
        goals: [
          { goalId: 'g1', lifeArea: 'work', text: texts.planGoal, category: 'plan' },
          { goalId: 'g2', lifeArea: 'health', text: texts.healthGoal, category: 'health' },
        ],
        steps: [
          {
            stepId: 's1',
            goalId: 'g1',
            action: 'Lebenslauf schreiben',
            responsible: 'participant',
            dueDate: inDays(9),
          },
        ],
        participantWords: null,
      })
      .expect(201);
    await t.http.post(`/api/cases/${id}/health-notes`).set(health).send({ text: texts.healthNote }).expect(201);

    const answers = async (): Promise<Answers> => ({
      caseView: (await t.http.get(`/api/cases/${id}`).set(health).expect(200)).body,
      contacts: (await t.http.get(`/api/cases/${id}/contacts`).set(work).expect(200)).body,
      plan: (await t.http.get(`/api/cases/${id}/plan`).set(health).expect(200)).body,
      version: (await t.http.get(`/api/cases/${id}/plan/versions/1`).set(health).expect(200)).body,
    });
    const before = await answers();
    expect(before.caseView).toMatchObject({ participant: person, health: { notes: [{ text: texts.healthNote }] } });
    expect(before.plan).toMatchObject({
      latest: {
        goals: [
          { goalId: 'g1', text: texts.planGoal, category: 'plan' },
          { goalId: 'g2', text: texts.healthGoal, category: 'health' },
        ],
      },
    });
    // Sealed at rest before the erasure too; the search finds what is in clear (the case id), so it can fail.
    const rawBefore = await rawContent(t);
    for (const text of Object.values(texts)) expect(rawBefore).not.toContain(text);
    expect(rawBefore).toContain(id);

    const eraseAt = new Date();
    await t.app
      .get(ErasureService)
      .eraseCategories(id, ['health', 'addiction'], 'rehab-medical ended', frieda, eraseAt);

    const after = await answers();
    // Identity, the contact and the plan goal of category plan stay readable.
    expect(after.caseView).toMatchObject({ participant: person, health: { notes: [{ text: ERASED }] } });
    expect(after.contacts).toMatchObject({ items: [{ summary: texts.contact, summaryCategory: 'contacts' }] });
    const erasedGoals = [
      { goalId: 'g1', lifeArea: 'work', text: texts.planGoal, category: 'plan' },
      { goalId: 'g2', category: 'health', erased: true },
    ];
    expect(after.plan).toMatchObject({ latest: { goals: erasedGoals, steps: [{ stepId: 's1', completed: false }] } });
    expect((after.plan as { latest: { goals: unknown[] } }).latest.goals[1]).toEqual(erasedGoals[1]);
    expect(after.version).toMatchObject({ goals: erasedGoals });
    for (const answer of Object.values(after))
      for (const text of healthTexts) expect(JSON.stringify(answer)).not.toContain(text);

    // The erasure is on the case's record (no personal data in it) and in the audit log.
    const events = (await t.allEvents()).filter((e) => e.streamId === `case-${id}`);
    const erased = events.find((e) => e.type === 'CategoryDataErased');
    expect(erased?.data).toEqual({
      caseId: id,
      participantId: expect.any(String) as string,
      categories: ['health', 'addiction'],
      reason: 'rehab-medical ended',
      erasedBy: 'frieda.dpo',
      erasedAt: eraseAt.toISOString(),
    });
    const participantId = (erased?.data as { participantId: string }).participantId;
    const timeline = (await t.http.get(`/api/cases/${id}/timeline`).set(work).expect(200)).body as {
      items: { type: string; details: Record<string, string> }[];
    };
    expect(timeline.items.find((e) => e.type === 'CategoryDataErased')?.details).toEqual({
      categories: 'health,addiction',
    });
    const audit = (await t.persistence.audit.read(0, 10_000)).map((r) => r.entry);
    expect(audit.find((e) => e?.action === 'erase_category_data' && e.caseRef === id)).toMatchObject({
      caseRef: id,
      actor: { userId: 'frieda.dpo' },
      decision: 'permit',
    });
    const dpo = await t.as('frieda.dpo', 'audit');
    expect((await t.http.get('/api/audit/verify').set(dpo).expect(200)).body).toMatchObject({ valid: true });

    // The key rows are gone: the stored health envelopes no longer open; plan and identity keys remain.
    const keyRows = async (): Promise<string[]> => {
      const sql = t.location.pool
        ? `SELECT subject_id FROM "${t.location.schema}".subject_keys`
        : 'SELECT subject_id FROM subject_keys';
      const rows = t.location.pool
        ? (await t.location.pool.query<{ subject_id: string }>(sql)).rows
        : await t.persistence.dataSource.query<{ subject_id: string }[]>(sql);
      return rows.map((r) => r.subject_id).filter((s) => s.startsWith(participantId));
    };
    expect((await keyRows()).sort()).toEqual(
      ['contacts', 'identity', 'plan'].map((c) => categoryKeyId(participantId, c)).sort(),
    );
    const raw = (await t.persistence.rawEvents.readStream(`case-${id}`)).map(
      (e) => [e.type, (e.data as Record<string, PersonalEnvelope | undefined>)[ENVELOPE]] as const,
    );
    const note = raw.find(([type]) => type === 'HealthNoteRecorded')?.[1];
    const plan = raw.find(([type]) => type === 'PlanVersionDrafted')?.[1];
    expect(note && envelopeKeyIds(note)).toEqual([categoryKeyId(participantId, 'health')]);
    const keys = await t.persistence.subjectKeys.keysFor([...envelopeKeyIds(note!), ...envelopeKeyIds(plan!)]);
    expect(keys.has(categoryKeyId(participantId, 'health'))).toBe(false);
    expect(openEnvelope(note!, keys)).toBeNull();
    expect(openEnvelope(plan!, keys)).toMatchObject({ goals: [{ text: texts.planGoal }, ERASED] });
    // No health text can be recorded on the case again: its key is never re-created (409, not 500).
    const refused = await t.http.post(`/api/cases/${id}/health-notes`).set(health).send({ text: 'neu' }).expect(409);
    expect(refused.body).toMatchObject({ code: 'SUBJECT.ERASED' });
    // The read models dropped the copies that held health texts only.
    const manager = t.persistence.dataSource.manager;
    expect(await manager.findBy(HealthNoteRow, { caseId: id })).toMatchObject([{ textSealed: null }]);
    expect((await manager.findBy(ContactRow, { caseId: id }))[0]?.summarySealed).not.toBeNull();
    expect((await manager.findBy(PlanVersionRow, { caseId: id }))[0]?.contentSealed).not.toBeNull();

    const rawAfter = await rawContent(t);
    for (const text of Object.values(texts)) expect(rawAfter).not.toContain(text);

    // A next version without the erased goal: the difference compares it in neither version, only counts it.
    await t.http
      .post(`/api/cases/${id}/plan/versions`)
      .set(health)
      .send({
        legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
        goals: [{ goalId: 'g1', lifeArea: 'work', text: 'Vollzeitstelle finden', category: 'plan' }],
        steps: [],
        participantWords: null,
      })
      .expect(201);
    const diff = (await t.http.get(`/api/cases/${id}/plan/diff?from=1&to=2`).set(health).expect(200)).body as {
      goals: { removed: unknown[]; changed: { goalId: string }[] };
      erasedTexts?: number;
    };
    expect(diff).toMatchObject({ erasedTexts: 1, goals: { removed: [], changed: [{ goalId: 'g1' }] } });

    // Calling it again changes nothing (the scheduler may).
    const count = (await t.allEvents()).length;
    await t.app.get(ErasureService).eraseCategories(id, ['health'], 'rehab-medical ended', frieda, new Date());
    expect((await t.allEvents()).length).toBe(count);

    // A rebuild of the read models from the log gives the same answers.
    const settled = await answers();
    expect(settled.contacts).toEqual(after.contacts);
    const runner = t.app.get(ProjectionRunner);
    await runner.stop();
    await runner.rebuild();
    expect(await answers()).toEqual(settled);
    expect(await manager.findBy(HealthNoteRow, { caseId: id })).toMatchObject([{ textSealed: null }]);
    for (const text of Object.values(texts)) expect(await rawContent(t)).not.toContain(text);
  });
});
