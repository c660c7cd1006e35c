import {
  ChildProtectionDeclarationRow,
  ContactCorrectionRow,
  ContactRow,
  ErasureService,
  ProjectionRunner,
} from '@fallverbund/cases-application';
import { type Actor, ERASED } from '@fallverbund/kernel';
import { declareChildProtection } from '../testing/child-protection';
import { rawContent } from '../testing/raw-content';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const person = { givenName: 'Zephyrine', familyName: 'Quastenflosser', birthDate: '1987-06-05' };
const contactTexts = {
  summary: 'Schuldnerberatung Ostwindhafen vereinbart',
  corrected: 'Schuldnerberatung Nordwindhafen vereinbart',
  reason: 'Ort der Beratung verwechselt, Kwartelbeck',
};
// A § 8a justification is free text about the child (youth_welfare), sealed like the rest.
const justification = 'Kita Fliederweg meldet Hämatome am Arm, Zwirbeltal';
const traces = [person.givenName, person.familyName, person.birthDate, ...Object.values(contactTexts), justification];
const frieda: Actor = {
  userId: 'frieda.dpo',
  displayName: 'frieda.dpo',
  role: 'data_protection_officer',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
};

describe.each(PROFILES)('erasure by crypto-shredding (%s)', (profile) => {
  let t: TestApp;
  afterAll(() => t.close());

  it('leaves neither database nor API answer with the name, birth date or contact texts, and replay still works', async () => {
    t = await startTestApp(profile);
    const anna = await t.token('anna.coach');
    const headers = { authorization: `Bearer ${anna}`, 'x-purpose': 'integration' };
    const opened = await t.http.post('/api/cases').set(headers).send({ participant: person }).expect(201);
    const id = (opened.body as { id: string }).id;
    await t.http.post(`/api/cases/${id}/team-members`).set(headers).send({ userId: 'clara.youth' }).expect(201);
    const other = await t.http
      .post('/api/cases')
      .set(headers)
      .send({ participant: { givenName: 'Otto', familyName: 'Bleibt', birthDate: '1970-01-01' } })
      .expect(201);

    const contact = await t.http
      .post(`/api/cases/${id}/contacts`)
      .set(headers)
      .send({
        kind: 'office',
        occurredAt: new Date().toISOString(),
        durationMinutes: 30,
        summary: contactTexts.summary,
      })
      .expect(201);
    const contactId = (contact.body as { id: string }).id;
    await t.http
      .post(`/api/cases/${id}/contacts/${contactId}/corrections`)
      .set(headers)
      .send({ durationMinutes: 45, summary: contactTexts.corrected, reason: contactTexts.reason })
      .expect(201);
    expect((await t.http.get(`/api/cases/${id}/contacts`).set(headers).expect(200)).body).toMatchObject({
      items: [
        {
          id: contactId,
          summary: contactTexts.corrected,
          original: { summary: contactTexts.summary },
          corrections: [{ changes: { summary: contactTexts.corrected }, reason: contactTexts.reason }],
        },
      ],
    });

    const declaration = await declareChildProtection(t, id, justification);
    expect(await declaration.seen()).toMatchObject({ justification });

    // Personal data are sealed everywhere at rest, before erasure too; the search itself finds
    // what is stored in clear (the other case's id), so it can fail.
    const before = await rawContent(t);
    for (const trace of traces) expect(before).not.toContain(trace);
    expect(before).toContain((other.body as { id: string }).id);
    expect((await t.http.get(`/api/cases/${id}`).set(headers).expect(200)).body).toMatchObject({ participant: person });

    const { participantId } = await t.app
      .get(ErasureService)
      .eraseParticipant(id, 'retention period ended', frieda, new Date());

    const answers = [
      await t.http.get(`/api/cases/${id}`).set(headers).expect(200),
      await t.http.get('/api/cases').set(headers).expect(200),
      await t.http.get(`/api/cases/${id}/timeline`).set(headers).expect(200),
      await t.http.get(`/api/cases/${id}/contacts`).set(headers).expect(200),
      await declaration.list(),
    ].map((r) => JSON.stringify(r.body));
    for (const answer of answers) for (const trace of traces) expect(answer).not.toContain(trace);
    expect((await t.http.get(`/api/cases/${id}`).set(headers)).body).toMatchObject({
      participant: { erased: true },
      // … the declaration, ParticipantDataErased, and RecipientsNotified (Art. 19: the § 8a declarant received data).
      version: 7,
    });
    expect(await declaration.seen()).toMatchObject({ justification: ERASED });
    const erasedContacts = {
      items: [
        {
          id: contactId,
          durationMinutes: 45,
          summary: ERASED,
          original: { durationMinutes: 30, summary: ERASED },
          corrections: [{ changes: { durationMinutes: 45, summary: ERASED }, reason: ERASED }],
        },
      ],
    };
    expect((await t.http.get(`/api/cases/${id}/contacts`).set(headers).expect(200)).body).toMatchObject(erasedContacts);
    // The read models drop the sealed summary and reason at once, not only when the projection catches up.
    const manager = t.persistence.dataSource.manager;
    expect(await manager.findBy(ContactRow, { caseId: id })).toMatchObject([{ summarySealed: null }]);
    expect(await manager.findBy(ContactCorrectionRow, { caseId: id })).toMatchObject([{ sealed: null }]);
    expect(await manager.findBy(ChildProtectionDeclarationRow, { caseId: id })).toMatchObject([
      { justification: null, justificationSealed: null },
    ]);

    const after = await rawContent(t);
    for (const trace of traces) expect(after).not.toContain(trace);
    expect(after).toContain((other.body as { id: string }).id);
    // The key is gone: the sealed identity can no longer be opened by anyone.
    expect(await t.persistence.subjectKeys.keysFor([participantId])).toEqual(new Map());

    // Replay from zero: the log is intact and shows the fields as erased; the other case is untouched.
    const runner = t.app.get(ProjectionRunner);
    await runner.stop();
    const { events } = await runner.rebuild();
    expect(events).toBe((await t.allEvents()).length);
    const rebuilt = await t.http.get(`/api/cases/${id}`).set(headers).expect(200);
    expect(rebuilt.body).toMatchObject({
      participant: { erased: true },
      caseAdmin: { team: [{ userId: 'anna.coach' }, { userId: 'clara.youth' }] },
    });
    const untouched = await t.http
      .get(`/api/cases/${(other.body as { id: string }).id}`)
      .set(headers)
      .expect(200);
    expect(untouched.body).toMatchObject({ participant: { familyName: 'Bleibt' } });
    const opened2 = (await t.allEvents()).find(
      (e) => e.type === 'CaseOpened' && (e.data as { caseId: string }).caseId === id,
    );
    expect(opened2?.data).toMatchObject({ participant: { erased: true } });
    expect((await t.http.get(`/api/cases/${id}/contacts`).set(headers).expect(200)).body).toMatchObject(erasedContacts);
    expect(await manager.findBy(ContactRow, { caseId: id })).toMatchObject([{ summarySealed: null }]);
    expect(await manager.findBy(ContactCorrectionRow, { caseId: id })).toMatchObject([{ sealed: null }]);
    expect(await declaration.seen()).toMatchObject({ justification: ERASED });
    for (const trace of traces) expect(await rawContent(t)).not.toContain(trace);
  });
});
