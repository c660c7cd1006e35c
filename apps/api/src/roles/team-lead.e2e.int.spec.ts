import { clock } from '../app/clock';
import { participant, PROFILES, startTestApp, type TestApp } from '../testing/test-app';

/**
 * The team lead (ben.lead, Jobcenter Mitte) as he would work from the README and the API document
 * alone. Each flow is its own `describe`, so further flows are added beside them.
 */
const DAY = 86_400_000;
const SUPERVISION = '§67c Abs. 3 SGB X supervision';

interface ListedCase {
  id: string;
  participant?: { givenName: string };
  visibleAs: string;
  legalBasis: string;
}
interface Entry {
  caseRef: string | null;
  action: string;
  route: string;
  decision: string;
  categories: string[];
  legalBasis: string[];
}

describe.each(PROFILES)('role: the team lead ben.lead (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let ben: Record<string, string>;
  const realNow = clock.now;

  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
    ben = await t.as('ben.lead', 'coordination');
  });
  afterAll(async () => {
    clock.now = realNow;
    await t.close();
  });

  const entriesOf = async (caseId: string): Promise<Entry[]> =>
    (
      (
        await t.http
          .get(`/api/audit/entries?caseId=${caseId}&userId=ben.lead&limit=50`)
          .set(await t.as('frieda.dpo', 'audit'))
          .expect(200)
      ).body as { items: { entry: Entry }[] }
    ).items.map((i) => i.entry);

  describe('part 1: supervision of a case of his agency that he is not on the team of', () => {
    let caseId: string;

    it('anna.coach opens a case; ben.lead is not on its team', async () => {
      caseId = await t.openCase(anna);
      const view = (await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200)).body as {
        caseAdmin: { team: { userId: string }[] };
      };
      expect(view.caseAdmin.team.map((m) => m.userId)).toEqual(['anna.coach']);
    });

    it('the case is in his list under "team", visible as supervision', async () => {
      const listed = (await t.http.get('/api/cases?scope=team').set(ben).expect(200)).body as { items: ListedCase[] };
      expect(listed.items).toEqual([
        expect.objectContaining({
          id: caseId,
          participant: expect.objectContaining({ givenName: participant.givenName }) as unknown,
          visibleAs: 'supervision',
          legalBasis: SUPERVISION,
        }),
      ]);
      // Not his own team's case, and shared with him by nobody.
      expect(((await t.http.get('/api/cases?scope=mine').set(ben).expect(200)).body as { items: [] }).items).toEqual(
        [],
      );
      expect(((await t.http.get('/api/cases?scope=shared').set(ben).expect(200)).body as { items: [] }).items).toEqual(
        [],
      );
    });

    it('his team signals name the case, and he opens it from there under supervision', async () => {
      clock.now = () => new Date(Date.now() + 31 * DAY);
      try {
        const signals = (await t.http.get('/api/team/signals').set(ben).expect(200)).body as {
          noContact30Days: { caseId: string }[];
        };
        expect(signals.noContact30Days.map((s) => s.caseId)).toContain(caseId);
        const view = (await t.http.get(`/api/cases/${caseId}`).set(ben).expect(200)).body as {
          participant?: unknown;
          caseAdmin?: unknown;
          withheld: string[];
        };
        expect(view.participant).toBeDefined();
        expect(view.caseAdmin).toBeDefined();
        // Supervision reads the course of the work, never the sensitive categories nor finances.
        expect(view.withheld).toEqual(['health', 'youth_welfare', 'finances', 'addiction']);
        await t.http.get(`/api/cases/${caseId}/contacts`).set(ben).expect(200);
        // Under integration the team rule would grant finances; supervision still does not.
        const integration = await t.as('ben.lead', 'integration');
        const underIntegration = (await t.http.get(`/api/cases/${caseId}`).set(integration).expect(200)).body as {
          withheld: string[];
        };
        expect(underIntegration.withheld).toContain('finances');
      } finally {
        clock.now = realNow;
      }
    });

    it('records nothing under supervision, and not for child protection, evaluation or audit', async () => {
      const before = (await t.allEvents()).length;
      await t.http
        .post(`/api/cases/${caseId}/contacts`)
        .set(ben)
        .send({ kind: 'phone', occurredAt: new Date().toISOString(), durationMinutes: 5 })
        .expect(403);
      await t.http
        .post(`/api/cases/${caseId}/closure`)
        .set(ben)
        .send({ exitReason: 'other' })
        .expect((r) => expect([400, 403]).toContain(r.status));
      expect((await t.allEvents()).length).toBe(before);
      for (const purpose of ['child_protection', 'evaluation', 'audit'])
        await t.http
          .get(`/api/cases/${caseId}`)
          .set(await t.as('ben.lead', purpose))
          .expect(404);
    });

    it('the audit entries of his reads carry the supervision basis', async () => {
      const entries = await entriesOf(caseId);
      const read = entries.find(
        (e) => e.action === 'read' && e.route === 'GET /api/cases/{id}' && e.decision === 'permit',
      );
      expect(read?.legalBasis).toEqual([SUPERVISION]);
      const listed = entries.find((e) => e.route === 'GET /api/cases' && e.decision === 'permit');
      expect(listed?.legalBasis).toEqual([SUPERVISION]);
      expect(listed?.categories).toEqual(['identity', 'case_admin']);
      // The DPO's signals on these accesses: see the access-signals specs (normal work raises no alarm).
    });

    it('raises no DPO alarm: opening a case from his team signals is normal work', async () => {
      // Over everything he did: the reads 31 days on, and the refusals (404) under the wrong purposes.
      const from = new Date(Date.now() - DAY).toISOString();
      const to = new Date(Date.now() + 32 * DAY).toISOString();
      const { signals } = (
        await t.http
          .get(`/api/audit/signals?from=${from}&to=${to}`)
          .set(await t.as('frieda.dpo', 'audit'))
          .expect(200)
      ).body as { signals: unknown[] };
      const his = await entriesOf(caseId);
      expect(his.some((e) => e.legalBasis.includes(SUPERVISION))).toBe(true);
      expect(his.some((e) => e.decision === 'deny')).toBe(true);
      expect(signals).toEqual([]);
    });

    it('a team lead of another agency neither lists nor opens it', async () => {
      const greta = await t.as('greta.lead', 'coordination');
      const listed = (await t.http.get('/api/cases').set(greta).expect(200)).body as { items: ListedCase[] };
      expect(listed.items.map((c) => c.id)).not.toContain(caseId);
      await t.http.get(`/api/cases/${caseId}`).set(greta).expect(404);
    });
  });
});
