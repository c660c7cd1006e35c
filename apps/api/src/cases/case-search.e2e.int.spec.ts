import { type AuditEntry } from '@fallverbund/audit-log';
import { ErasureService } from '@fallverbund/cases-application';
import { CaseSearchToken } from '@fallverbund/cases-search';
import { type Actor } from '@fallverbund/kernel';
import { PROFILES, type TestApp, startTestApp } from '../testing/test-app';

const frieda: Actor = {
  userId: 'frieda.dpo',
  displayName: 'frieda.dpo',
  role: 'data_protection_officer',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
};

interface Page {
  items: { id: string; participant?: { givenName: string; familyName: string } }[];
  nextOffset: number | null;
}

/**
 * GET /api/cases?q=…&birthDate=…: the keyed blind index (libs/cases/search) narrows the same query as
 * the list, so a search answers only cases whose identity the caller may read; erasure removes the
 * participant's index rows. On SQLite and PostgreSQL.
 */
describe.each(PROFILES)('case search by name and birth date (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let clara: Record<string, string>;
  const ids: Record<string, string> = {};

  const search = async (headers: Record<string, string>, query: string): Promise<string[]> => {
    const page = (await t.http.get(`/api/cases?${query}`).set(headers).expect(200)).body as Page;
    expect(page.nextOffset).toBeNull();
    return page.items.map((item) => item.id).sort();
  };
  const named = (...keys: string[]): string[] => keys.map((key) => ids[key] as string).sort();

  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
    clara = await t.as('clara.youth', 'youth_support');
    ids['annaMueller'] = await t.openCase(anna, { givenName: 'Anna', familyName: 'Müller', birthDate: '1990-04-01' });
    ids['janMueller'] = await t.openCase(anna, { givenName: 'Jan', familyName: 'Mueller', birthDate: '1985-02-03' });
    ids['ottoSchmidt'] = await t.openCase(anna, { givenName: 'Otto', familyName: 'Schmidt', birthDate: '1990-04-01' });
    // The same person's name at the youth office: a case anna.coach may not read.
    ids['youthOffice'] = await t.openCase(clara, { givenName: 'Anna', familyName: 'Müller', birthDate: '1990-04-01' });
    // Shared with anna's jobcenter by consent for case_admin only: listed, but its name is not hers to read.
    ids['caseAdminOnly'] = await t.openCase(clara, {
      givenName: 'Anna',
      familyName: 'Müller',
      birthDate: '1990-04-01',
    });
    await t.http
      .post(`/api/cases/${ids['caseAdminOnly']}/consents`)
      .set(clara)
      .send({
        purposes: ['integration'],
        dataCategories: ['case_admin'],
        recipientAgencyIds: ['jobcenter-mitte'],
        form: 'written',
        grantedBy: 'participant',
      })
      .expect(201);
    // A case of anna's own agency whose team she is not on.
    ids['colleague'] = await t.openCase(await t.as('ben.lead', 'integration'), {
      givenName: 'Anna',
      familyName: 'MÜLLER',
      birthDate: '1990-04-01',
    });
  });
  afterAll(() => t.close());

  it('finds the own cases however the name is written, and never a case the caller may not read', async () => {
    expect(await search(anna, 'q=M%C3%BCller')).toEqual(named('annaMueller', 'janMueller'));
    expect(await search(anna, 'q=MUELLER')).toEqual(named('annaMueller', 'janMueller'));
    expect(await search(anna, 'q=m%C3%BCll')).toEqual(named('annaMueller', 'janMueller'));
    expect(await search(anna, 'q=M%C3%BCller%20Anna')).toEqual(named('annaMueller'));
    // Two words are one pair term: both must be words of the same participant's name.
    expect(await search(anna, 'q=Anna%20Schmidt')).toEqual([]);
    expect(await search(anna, 'q=Ann%20Anna%20M%C3%BCll')).toEqual(named('annaMueller'));
    expect(await search(anna, 'q=Schmidt')).toEqual(named('ottoSchmidt'));
    expect(await search(anna, 'q=Muller')).toEqual([]);
    expect(await search(anna, 'q=Mu')).toEqual([]);
    // The youth office finds its own cases of that name, and none of the jobcenter's.
    expect(await search(clara, 'q=Anna%20M%C3%BCller')).toEqual(named('youthOffice', 'caseAdminOnly'));
  });

  it('leaves out a case the caller may list for case_admin but whose identity it may not read', async () => {
    const listed = ((await t.http.get('/api/cases').set(anna).expect(200)).body as Page).items;
    expect(listed.map((item) => item.id)).toContain(ids['caseAdminOnly']);
    expect(listed.find((item) => item.id === ids['caseAdminOnly'])).not.toHaveProperty('participant');
    expect(await search(anna, 'q=Anna')).not.toContain(ids['caseAdminOnly']);
    expect(await search(anna, 'birthDate=1990-04-01')).not.toContain(ids['caseAdminOnly']);
  });

  it('narrows by birth date, alone or with the name', async () => {
    expect(await search(anna, 'birthDate=1990-04-01')).toEqual(named('annaMueller', 'ottoSchmidt'));
    expect(await search(anna, 'q=Mueller&birthDate=1990-04-01')).toEqual(named('annaMueller'));
    expect(await search(anna, 'q=Mueller&birthDate=1985-02-03')).toEqual(named('janMueller'));
    expect(await search(anna, 'q=Anna%20Mueller&birthDate=1990-04-01')).toEqual(named('annaMueller'));
    expect(await search(anna, 'q=Jan%20Mueller&birthDate=1990-04-01')).toEqual([]);
    expect(await search(anna, 'birthDate=1990-04-02')).toEqual([]);
  });

  it('answers the names of what it finds and records one list entry per case found, none for the others', async () => {
    const response = await t.http.get('/api/cases?q=Anna').set(anna).expect(200);
    expect((response.body as Page).items).toEqual([
      expect.objectContaining({ id: ids['annaMueller'], participant: { givenName: 'Anna', familyName: 'Müller' } }),
    ]);
    const requestId = response.headers['x-request-id'] as string;
    const dpo = await t.as('frieda.dpo', 'audit');
    const entriesOf = async (caseId: string): Promise<AuditEntry[]> =>
      (
        (await t.http.get(`/api/audit/entries?caseId=${caseId}`).set(dpo).expect(200)).body as {
          items: { entry: AuditEntry }[];
        }
      ).items
        .map((item) => item.entry)
        .filter((entry) => entry.requestId === requestId);
    expect(await entriesOf(ids['annaMueller'] as string)).toEqual([
      expect.objectContaining({
        action: 'list',
        route: 'GET /api/cases',
        decision: 'permit',
        categories: ['identity', 'case_admin'],
      }),
    ]);
    expect(await entriesOf(ids['youthOffice'] as string)).toEqual([]);
    expect(await entriesOf(ids['colleague'] as string)).toEqual([]);
    // The audit entry names the case, never what was searched.
    const recorded = JSON.stringify(await entriesOf(ids['annaMueller'] as string));
    expect(recorded).not.toContain('Anna');
    expect(recorded).not.toContain('Müller');
  });

  it.each([
    ['an empty query', 'q='],
    ['a query of punctuation only', 'q=-%20.'],
    ['a query longer than 100 characters', `q=${'a'.repeat(101)}`],
    ['a query of more than 6 words', 'q=a%20b%20c%20d%20e%20f%20g'],
    ['a query given twice', 'q=Anna&q=Jan'],
    ['a birth date that does not exist', 'birthDate=1990-02-30'],
    ['a birth date as an ISO week', 'birthDate=2026-W49-1'],
    ['a birth date with a time', 'birthDate=1990-04-01T00:00:00Z'],
  ])('refuses %s with 400 problem+json', async (_, query) => {
    const response = await t.http.get(`/api/cases?${query}`).set(anna).expect(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.body).toMatchObject({ code: 'REQUEST.VALIDATION' });
  });

  it('finds nothing of an erased participant: erasure removes the index rows', async () => {
    const rows = t.persistence.dataSource.getRepository(CaseSearchToken);
    const id = ids['annaMueller'] as string;
    expect(await rows.countBy({ caseId: id })).toBeGreaterThan(0);
    const { participantId } = await t.app
      .get(ErasureService)
      .eraseParticipant(id, 'retention period ended', frieda, new Date());
    expect(await rows.countBy({ participantId })).toBe(0);
    expect(await rows.countBy({ caseId: id })).toBe(0);
    expect(await search(anna, 'q=M%C3%BCller')).toEqual(named('janMueller'));
    expect(await search(anna, 'birthDate=1990-04-01')).toEqual(named('ottoSchmidt'));
    // Other participants' rows stay.
    expect(await rows.countBy({ caseId: ids['youthOffice'] as string })).toBeGreaterThan(0);
  });
});
