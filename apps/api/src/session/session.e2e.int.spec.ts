import { startTestApp, type TestApp } from '../testing/test-app';
import { type SessionDto } from './session.controller';

describe('GET /api/session', () => {
  let t: TestApp;
  const session = async (userId: string): Promise<SessionDto> =>
    (
      await t.http
        .get('/api/session')
        .set({ authorization: `Bearer ${await t.token(userId)}` })
        .expect(200)
    ).body as SessionDto;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t.close());

  it("names the caller, the agency and the purposes to work under, the agency's statutory ones first", async () => {
    const anna = await session('anna.coach');
    expect(anna).toMatchObject({
      userId: 'anna.coach',
      role: 'caseworker',
      agency: { id: 'jobcenter-mitte', name: 'Jobcenter Mitte', type: 'jobcenter' },
    });
    expect(anna.purposes[0]).toEqual({
      purpose: 'integration',
      statutory: true,
      needs: ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress', 'finances'],
    });
    expect(anna.purposes.map((p) => p.purpose)).toContain('evaluation');
    expect(anna.purposes.map((p) => p.purpose)).not.toContain('child_protection');
    expect((await session('clara.youth')).purposes.map((p) => p.purpose)).toContain('child_protection');
    expect(anna.purposeNeeds).toContainEqual({
      purpose: 'child_protection',
      needs: ['identity', 'case_admin', 'contacts', 'youth_welfare', 'health'],
    });
    expect(anna.purposeNeeds.map((p) => p.purpose)).toHaveLength(10);
  });

  it('offers the data protection officer audit alone', async () =>
    expect((await session('frieda.dpo')).purposes.map((p) => p.purpose)).toEqual(['audit']));

  it('needs a token, and writes no audit entry (no case data)', async () => {
    const response = await t.http.get('/api/session').expect(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const before = await t.persistence.audit.size();
    await session('emil.counsel');
    expect(await t.persistence.audit.size()).toBe(before);
  });
});
