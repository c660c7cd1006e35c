import { type AuditEntry } from '@fallverbund/audit-log';
import { type Response } from 'supertest';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;
const MARKER = 'ANVERTRAUT-7f3c: Angst vor dem Stiefvater';

interface YouthWelfare {
  notes: { id: string; text: unknown; entrustedBy: string; author: { userId: string } }[];
  withheldNotes: number;
}

/**
 * § 65 SGB VIII (issue 11): what a person entrusts to a youth-office caseworker reaches no one else —
 * not the colleague on the team, not the team lead, not a partner under a consent for its agency —
 * unless a consent names the reader as a person; the § 8a declarer reads it under child_protection.
 */
describe.each(PROFILES)('entrusted notes, § 65 SGB VIII (%s)', (profile) => {
  let t: TestApp;
  let clara: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp(profile);
    clara = await t.as('clara.youth', 'youth_support');
  });
  afterAll(() => t.close());

  const entriesSince = async (size: number): Promise<AuditEntry[]> =>
    (await t.persistence.audit.read(size, 1000)).flatMap((r) => (r.entry ? [r.entry] : []));
  const record = (caseId: string, as: Record<string, string>, body: object = {}): Promise<Response> =>
    t.http
      .post(`/api/cases/${caseId}/entrusted-notes`)
      .set(as)
      .send({ text: MARKER, entrustedBy: 'participant', ...body });
  const grantConsent = async (caseId: string, body: object): Promise<string> =>
    (
      (
        await t.http
          .post(`/api/cases/${caseId}/consents`)
          .set(clara)
          .send({
            purposes: ['youth_support'],
            dataCategories: ['identity', 'youth_welfare'],
            form: 'written',
            grantedBy: 'entrusting_person',
            ...body,
          })
          .expect(201)
      ).body as { id: string }
    ).id;
  /** The case as `userId` reads it: the youth-welfare section, and whether the marker appears anywhere. */
  const readAs = async (caseId: string, userId: string, purpose = 'youth_support') => {
    const response = await t.http.get(`/api/cases/${caseId}`).set(await t.as(userId, purpose));
    expect(response.status).toBe(200);
    const body = response.body as { youthWelfare?: YouthWelfare };
    return { section: body.youthWelfare, leaks: JSON.stringify(response.body).includes('ANVERTRAUT') };
  };
  /** A youth-office case with clara's colleague, her team lead and the counselling service on the team. */
  const youthCase = async (): Promise<string> => {
    const caseId = await t.openCase(clara);
    for (const userId of ['jonas.youth', 'greta.lead', 'emil.counsel'])
      await t.http.post(`/api/cases/${caseId}/team-members`).set(clara).send({ userId }).expect(201);
    return caseId;
  };
  const refused = async (caseId: string, request: () => Promise<Response>, status: number, code: string) => {
    const [events, size] = [(await t.allEvents()).length, await t.persistence.audit.size()];
    const response = await request();
    expect({ status: response.status, code: (response.body as { code?: string }).code }).toEqual({ status, code });
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect((await t.allEvents()).length).toBe(events);
    return entriesSince(size);
  };

  it('reach the author only: not the colleague, not the team lead, not a partner under an agency-wide consent', async () => {
    const caseId = await youthCase();
    await grantConsent(caseId, { recipientAgencyIds: ['suchtberatung-nord'] });
    const size = await t.persistence.audit.size();
    const response = await record(caseId, clara);
    expect(response.status).toBe(201);
    const noteId = (response.body as { id: string }).id;
    expect((await entriesSince(size)).filter((e) => e.action === 'record_entrusted_note')).toMatchObject([
      { caseRef: caseId, categories: ['youth_welfare'], legalBasis: ['team'], decision: 'permit', outcome: 201 },
    ]);
    // Sealed in the log, never in the audit entry.
    const events = await t.persistence.rawEvents.readStream(`case-${caseId}`);
    expect(events.map((e) => e.type)).toContain('EntrustedNoteRecorded');
    const stored = JSON.stringify(events.map((e) => e.data));
    expect(stored).not.toContain('ANVERTRAUT');
    expect(JSON.stringify(await entriesSince(size))).not.toContain('ANVERTRAUT');

    expect(await readAs(caseId, 'clara.youth')).toEqual({
      section: {
        notes: [
          {
            id: noteId,
            text: MARKER,
            entrustedBy: 'participant',
            author: { userId: 'clara.youth', agencyId: 'jugendamt-mitte' },
            recordedAt: expect.any(String) as unknown,
          },
        ],
        withheldNotes: 0,
      },
      leaks: true,
    });
    // Each of them reads youth_welfare (the section is there), yet not the note.
    for (const userId of ['jonas.youth', 'greta.lead', 'emil.counsel'])
      expect({ userId, ...(await readAs(caseId, userId)) }).toEqual({
        userId,
        section: { notes: [], withheldNotes: 1 },
        leaks: false,
      });
    // Without youth_welfare (another purpose) there is no section at all.
    expect(await readAs(caseId, 'clara.youth', 'coordination')).toEqual({ section: undefined, leaks: false });
  });

  it('reach a person a consent names, for as long as it holds', async () => {
    const caseId = await youthCase();
    expect((await record(caseId, clara)).status).toBe(201);
    const named = await grantConsent(caseId, { recipientAgencyIds: [], recipientUserIds: ['jonas.youth'] });
    expect((await readAs(caseId, 'jonas.youth')).section).toMatchObject({
      notes: [{ text: MARKER, author: { userId: 'clara.youth' } }],
      withheldNotes: 0,
    });
    // The consent names jonas, not his team lead.
    expect(await readAs(caseId, 'greta.lead')).toMatchObject({ section: { withheldNotes: 1 }, leaks: false });
    await t.http.post(`/api/cases/${caseId}/consents/${named}/withdrawal`).set(clara).expect(201);
    expect(await readAs(caseId, 'jonas.youth')).toEqual({ section: { notes: [], withheldNotes: 1 }, leaks: false });
  });

  it('open to the youth-office caseworker who declared child protection, recorded on the § 8a basis', async () => {
    const caseId = await youthCase();
    expect((await record(caseId, clara)).status).toBe(201);
    const jonasCp = await t.as('jonas.youth', 'child_protection');
    await t.http
      .post(`/api/cases/${caseId}/child-protection-declarations`)
      .set(jonasCp)
      .send({ justification: 'Hinweise der Schule auf akute Gefährdung des Kindes' })
      .expect(201);
    const size = await t.persistence.audit.size();
    expect((await readAs(caseId, 'jonas.youth', 'child_protection')).section).toMatchObject({
      notes: [{ text: MARKER }],
      withheldNotes: 0,
    });
    const [read] = (await entriesSince(size)).filter((e) => e.action === 'read');
    expect(read).toMatchObject({ purpose: 'child_protection', breakGlass: true, decision: 'permit' });
    expect(read?.categories).toContain('youth_welfare');
    expect(read?.legalBasis.every((b) => b.startsWith('§8a'))).toBe(true);
    // Under youth_support the declaration opens nothing.
    expect(await readAs(caseId, 'jonas.youth')).toMatchObject({ section: { withheldNotes: 1 }, leaks: false });
  });

  it('are recorded by youth-office caseworkers only; refusals append nothing and are recorded', async () => {
    const caseId = await youthCase();
    await grantConsent(caseId, { recipientAgencyIds: ['suchtberatung-nord'] });
    for (const userId of ['greta.lead', 'emil.counsel']) {
      const entries = await refused(
        caseId,
        async () => record(caseId, await t.as(userId, 'youth_support')),
        403,
        'ENTRUSTED_NOTE.NOT_YOUTH_OFFICE_CASEWORKER',
      );
      expect(entries).toMatchObject([
        { action: 'record_entrusted_note', actor: { userId }, categories: ['youth_welfare'], decision: 'deny' },
      ]);
    }
    // Not granted youth_welfare under coordination; not on the case at all.
    await refused(caseId, async () => record(caseId, await t.as('clara.youth', 'coordination')), 403, 'ACCESS.DENIED');
    await refused(caseId, async () => record(caseId, await t.as('anna.coach', 'integration')), 404, 'CASE.NOT_FOUND');
    // Bad input: 400, nothing appended.
    for (const body of [{ entrustedBy: 'Frau Nachbarin' }, { entrustedBy: undefined }, { text: '' }, { text: 7 }])
      await refused(caseId, () => record(caseId, clara, body), 400, 'REQUEST.VALIDATION');
    await refused(caseId, () => record(caseId, clara, { text: '   ' }), 400, 'ENTRUSTED_NOTE.INVALID');
    // The colleague may be entrusted with something himself.
    expect(
      (await record(caseId, await t.as('jonas.youth', 'youth_support'), { entrustedBy: 'legal_guardian' })).status,
    ).toBe(201);
  });
});
