import { type SessionConfigDto } from '@fallverbund/identity';
import { startTestApp, type TestApp } from '../testing/test-app';

describe('GET /api/session/config (embedded)', () => {
  let t: TestApp;
  const config = async (): Promise<SessionConfigDto> =>
    (await t.http.get('/api/session/config').expect(200)).body as SessionConfigDto;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
  });
  afterAll(() => t.close());

  it('names the profile and the demo users with role and agency, without a token', async () => {
    const body = await config();
    expect(body.profile).toBe('embedded');
    expect(body.oidc).toBeUndefined();
    expect(body.demoUsers).toContainEqual({
      userId: 'anna.coach',
      displayName: 'anna.coach',
      role: 'caseworker',
      agency: { id: 'jobcenter-mitte', name: 'Jobcenter Mitte', type: 'jobcenter' },
    });
    expect(body.demoUsers?.map((u) => u.userId)).toContain('frieda.dpo');
  });

  it('hands out a token for each demo user it names', async () => {
    for (const { userId } of (await config()).demoUsers ?? []) {
      await t.http.post('/api/dev/token').send({ userId }).expect(201);
    }
  });
});
