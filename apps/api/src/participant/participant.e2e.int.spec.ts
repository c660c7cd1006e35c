import { randomUUID } from 'node:crypto';
import { type Response } from 'supertest';
import { clock } from '../app/clock';
import { type TestApp, PROFILES, participant, startTestApp } from '../testing/test-app';

const other = { givenName: 'Otto', familyName: 'Anders', birthDate: '1985-02-03' };

describe.each(PROFILES)('the participant: invitation, own cases, own consents (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  let lena: Record<string, string>;
  let caseA: string;
  let caseB: string;
  let consentA: string;
  let consentB: string;
  const realNow = clock.now;

  const invite = (caseId: string, headers = anna) =>
    t.http.post(`/api/cases/${caseId}/participant-invitations`).set(headers);
  const redeem = (code: string, headers = lena) =>
    t.http.post('/api/me/invitations/redemption').set(headers).send({ code });
  const grant = async (caseId: string): Promise<string> =>
    (
      (
        await t.http
          .post(`/api/cases/${caseId}/consents`)
          .set(anna)
          .send({
            purposes: ['coordination'],
            dataCategories: ['identity', 'plan'],
            recipientAgencyIds: ['jugendamt-mitte'],
            form: 'written',
            grantedBy: 'participant',
          })
          .expect(201)
      ).body as { id: string }
    ).id;
  const codeOf = (response: Response): string => (response.body as { code: string }).code;

  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
    lena = { authorization: `Bearer ${await t.token('lena.teilnehmerin')}` };
    caseA = await t.openCase(anna, participant);
    caseB = await t.openCase(anna, other);
    consentA = await grant(caseA);
    consentB = await grant(caseB);
  });
  afterEach(() => {
    clock.now = realNow;
  });
  afterAll(() => t.close());

  it('binds her account to the case whose code she redeems, and lists only that case', async () => {
    expect((await t.http.get('/api/me/cases').set(lena).expect(200)).body).toEqual({ items: [] });
    const issued = await invite(caseA);
    expect(issued.status).toBe(201);
    const { code, expiresAt } = issued.body as { code: string; expiresAt: string };
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(13.9 * 86_400_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(14 * 86_400_000);

    expect((await redeem(code.toLowerCase()).expect(200)).body).toEqual({ caseId: caseA });
    expect((await t.http.get('/api/me/cases').set(lena).expect(200)).body).toEqual({
      items: [
        {
          caseId: caseA,
          givenName: participant.givenName,
          familyName: participant.familyName,
          leadAgency: { id: 'jobcenter-mitte', name: 'Jobcenter Mitte' },
          restriction: null,
          accuracyDisputed: null,
        },
      ],
    });
  });

  it('stores no code, only its hash', async () => {
    const { code } = (await invite(caseB).expect(201)).body as { code: string };
    const stored = JSON.stringify((await t.allEvents()).map(({ streamId, data }) => ({ streamId, data })));
    expect(stored).not.toContain(code);
    expect(stored).not.toContain(code.replace(/-/g, ''));
  });

  it('refuses a used code, an expired one, an unknown one and garbage with one 404 answer', async () => {
    const used = codeOf(await invite(caseA).expect(201));
    await redeem(used).expect(200);
    const expired = codeOf(await invite(caseB).expect(201));
    clock.now = () => new Date(Date.now() + 14 * 86_400_000 + 1000);
    for (const code of [used, expired, 'ABCD-EFGH-JKMN', 'not a code']) {
      const response = await redeem(code);
      expect([code, response.status, (response.body as { code?: string }).code]).toEqual([
        code,
        404,
        'INVITATION.NOT_REDEEMABLE',
      ]);
    }
    clock.now = realNow;
    // Expiry refused the code, it did not use it up: still not redeemable later, and still not bound.
    expect(((await t.http.get('/api/me/cases').set(lena).expect(200)).body as { items: unknown[] }).items).toHaveLength(
      1,
    );
  });

  it('lets only a caseworker on the case team issue a code', async () => {
    const answers = [];
    for (const [userId, purpose] of [
      ['ben.lead', 'integration'],
      ['clara.youth', 'coordination'],
      ['emil.counsel', 'coordination'],
      ['frieda.dpo', 'audit'],
    ] as const) {
      answers.push([userId, (await invite(caseA, await t.as(userId, purpose))).status]);
    }
    expect(answers).toEqual([
      ['ben.lead', 403],
      ['clara.youth', 403],
      ['emil.counsel', 404],
      ['frieda.dpo', 404],
    ]);
  });

  it('answers 404 for any case her account is not bound to, on every /api/me route', async () => {
    const unknown = randomUUID();
    for (const caseId of [caseB, unknown]) {
      const probes: [string, Response][] = [
        ['GET consents', await t.http.get(`/api/me/cases/${caseId}/consents`).set(lena)],
        ['GET copy', await t.http.get(`/api/me/cases/${caseId}/copy`).set(lena)],
        [
          'POST withdrawal',
          await t.http
            .post(`/api/me/cases/${caseId}/consents/${caseId === caseB ? consentB : consentA}/withdrawal`)
            .set(lena),
        ],
      ];
      expect(probes.map(([name, r]) => [name, r.status, (r.body as { code?: string }).code])).toEqual(
        probes.map(([name]) => [name, 404, 'CASE.NOT_FOUND']),
      );
    }
    // Nothing of case B was touched: its consent is still active for the youth office.
    await t.http
      .get(`/api/cases/${caseB}`)
      .set(await t.as('clara.youth', 'coordination'))
      .expect(200);
  });

  it('refuses staff tokens on /api/me and her token on staff routes (403)', async () => {
    const clara = await t.as('clara.youth', 'coordination');
    const staff: [string, Response][] = [
      ['GET /api/me/cases', await t.http.get('/api/me/cases').set(anna)],
      ['GET consents', await t.http.get(`/api/me/cases/${caseA}/consents`).set(anna)],
      ['GET copy', await t.http.get(`/api/me/cases/${caseA}/copy`).set(anna)],
      ['POST withdrawal', await t.http.post(`/api/me/cases/${caseA}/consents/${consentA}/withdrawal`).set(anna)],
      [
        'POST redemption',
        await t.http.post('/api/me/invitations/redemption').set(clara).send({ code: 'ABCD-EFGH-JKMN' }),
      ],
    ];
    expect(staff.map(([n, r]) => [n, r.status, (r.body as { code?: string }).code])).toEqual(
      staff.map(([n]) => [n, 403, 'AUTH.PARTICIPANT_ONLY']),
    );
    const own: [string, Response][] = [
      ['GET case', await t.http.get(`/api/cases/${caseA}`).set({ ...lena, 'x-purpose': 'coordination' })],
      ['GET consents', await t.http.get(`/api/cases/${caseA}/consents`).set({ ...lena, 'x-purpose': 'coordination' })],
      [
        'POST withdrawal',
        await t.http
          .post(`/api/cases/${caseA}/consents/${consentA}/withdrawal`)
          .set({ ...lena, 'x-purpose': 'integration' }),
      ],
      ['POST invitation', await invite(caseA, { ...lena, 'x-purpose': 'integration' })],
    ];
    expect(own.map(([n, r]) => [n, r.status, (r.body as { code?: string }).code])).toEqual(
      own.map(([n]) => [n, 403, 'AUTH.STAFF_ONLY']),
    );
  });

  it('shows her consents, and her withdrawal refuses the youth office at its next request', async () => {
    const clara = await t.as('clara.youth', 'coordination');
    await t.http.get(`/api/cases/${caseA}`).set(clara).expect(200);

    const listed = (await t.http.get(`/api/me/cases/${caseA}/consents`).set(lena).expect(200)).body as {
      items: Record<string, unknown>[];
    };
    expect(listed.items).toEqual([
      expect.objectContaining({
        consentId: consentA,
        purposes: ['coordination'],
        dataCategories: ['identity', 'plan'],
        recipients: [{ id: 'jugendamt-mitte', name: 'Jugendamt Mitte' }],
        state: 'active',
        withdrawable: true,
      }),
    ]);

    const withdrawn = await t.http.post(`/api/me/cases/${caseA}/consents/${consentA}/withdrawal`).set(lena).expect(201);
    expect(withdrawn.body).toEqual({ consentId: consentA, withdrawnAt: expect.any(String) as string });

    const refused = await t.http.get(`/api/cases/${caseA}`).set(clara);
    expect(refused.status).toBe(404);
    const after = (await t.http.get(`/api/me/cases/${caseA}/consents`).set(lena).expect(200)).body as {
      items: Record<string, unknown>[];
    };
    expect(after.items).toEqual([
      expect.objectContaining({ consentId: consentA, state: 'withdrawn', withdrawable: false }),
    ]);
    // Once only: a second withdrawal is a conflict.
    const again = await t.http.post(`/api/me/cases/${caseA}/consents/${consentA}/withdrawal`).set(lena);
    expect([again.status, (again.body as { code?: string }).code]).toEqual([409, 'CONSENT.NOT_ACTIVE']);
  });

  it('gives her a copy of her data as JSON and as a page, everything escaped', async () => {
    const copy = (await t.http.get(`/api/me/cases/${caseA}/copy`).set(lena).expect(200)).body as {
      caseId: string;
      participant: unknown;
      case: { leadAgency: unknown; team: { agency: { id: string }; role: string }[] };
      consents: { consentId: string }[];
      accesses: { agency: { id: string }; role: string; legalBasis: { kind: string }[] }[];
      notIncluded: string[];
    };
    expect(copy).toMatchObject({
      caseId: caseA,
      participant,
      case: { leadAgency: { id: 'jobcenter-mitte', name: 'Jobcenter Mitte' } },
      consents: [{ consentId: consentA }],
    });
    expect(copy.case.team).toEqual([
      { agency: { id: 'jobcenter-mitte', name: 'Jobcenter Mitte' }, role: 'caseworker' },
    ]);
    // The youth office's reads under her consent are there, by role, with the consent as basis; no staff id anywhere.
    expect(copy.accesses).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          agency: expect.objectContaining({ id: 'jugendamt-mitte' }) as unknown,
          role: 'caseworker',
        }),
      ]),
    );
    expect(JSON.stringify(copy)).not.toMatch(/anna\.coach|clara\.youth/);
    expect(copy.notIncluded.length).toBeGreaterThan(0);

    const page = await t.http
      .get(`/api/me/cases/${caseA}/copy`)
      .set({ ...lena, accept: 'text/html' })
      .expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/style-src 'sha256-/);
    expect(page.text).toContain('Kopie Ihrer Daten');
    expect(page.text).toContain(`${participant.givenName} ${participant.familyName}`);
    expect(page.text).toContain('Jugendamt Mitte');
  });

  it('escapes what the page shows', async () => {
    const tricky = { givenName: '<script>alert(1)</script>', familyName: 'O\'Neil & "Co"', birthDate: '1991-01-01' };
    const caseC = await t.openCase(anna, tricky);
    const { code } = (await invite(caseC).expect(201)).body as { code: string };
    await redeem(code).expect(200);
    const page = await t.http
      .get(`/api/me/cases/${caseC}/copy`)
      .set({ ...lena, accept: 'text/html' })
      .expect(200);
    expect(page.text).not.toContain('<script>');
    expect(page.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.text).toContain('O&#39;Neil &amp; &quot;Co&quot;');
  });

  it('records refusals before any handler: no token, a staff token under /api/me, her token on a staff route', async () => {
    const entriesOf = async (call: () => Promise<Response>) => {
      const before = await t.persistence.audit.size();
      const response = await call();
      const records = await t.persistence.audit.read(before, 100);
      return { status: response.status, entries: records.flatMap((r) => (r.entry ? [r.entry] : [])) };
    };
    const noToken = await entriesOf(() => t.http.get(`/api/me/cases/${caseA}/consents`));
    expect(noToken.status).toBe(401);
    expect(noToken.entries).toMatchObject([
      { action: 'request', caseRef: caseA, decision: 'deny', outcome: 401, actor: { role: '(anonymous)' } },
    ]);
    const staff = await entriesOf(() => t.http.get(`/api/me/cases/${caseA}/consents`).set(anna));
    expect(staff.status).toBe(403);
    expect(staff.entries).toMatchObject([
      { action: 'request', caseRef: caseA, decision: 'deny', outcome: 403, actor: { userId: 'anna.coach' } },
    ]);
    const own = await entriesOf(() => t.http.get(`/api/cases/${caseA}`).set({ ...lena, 'x-purpose': 'coordination' }));
    expect(own.status).toBe(403);
    expect(own.entries).toMatchObject([
      {
        action: 'request',
        caseRef: caseA,
        decision: 'deny',
        outcome: 403,
        purpose: 'data_subject_access',
        actor: { userId: 'lena.teilnehmerin', role: 'participant', agencyId: '(participant)' },
      },
    ]);
  });

  it('holds an account off after 10 refused codes within 24 hours, even with a valid code, then lets it in', async () => {
    const day0 = Date.now() + 60 * 86_400_000;
    clock.now = () => new Date(day0);
    const valid = codeOf(await invite(caseB).expect(201));
    for (let i = 0; i < 10; i++) await redeem('ZZZZ-ZZZZ-ZZZZ').expect(404);
    const held = await redeem(valid);
    expect([held.status, (held.body as { code?: string }).code]).toEqual([429, 'INVITATION.TOO_MANY_ATTEMPTS']);
    clock.now = () => new Date(day0 + 86_400_000 + 1000);
    expect((await redeem(valid).expect(200)).body).toEqual({ caseId: caseB });
  });

  it('records her accesses with actor role participant, no agency, and her own purpose', async () => {
    const frieda = await t.as('frieda.dpo', 'audit');
    const { items } = (await t.http.get(`/api/audit/entries?caseId=${caseA}&limit=200`).set(frieda).expect(200))
      .body as {
      items: {
        entry: {
          actor: { role: string; agencyId: string; userId: string };
          action: string;
          purpose: string;
          decision: string;
          legalBasis: string[];
        };
      }[];
    };
    const own = items.map((i) => i.entry).filter((e) => e.actor.role === 'participant');
    expect(own.map((e) => e.action)).toEqual(
      expect.arrayContaining(['redeem_invitation', 'list', 'read', 'withdraw_consent']),
    );
    for (const e of own) {
      expect(e.actor).toEqual({ userId: 'lena.teilnehmerin', role: 'participant', agencyId: '(participant)' });
      expect(e.purpose).toBe('data_subject_access');
    }
    expect(own.find((e) => e.action === 'withdraw_consent' && e.decision === 'permit')?.legalBasis).toEqual([
      'Art. 7 Abs. 3 GDPR: withdrawal by the data subject',
    ]);
  });
});
