import { participant, PROFILES, startTestApp, type TestApp } from '../testing/test-app';

/**
 * The youth-office caseworker (clara.youth, Jugendamt Mitte) as she would work from the README and the
 * API document alone: named in a consent, she is on no case team and finds the case all the same.
 * Each flow is its own `describe`, so further flows are added beside them.
 */
interface ListedCase {
  id: string;
  participant?: { givenName: string; familyName: string };
  status?: string;
  visibleAs: string;
  legalBasis: string;
}
interface Entry {
  caseRef: string | null;
  userId: string;
  action: string;
  decision: string;
  legalBasis: string[];
}

describe.each(PROFILES)('role: the youth office clara.youth (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let clara: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'coordination');
    clara = await t.as('clara.youth', 'coordination');
  });
  afterAll(async () => {
    await t.close();
  });

  const list = async (query = ''): Promise<ListedCase[]> =>
    ((await t.http.get(`/api/cases${query}`).set(clara).expect(200)).body as { items: ListedCase[] }).items;

  describe('a consent names the youth office: the case is shared with her without a place on the team', () => {
    let caseId: string;
    let consentId: string;

    it('anna.coach opens the case, records a contact and the consent naming the youth office for coordination', async () => {
      caseId = await t.openCase(anna);
      await t.http
        .post(`/api/cases/${caseId}/contacts`)
        .set(anna)
        .send({
          kind: 'phone',
          occurredAt: new Date().toISOString(),
          durationMinutes: 15,
          participants: ['participant', 'coach'],
        })
        .expect(201);
      // Before the consent the youth office finds nothing and the case does not exist for it.
      expect(await list()).toEqual([]);
      await t.http.get(`/api/cases/${caseId}`).set(clara).expect(404);

      consentId = (
        (
          await t.http
            .post(`/api/cases/${caseId}/consents`)
            .set(anna)
            .send({
              purposes: ['coordination'],
              dataCategories: ['identity', 'case_admin', 'contacts'],
              recipientAgencyIds: ['jugendamt-mitte'],
              form: 'written',
              grantedBy: 'participant',
            })
            .expect(201)
        ).body as { id: string }
      ).id;
    });

    it('finds the case in her list under "shared with me", visible on the consent', async () => {
      const shared = await list('?scope=shared');
      expect(shared).toEqual([
        expect.objectContaining({
          id: caseId,
          participant: { givenName: participant.givenName, familyName: participant.familyName },
          status: 'active',
          visibleAs: 'consent',
          legalBasis: `consent:${consentId}`,
        }),
      ]);
      expect((await list()).map((c) => c.id)).toEqual([caseId]);
      expect((await list('?scope=shared&status=active')).map((c) => c.id)).toEqual([caseId]);
      // Not on the team, not her agency's case; and not closed.
      expect(await list('?scope=mine')).toEqual([]);
      expect(await list('?scope=team')).toEqual([]);
      expect(await list('?scope=shared&status=closed')).toEqual([]);
      // Her team place is unchanged: the lead agency did not add her.
      const view = (await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200)).body as {
        caseAdmin: { team: { userId: string }[] };
      };
      expect(view.caseAdmin.team.map((m) => m.userId)).not.toContain('clara.youth');
    });

    it('opens it and sees what the consent covers and nothing else', async () => {
      const view = (await t.http.get(`/api/cases/${caseId}`).set(clara).expect(200)).body as {
        participant?: { givenName: string };
        caseAdmin?: { status: string };
        health?: unknown;
        withheld: string[];
      };
      expect(view.participant?.givenName).toBe(participant.givenName);
      expect(view.caseAdmin?.status).toBe('active');
      expect(view.health).toBeUndefined();
      expect(view.withheld).toEqual([
        'plan',
        'referrals',
        'progress',
        'health',
        'youth_welfare',
        'finances',
        'addiction',
      ]);
      const contacts = (await t.http.get(`/api/cases/${caseId}/contacts`).set(clara).expect(200)).body as {
        items: unknown[];
      };
      expect(contacts.items).toHaveLength(1);
      // Not covered: the plan; and under another purpose the consent does not name, nothing at all.
      await t.http.get(`/api/cases/${caseId}/plan`).set(clara).expect(403);
      await t.http
        .get(`/api/cases/${caseId}`)
        .set(await t.as('clara.youth', 'youth_support'))
        .expect(404);
      // Her colleague is of the agency the consent names: the same reach.
      await t.http
        .get(`/api/cases/${caseId}`)
        .set(await t.as('jonas.youth', 'coordination'))
        .expect(200);
    });

    it('each access is recorded on the consent', async () => {
      const entries = (
        (
          await t.http
            .get(`/api/audit/entries?caseId=${caseId}&userId=clara.youth&decision=permit&limit=50`)
            .set(await t.as('frieda.dpo', 'audit'))
            .expect(200)
        ).body as { items: { entry: Entry }[] }
      ).items.map((i) => i.entry);
      expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['list', 'read']));
      for (const entry of entries) expect(entry.legalBasis).toEqual([`consent:${consentId}`]);
    });

    it('after the withdrawal the case is gone from her list and answers 404', async () => {
      await t.http.post(`/api/cases/${caseId}/consents/${consentId}/withdrawal`).set(anna).expect(201);
      expect(await list()).toEqual([]);
      expect(await list('?scope=shared')).toEqual([]);
      await t.http.get(`/api/cases/${caseId}`).set(clara).expect(404);
      await t.http.get(`/api/cases/${caseId}/contacts`).set(clara).expect(404);
    });
  });

  describe('a consent that names one person of the youth office', () => {
    it('reaches her and not her colleague', async () => {
      const caseId = await t.openCase(anna);
      await t.http
        .post(`/api/cases/${caseId}/consents`)
        .set(anna)
        .send({
          purposes: ['coordination'],
          dataCategories: ['identity', 'case_admin'],
          recipientAgencyIds: [],
          recipientUserIds: ['clara.youth'],
          form: 'written',
          grantedBy: 'participant',
        })
        .expect(201);
      expect((await list('?scope=shared')).map((c) => c.id)).toContain(caseId);
      const jonas = await t.as('jonas.youth', 'coordination');
      const theirs = (await t.http.get('/api/cases').set(jonas).expect(200)).body as { items: ListedCase[] };
      expect(theirs.items.map((c) => c.id)).not.toContain(caseId);
      await t.http.get(`/api/cases/${caseId}`).set(jonas).expect(404);
    });
  });
});
