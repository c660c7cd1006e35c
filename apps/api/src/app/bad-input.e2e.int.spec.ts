import { type TestApp, PROFILES, startTestApp } from '../testing/test-app';

/**
 * The inputs issue 12 found answering 500, each refused as what it is (the fuzz test looks for more),
 * without appending an event or a permit entry.
 */
describe.each(PROFILES)('bad input that used to answer 500 (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let frieda: Record<string, string>;
  let caseId: string;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
    frieda = await t.as('frieda.dpo', 'audit');
    caseId = await t.openCase(anna);
  });
  afterAll(() => t.close());

  /** The answer's status and code, and what it appended: events, and audit decisions. */
  const refusalOf = async (send: () => Promise<{ status: number; body: unknown }>) => {
    const events = (await t.allEvents()).length;
    const audit = await t.persistence.audit.size();
    const response = await send();
    const records = await t.persistence.audit.read(audit, 100);
    return {
      status: response.status,
      code: (response.body as { code?: unknown }).code,
      events: (await t.allEvents()).length - events,
      decisions: records.flatMap((r) => (r.entry ? [r.entry.decision] : [])),
    };
  };
  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('JSON nested 1,500 deep: 400 REQUEST.TOO_DEEP, on the dev token route and on a case route', async () => {
    const token = await refusalOf(() =>
      t.http
        .post('/api/dev/token')
        .set('content-type', 'application/json')
        .send(`{"userId":${deep(1500)}}`),
    );
    expect(token).toEqual({ status: 400, code: 'REQUEST.TOO_DEEP', events: 0, decisions: [] });
    const open = await refusalOf(() =>
      t.http
        .post('/api/cases')
        .set(anna)
        .set('content-type', 'application/json')
        .send(`{"participant":${deep(1500)}}`),
    );
    expect(open).toEqual({ status: 400, code: 'REQUEST.TOO_DEEP', events: 0, decisions: ['deny'] });
  });

  it('offset=1e20 and after=1e20: 400 REQUEST.VALIDATION, and no permit entry', async () => {
    expect(await refusalOf(() => t.http.get('/api/cases?offset=1e20').set(anna))).toEqual({
      status: 400,
      code: 'REQUEST.VALIDATION',
      events: 0,
      decisions: ['deny'],
    });
    for (const after of ['1e20', '99999999999999999999', '1000000001', '-1'])
      expect([after, await refusalOf(() => t.http.get(`/api/audit/entries?after=${after}`).set(frieda))]).toEqual([
        after,
        { status: 400, code: 'REQUEST.VALIDATION', events: 0, decisions: [] },
      ]);
    expect((await t.http.get('/api/audit/entries?after=1000000000').set(frieda)).status).toBe(200);
  });

  it('an empty list where a list of objects is due ([[]], found by the fuzz test): 400 REQUEST.VALIDATION', async () => {
    const legalStatus = { basis: '§ 15 SGB II', binding: false, mediationAvailable: true };
    const goal = { goalId: 'g1', lifeArea: 'work', text: 'Teilzeitstelle finden' };
    for (const body of [
      { legalStatus, goals: [goal], steps: [[]] },
      { legalStatus, goals: [[]], steps: [] },
    ])
      expect(await refusalOf(() => t.http.post(`/api/cases/${caseId}/plan/versions`).set(anna).send(body))).toEqual({
        status: 400,
        code: 'REQUEST.VALIDATION',
        events: 0,
        decisions: ['deny'],
      });
  });

  it('week and ordinal dates: 400 REQUEST.VALIDATION in the query and in a body', async () => {
    for (const from of ['2026-W49', '2026-338', '2026-02-30T10:00:00Z', '2026-12-04T24:00:00Z'])
      expect([from, await refusalOf(() => t.http.get(`/api/audit/entries?from=${from}`).set(frieda))]).toEqual([
        from,
        { status: 400, code: 'REQUEST.VALIDATION', events: 0, decisions: [] },
      ]);
    const contact = await refusalOf(() =>
      t.http
        .post(`/api/cases/${caseId}/contacts`)
        .set(anna)
        .send({ kind: 'office', occurredAt: '2026-W49-5T10:00:00Z', durationMinutes: 30 }),
    );
    expect(contact).toEqual({ status: 400, code: 'REQUEST.VALIDATION', events: 0, decisions: ['deny'] });
    const instant = new Date(Date.now() - 60_000).toISOString().replace('Z', '+00:00');
    expect((await t.http.get(`/api/audit/entries?from=${encodeURIComponent(instant)}`).set(frieda)).status).toBe(200);
  });
});
