import { type AuditEntry } from '@fallverbund/audit-log';
import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

interface Found {
  items: { index: number; entry: AuditEntry }[];
}

/**
 * Ids are UUIDs in one spelling: an upper-case probe is the same case as its lower-case id, so the
 * DPO's search by case and the access report find it; anything that is no UUID is refused.
 */
describe.each(PROFILES)('canonical ids (%s)', (profile) => {
  let t: TestApp;
  let caseId: string;
  beforeAll(async () => {
    t = await startTestApp(profile);
    caseId = await t.openCase(await t.as('anna.coach', 'integration'));
  });
  afterAll(() => t.close());

  const dpo = () => t.as('frieda.dpo', 'audit');
  const search = async (query: string): Promise<AuditEntry[]> =>
    (
      (
        await t.http
          .get(`/api/audit/entries?${query}&limit=1000`)
          .set(await dpo())
          .expect(200)
      ).body as Found
    ).items.map((i) => i.entry);

  it('files an upper-case probe under the canonical id, where the DPO and the access report find it', async () => {
    const upper = caseId.toUpperCase();
    const clara = await t.as('clara.youth', 'integration');
    const read = await t.http.get(`/api/cases/${upper}`).set(clara);
    expect([read.status, (read.body as { code: string }).code]).toEqual([404, 'CASE.NOT_FOUND']);
    const write = await t.http.post(`/api/cases/${upper}/contacts`).set(clara).send({
      kind: 'phone',
      occurredAt: new Date().toISOString(),
      durationMinutes: 10,
    });
    expect([write.status, (write.body as { code: string }).code]).toEqual([404, 'CASE.NOT_FOUND']);

    const probes = (entries: AuditEntry[]) =>
      entries.filter((e) => e.actor.userId === 'clara.youth').map((e) => [e.route, e.caseRef, e.decision, e.outcome]);
    const expected = [
      ['GET /api/cases/{id}', caseId, 'deny', 404],
      ['POST /api/cases/{id}/contacts', caseId, 'deny', 404],
    ];
    expect(probes(await search(`caseId=${caseId}&order=asc`))).toEqual(expected);
    expect(probes(await search(`caseId=${upper}&order=asc`))).toEqual(expected);

    // The lead caseworker's report for the participant counts both refused attempts.
    const report = await t.http
      .get(`/api/cases/${caseId}/access-report`)
      .set(await t.as('anna.coach', 'integration'))
      .expect(200);
    expect(report.body).toMatchObject({ refusedAttempts: 2 });
    // The owner reads the case under any spelling of its id.
    const own = await t.http
      .get(`/api/cases/${upper}`)
      .set(await t.as('anna.coach', 'integration'))
      .expect(200);
    expect((own.body as { id: string }).id).toBe(caseId);
  });

  it('refuses an id that is no UUID with 400 REQUEST.VALIDATION, in a path and in the DPO search', async () => {
    const anna = await t.as('anna.coach', 'integration');
    for (const path of [
      `/api/cases/${caseId}x`,
      `/api/cases/${caseId}/referrals/not-a-uuid`,
      `/api/cases/${caseId}/contacts/{contactId}/corrections`,
    ]) {
      const response = path.endsWith('corrections')
        ? await t.http.post(path).set(anna).send({ durationMinutes: 5, reason: 'Dauer falsch erfasst' })
        : await t.http.get(path).set(anna);
      expect([path, response.status, (response.body as { code: string }).code]).toEqual([
        path,
        400,
        'REQUEST.VALIDATION',
      ]);
    }
    const search = await t.http.get(`/api/audit/entries?caseId=${caseId.slice(1)}`).set(await dpo());
    expect([search.status, (search.body as { code: string }).code]).toEqual([400, 'REQUEST.VALIDATION']);
  });
});
