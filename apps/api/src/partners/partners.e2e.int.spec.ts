import { clock } from '../app/clock';
import { type TestApp, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;

interface PartnerBody {
  agencyId: string;
  name: string;
  agencyType: string;
  services: string[];
  purposes: string[];
  areas: string[];
  legalDomain: string;
  contactPersons: { name: string; function: string; phone: string | null; email: string | null }[];
  lastReviewedAt: string;
  stale: boolean;
}

// The directory holds no case data: nothing here touches the database, so one profile is enough.
describe('partner directory', () => {
  let t: TestApp;
  let anna: Record<string, string>;
  const realNow = clock.now;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    anna = { authorization: `Bearer ${await t.token('anna.coach')}` };
  });
  afterEach(() => {
    clock.now = realNow;
  });
  afterAll(() => t.close());

  const search = async (query: string): Promise<PartnerBody[]> =>
    ((await t.http.get(`/api/partners${query}`).set(anna).expect(200)).body as { items: PartnerBody[] }).items;
  const ids = (items: PartnerBody[]): string[] => items.map((p) => p.agencyId);

  it('lists every partner by name', async () => {
    expect(ids(await search(''))).toEqual([
      'drv-nord',
      'jobcenter-mitte',
      'jugendamt-mitte',
      'praxis-yilmaz',
      'schuldnerberatung-mitte',
      'sportverein-nord',
      'suchtberatung-nord',
      'vhs-mitte',
    ]);
  });

  it('finds by service', async () => {
    expect(ids(await search('?service=addiction_counselling'))).toEqual(['suchtberatung-nord']);
    expect(ids(await search('?service=clinic'))).toEqual([]);
  });

  it('finds by area, a district in any case or a postcode', async () => {
    expect(ids(await search('?area=nord'))).toEqual([
      'drv-nord',
      'sportverein-nord',
      'suchtberatung-nord',
      'vhs-mitte',
    ]);
    expect(ids(await search('?area=13347'))).toEqual(['sportverein-nord', 'suchtberatung-nord']);
  });

  it('combines service, area, purpose and name', async () => {
    expect(ids(await search('?purpose=health_promotion&area=Nord'))).toEqual([
      'sportverein-nord',
      'suchtberatung-nord',
      'vhs-mitte',
    ]);
    expect(ids(await search('?service=debt_counselling&area=Mitte&purpose=integration'))).toEqual([
      'schuldnerberatung-mitte',
    ]);
    expect(ids(await search('?service=debt_counselling&area=Nord'))).toEqual([]);
    expect(ids(await search('?q=BERATUNG&area=Nord'))).toEqual(['suchtberatung-nord']);
  });

  it('answers a partner with its contact persons, legal domain and what its involvement reveals', async () => {
    clock.now = () => new Date('2026-11-25T12:00:00Z');
    const response = await t.http.get('/api/partners/suchtberatung-nord').set(anna).expect(200);
    expect(response.body).toEqual({
      agencyId: 'suchtberatung-nord',
      name: 'Suchtberatung Nord',
      agencyType: 'network_partner',
      services: ['addiction_counselling'],
      purposes: ['health_promotion', 'coordination', 'aftercare'],
      areas: ['Nord', '133'],
      legalDomain: 'none',
      contactPersons: [
        {
          name: 'Emil Schröder',
          function: 'Suchtberater',
          phone: '+49 30 5550 4001',
          email: 'beratung@suchtberatung-nord.example',
        },
        {
          name: 'Petra Lange',
          function: 'Leitung',
          phone: '+49 30 5550 4000',
          email: 'leitung@suchtberatung-nord.example',
        },
      ],
      lastReviewedAt: '2026-05-04',
      stale: false,
      // Its involvement in a case reveals addiction (the policy's agencyReveals).
      reveals: ['addiction'],
    });
  });

  it('flags an entry not reviewed for more than 12 months, by the clock of the request', async () => {
    // Sportverein Nord was reviewed on 2025-06-30, Suchtberatung Nord on 2026-05-04.
    clock.now = () => new Date('2026-06-30T23:00:00Z');
    const stale = (items: PartnerBody[]) => Object.fromEntries(items.map((p) => [p.agencyId, p.stale]));
    expect(stale(await search('?area=133'))).toEqual({ 'sportverein-nord': false, 'suchtberatung-nord': false });
    clock.now = () => new Date('2026-07-01T00:00:00Z');
    expect(stale(await search('?area=133'))).toEqual({ 'sportverein-nord': true, 'suchtberatung-nord': false });
    expect((await t.http.get('/api/partners/sportverein-nord').set(anna).expect(200)).body).toMatchObject({
      stale: true,
    });
    clock.now = () => new Date('2027-05-05T00:00:00Z');
    expect(stale(await search('?area=133'))).toEqual({ 'sportverein-nord': true, 'suchtberatung-nord': true });
  });

  it.each([
    ['?service=tax_advice', 'service'],
    ['?purpose=shopping', 'purpose'],
    ['?service=clinic&service=psychotherapy', 'service'],
    [`?q=${'x'.repeat(101)}`, 'q'],
    ['?colour=blue', 'colour'],
  ])('refuses the filter %s with 400 REQUEST.VALIDATION', async (query, field) => {
    const response = await t.http.get(`/api/partners${query}`).set(anna).expect(400);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({ code: 'REQUEST.VALIDATION', errors: [{ field }] });
  });

  it('answers 404 PARTNER.NOT_FOUND for an agency that is no partner', async () => {
    const response = await t.http.get('/api/partners/schuldnerberatung-sued').set(anna).expect(404);
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(response.body).toMatchObject({ status: 404, code: 'PARTNER.NOT_FOUND' });
  });

  it('is open to every role without a purpose, and to nobody without a token', async () => {
    for (const user of ['anna.coach', 'ben.lead', 'clara.youth', 'deniz.psych', 'emil.counsel', 'frieda.dpo']) {
      const auth = { authorization: `Bearer ${await t.token(user)}` };
      expect((await t.http.get('/api/partners?service=psychotherapy').set(auth).expect(200)).body).toEqual({
        items: [expect.objectContaining({ agencyId: 'praxis-yilmaz' })],
      });
    }
    const anonymous = await t.http.get('/api/partners').expect(401);
    expect(anonymous.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
    await t.http.get('/api/partners/praxis-yilmaz').expect(401);
  });

  it('writes no audit entry: the directory holds no case data', async () => {
    const before = await t.persistence.audit.size();
    await search('?area=Mitte');
    await t.http.get('/api/partners/vhs-mitte').set(anna).expect(200);
    await t.http.get('/api/partners/unknown').set(anna).expect(404);
    expect(await t.persistence.audit.size()).toBe(before);
  });
});
