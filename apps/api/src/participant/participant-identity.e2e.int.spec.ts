import { type TestApp, startTestApp } from '../testing/test-app';

describe('participant identity (sqlite)', () => {
  let t: TestApp;
  let lena: Record<string, string>;
  beforeAll(async () => {
    t = await startTestApp('sqlite');
    lena = { authorization: `Bearer ${await t.token('lena.teilnehmerin')}` };
  });
  afterAll(() => t.close());

  it('lists the demo participant on the sign-in page, without an agency', async () => {
    const config = (await t.http.get('/api/session/config').expect(200)).body as {
      demoUsers: { userId: string; displayName: string; role: string; agency?: unknown }[];
    };
    expect(config.demoUsers.find((u) => u.userId === 'lena.teilnehmerin')).toEqual({
      userId: 'lena.teilnehmerin',
      displayName: 'Lena Teilnehmerin',
      role: 'participant',
    });
  });

  it('answers her session as a participant with no agency and no purposes', async () => {
    const session = (await t.http.get('/api/session').set(lena).expect(200)).body as Record<string, unknown>;
    expect(session).toMatchObject({ userId: 'lena.teilnehmerin', role: 'participant', purposes: [] });
    expect(session['agency']).toBeUndefined();
  });

  it('refuses her token on staff routes with 403 AUTH.STAFF_ONLY, whatever purpose she declares', async () => {
    for (const [method, path] of [
      ['get', '/api/cases'],
      ['get', '/api/cases/7f1c1a55-8a8e-4d7c-9a53-2b7a3c1d0e11'],
      ['get', '/api/audit/entries'],
      ['get', '/api/partners'],
    ] as const) {
      const response = await t.http[method](path).set({ ...lena, 'x-purpose': 'integration' });
      expect([path, response.status, (response.body as { code?: string }).code]).toEqual([
        path,
        403,
        'AUTH.STAFF_ONLY',
      ]);
    }
  });
});
