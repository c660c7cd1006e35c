import { createHash } from 'node:crypto';
import { type TestApp, PROFILES, participant, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;

/** The directives of a Content-Security-Policy header, by name. */
const directives = (header: unknown): Record<string, string[]> => {
  const found: Record<string, string[]> = {};
  for (const directive of String(header).split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/);
    if (name) found[name] = values;
  }
  return found;
};

describe.each(PROFILES)('the HTTP edge (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let caseId: string;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
    caseId = await t.openCase(anna);
  });
  afterAll(() => t.close());

  describe('security headers', () => {
    const expectStrictHeaders = (headers: Record<string, string>) => {
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['referrer-policy']).toBe('no-referrer');
      expect(headers['cache-control']).toBe('no-store');
      expect(headers['x-powered-by']).toBeUndefined();
      const csp = directives(headers['content-security-policy']);
      expect(csp['default-src']).toEqual(["'none'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(csp['base-uri']).toEqual(["'none'"]);
      expect(csp['form-action']).toEqual(["'none'"]);
      expect(csp['script-src']).toBeUndefined();
    };

    it('are on a case read, on a token, on a refusal and on an unknown route', async () => {
      const read = await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200);
      expect((read.body as { participant: unknown }).participant).toEqual(participant);
      expectStrictHeaders(read.headers);
      expectStrictHeaders((await t.http.post('/api/dev/token').send({ userId: 'anna.coach' }).expect(201)).headers);
      const refused = await t.http.get(`/api/cases/${caseId}`).set(await t.as('deniz.psych', 'integration'));
      expect(refused.status).toBe(404);
      expectStrictHeaders(refused.headers);
      const unknown = await t.http.get('/api/nothing-here').expect(404);
      expect(unknown.headers['content-type']).toMatch(PROBLEM);
      expectStrictHeaders(unknown.headers);
    });

    it('let the HTML access report apply its own stylesheet, by hash, and nothing else', async () => {
      const page = await t.http.get(`/api/cases/${caseId}/access-report`).set(anna).set('accept', 'text/html');
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['cache-control']).toBe('no-store');
      const styles = [...page.text.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(([, css]) => css ?? '');
      expect(styles).toHaveLength(1);
      const hash = `'sha256-${createHash('sha256')
        .update(styles[0] ?? '')
        .digest('base64')}'`;
      const csp = directives(page.headers['content-security-policy']);
      expect(csp).toEqual({
        'default-src': ["'none'"],
        'base-uri': ["'none'"],
        'form-action': ["'none'"],
        'frame-ancestors': ["'none'"],
        'style-src': [hash],
      });
      expect(page.text).not.toMatch(/<script|style="/i);
    });

    it('give the Swagger UI its own scripts and styles, and no inline script', async () => {
      const ui = await t.http.get('/api/docs').redirects(1).expect(200);
      expect(ui.headers['content-type']).toContain('text/html');
      expect(ui.headers['x-frame-options']).toBe('DENY');
      expect(ui.headers['x-content-type-options']).toBe('nosniff');
      expect(ui.headers['cache-control']).not.toBe('no-store');
      const csp = directives(ui.headers['content-security-policy']);
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(csp['default-src']).toEqual(["'none'"]);
      // Everything the page loads comes from this origin and is served.
      const assets = [...ui.text.matchAll(/(?:src|href)=['"]([^'"]+)['"]/g)]
        .map(([, url]) => url ?? '')
        .filter((url) => !url.startsWith('#') && !url.startsWith('http'));
      expect(assets.length).toBeGreaterThan(1);
      for (const asset of assets) {
        const url = asset.startsWith('/') ? asset : `/api/docs/${asset.replace(/^\.\//, '')}`;
        await t.http.get(url).expect(200);
      }
      expect(ui.text).not.toMatch(/<script>/);
      await t.http.get('/api/docs-json').expect(200);
    });
  });

  describe('forbidden characters', () => {
    it('are refused in a path parameter, a query parameter and a property name, naming the field only', async () => {
      const before = (await t.allEvents()).length;
      const attempts: [() => Promise<import('supertest').Response>, string][] = [
        [() => t.http.get(`/api/cases/${caseId}%E2%80%AE`).set(anna), 'id'],
        [() => t.http.get('/api/cases/%00').set(anna), 'id'],
        // A lone surrogate in UTF-8 spelling cannot even be decoded.
        [() => t.http.get('/api/cases/%ED%A0%80/timeline').set(anna), '(path)'],
        [() => t.http.post('/api/cases/%FF/contacts').set(anna).send({}), '(path)'],
        [() => t.http.get('/api/cases?limit=1%00').set(anna), 'limit'],
        [() => t.http.get('/api/partners?service=addiction_counselling&area=Nord%E2%80%AE').set(anna), 'area'],
        [
          () =>
            t.http
              .post('/api/cases')
              .set(anna)
              .set('content-type', 'application/json')
              .send(
                '{"participant":{"givenName":"Mara","familyName":"Beispiel","birthDate":"1990-04-01"},"x\\u0000":1}',
              ),
          '(body)',
        ],
      ];
      for (const [send, field] of attempts) {
        const response = await send();
        expect({ field, status: response.status, code: (response.body as { code?: string }).code }).toEqual({
          field,
          status: 400,
          code: 'REQUEST.FORBIDDEN_CHARACTER',
        });
        expect(response.headers['content-type']).toMatch(PROBLEM);
        expect((response.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual([field]);
        expect(JSON.stringify(response.body)).not.toMatch(/Nord|\u202e|\\u0000|\\u202e|'%/i);
      }
      expect((await t.allEvents()).length).toBe(before);
    });

    it("are refused in a referral's reason, and nothing is appended", async () => {
      const id = await t.openCase(anna);
      const annaHp = await t.as('anna.coach', 'health_promotion');
      await t.http
        .post(`/api/cases/${id}/consents`)
        .set(anna)
        .send({
          purposes: ['health_promotion'],
          dataCategories: ['identity', 'addiction'],
          recipientAgencyIds: ['suchtberatung-nord'],
          form: 'written',
          grantedBy: 'participant',
        })
        .expect(201);
      const before = (await t.allEvents()).length;
      for (const reason of ['Alkohol\u0000konsum', 'Alkohol\u202ekonsum', 'Alkohol\ud800konsum']) {
        const response = await t.http
          .post(`/api/cases/${id}/referrals`)
          .set(annaHp)
          .send({
            partnerAgencyId: 'suchtberatung-nord',
            sharedCategories: ['identity', 'addiction'],
            reason,
          });
        expect({ status: response.status, body: response.body as unknown }).toMatchObject({
          status: 400,
          body: { code: 'REQUEST.FORBIDDEN_CHARACTER', errors: [{ field: 'reason' }] },
        });
        expect(response.text).not.toContain('Alkohol');
      }
      expect((await t.allEvents()).length).toBe(before);
    });

    it('are no reason to refuse German, Arabic or Hebrew text, emoji, or line breaks in free text', async () => {
      const person = { givenName: 'Jürgen-Maëlle 😀', familyName: 'Öztürk-Weiß بن يوسف שרה', birthDate: '1990-04-01' };
      const id = await t.openCase(anna, person);
      expect(
        ((await t.http.get(`/api/cases/${id}`).set(anna).expect(200)).body as { participant: unknown }).participant,
      ).toEqual(person);
      const summary = 'Gespräch über Wohnung\r\nund Arbeit:\tß, ä, ö, ü\nمرحبا — שלום 👍🏽';
      await t.http
        .post(`/api/cases/${id}/contacts`)
        .set(anna)
        .send({ kind: 'office', occurredAt: new Date().toISOString(), durationMinutes: 30, summary })
        .expect(201);
      const contacts = (await t.http.get(`/api/cases/${id}/contacts`).set(anna).expect(200)).body as {
        items: { summary?: string }[];
      };
      expect(contacts.items.map((c) => c.summary)).toEqual([summary]);
    });
  });
});
