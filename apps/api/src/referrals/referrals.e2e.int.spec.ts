import {
  ErasureService,
  ProjectionRunner,
  ReferralRow,
  ReferralStepRow,
  referralProjection,
} from '@fallverbund/cases-application';
import { type RecordedEvent } from '@fallverbund/event-store';
import { type Actor, ERASED } from '@fallverbund/kernel';
import { type Response } from 'supertest';
import { clock } from '../app/clock';
import { participant, type TestApp, PROFILES, startTestApp } from '../testing/test-app';

const PROBLEM = /^application\/problem\+json/;
const DAY = 86_400_000;
const reasonText = 'Alkoholkonsum gefährdet die Arbeitsaufnahme, Beratung gewünscht';

interface ReferralItem {
  id: string;
  caseId: string;
  partner: { agencyId: string; name: string | null; agencyType: string | null };
  purpose: string;
  sharedCategories: string[];
  consentIds: string[];
  status: string;
  reason: unknown;
  sentAt: string;
  acceptedAt: string | null;
  firstAppointmentAt: string | null;
  waitingDays: number | null;
  completedAt: string | null;
  attestation: { attended: boolean; goalReached: boolean } | null;
  cancelled: { at: string; reason: string } | null;
  steps: { status: string; at: string; by: string }[];
}

describe.each(PROFILES)('referrals: the closed loop under consent (%s)', (profile) => {
  let t: TestApp;
  let anna: Record<string, string>;
  // A referral is made for the declared purpose: anna refers to addiction counselling under health_promotion.
  let annaHp: Record<string, string>;
  let emil: Record<string, string>;
  const realNow = clock.now;
  beforeAll(async () => {
    t = await startTestApp(profile);
    anna = await t.as('anna.coach', 'integration');
    annaHp = await t.as('anna.coach', 'health_promotion');
    // The counselling service works on the referral for the referral's purpose.
    emil = await t.as('emil.counsel', 'health_promotion');
  });
  afterAll(async () => {
    clock.now = realNow;
    await t.close();
  });
  afterEach(() => {
    clock.now = realNow;
  });

  const eventCount = async (): Promise<number> => (await t.allEvents()).length;
  const caseVersion = async (caseId: string): Promise<number> =>
    ((await t.http.get(`/api/cases/${caseId}`).set(anna).expect(200)).body as { version: number }).version;

  const grantConsent = async (caseId: string, body: object = {}): Promise<string> =>
    (
      (
        await t.http
          .post(`/api/cases/${caseId}/consents`)
          .set(anna)
          .send({
            purposes: ['health_promotion'],
            dataCategories: ['identity', 'addiction'],
            recipientAgencyIds: ['suchtberatung-nord'],
            form: 'written',
            grantedBy: 'participant',
            ...body,
          })
          .expect(201)
      ).body as { id: string }
    ).id;

  const referral = {
    partnerAgencyId: 'suchtberatung-nord',
    purpose: 'health_promotion',
    sharedCategories: ['identity', 'addiction'],
    reason: reasonText,
  };
  const send = (caseId: string, body: object = referral, as = annaHp): Promise<Response> =>
    t.http.post(`/api/cases/${caseId}/referrals`).set(as).send(body);
  const sent = async (caseId: string, body: object = referral, as = annaHp): Promise<string> => {
    const response = await send(caseId, body, as);
    expect(response.status).toBe(201);
    return (response.body as { id: string }).id;
  };
  const step = (caseId: string, referralId: string, path: string, as: Record<string, string>, body: object = {}) =>
    t.http.post(`/api/cases/${caseId}/referrals/${referralId}/${path}`).set(as).send(body);
  const readReferral = (caseId: string, referralId: string, as: Record<string, string>) =>
    t.http.get(`/api/cases/${caseId}/referrals/${referralId}`).set(as);

  /** A refusal: the status and code, a problem response, and neither an event nor a new case version. */
  const refused = async (caseId: string, request: () => Promise<Response>, status: number, code?: string) => {
    const [events, version] = [await eventCount(), await caseVersion(caseId)];
    const response = await request();
    expect({ status: response.status, code: (response.body as { code?: string }).code }).toEqual({
      status,
      code: code ?? (response.body as { code?: string }).code,
    });
    expect(response.headers['content-type']).toMatch(PROBLEM);
    expect(await eventCount()).toBe(events);
    expect(await caseVersion(caseId)).toBe(version);
    return response;
  };

  it('walks sent → accepted → first appointment → completed, with the waiting time and an attestation only', async () => {
    const caseId = await t.openCase(anna);
    const consentId = await grantConsent(caseId);
    // A second partner, under its own consent: emil must not see this referral.
    await grantConsent(caseId, {
      purposes: ['integration'],
      dataCategories: ['identity'],
      recipientAgencyIds: ['schuldnerberatung-mitte'],
    });
    const other = await sent(
      caseId,
      {
        partnerAgencyId: 'schuldnerberatung-mitte',
        purpose: 'integration',
        sharedCategories: ['identity'],
        reason: 'Schulden klären',
      },
      anna,
    );

    const response = await send(caseId);
    expect(response.status).toBe(201);
    expect(response.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown });
    const referralId = (response.body as { id: string }).id;
    const sentAt = Date.now();
    const stored = JSON.stringify((await t.persistence.rawEvents.readStream(`case-${caseId}`)).map((e) => e.data));
    expect(stored).not.toContain('Alkoholkonsum');

    // Not on the team, yet the partner reads the referral, and the shared identity through the case route.
    const inbox = await t.http.get('/api/referrals').set(emil).expect(200);
    expect((inbox.body as { items: ReferralItem[] }).items.map((r) => r.id)).toEqual([referralId]);
    const caseView = (await t.http.get(`/api/cases/${caseId}`).set(emil).expect(200)).body as Record<string, unknown>;
    expect(caseView['participant']).toEqual({ givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' });
    expect(caseView['caseAdmin']).toBeUndefined();
    expect(caseView['access']).toEqual({
      purpose: 'health_promotion',
      legalBasis: {
        identity: `consent:${consentId}`,
        referrals: `consent:${consentId}`,
        addiction: `consent:${consentId}`,
      },
      // The partner may answer the referral and write what the consent gives it; contacts are not among them.
      recordable: ['identity', 'referrals', 'addiction'],
      // It answers this referral; it does not refer the participant on (the send route refuses it).
      mayRefer: false,
    });
    await t.http.get(`/api/cases/${caseId}/contacts`).set(emil).expect(403);
    const partnerList = (await t.http.get(`/api/cases/${caseId}/referrals`).set(emil).expect(200)).body as {
      items: ReferralItem[];
    };
    expect(partnerList.items.map((r) => r.id)).toEqual([referralId]);
    expect((await readReferral(caseId, other, emil)).status).toBe(404);
    // Under another purpose than the referral's the partner reads nothing.
    const emilCoordinating = await t.as('emil.counsel', 'coordination');
    expect((await t.http.get(`/api/cases/${caseId}`).set(emilCoordinating)).status).toBe(404);

    await step(caseId, referralId, 'accept', emil).expect(201);
    // Nine days later the first appointment took place, yesterday.
    clock.now = () => new Date(Date.now() + 10 * DAY);
    const appointmentAt = new Date(sentAt + 9 * DAY + 3_600_000).toISOString();
    await step(caseId, referralId, 'first-appointment', emil, { appointmentAt }).expect(201);
    await step(caseId, referralId, 'complete', emil, { attended: true, goalReached: false }).expect(201);

    // Completed: the referral no longer opens the referrals to the partner (403), while the consent,
    // which needs no team place (policy 2026-12-04.3), still shares identity and addiction with it.
    expect((await readReferral(caseId, referralId, emil)).status).toBe(403);
    expect((await t.http.get(`/api/cases/${caseId}`).set(emil)).status).toBe(200);
    // Withdrawn, nothing of the case is left to the partner.
    await t.http.post(`/api/cases/${caseId}/consents/${consentId}/withdrawal`).set(anna).expect(201);
    expect((await readReferral(caseId, referralId, emil)).status).toBe(404);
    expect((await t.http.get(`/api/cases/${caseId}`).set(emil)).status).toBe(404);
    expect((await t.http.get('/api/referrals').set(emil).expect(200)).body).toEqual({
      items: [],
      nextOffset: null,
      hiddenByPurpose: [],
    });

    const view = (await readReferral(caseId, referralId, annaHp).expect(200)).body as ReferralItem;
    expect(view).toMatchObject({
      id: referralId,
      caseId,
      partner: { agencyId: 'suchtberatung-nord', name: 'Suchtberatung Nord', agencyType: 'network_partner' },
      purpose: 'health_promotion',
      sharedCategories: ['identity', 'addiction'],
      consentIds: [consentId],
      status: 'completed',
      reason: reasonText,
      firstAppointmentAt: appointmentAt,
      waitingDays: 9,
      attestation: { attended: true, goalReached: false },
      cancelled: null,
    });
    expect(view.steps.map((s) => [s.status, s.by])).toEqual([
      ['sent', 'anna.coach'],
      ['accepted', 'emil.counsel'],
      ['first_appointment', 'emil.counsel'],
      ['completed', 'emil.counsel'],
    ]);
    // Each purpose sees the referrals whose partner it may know: the addiction service under health
    // promotion, the debt counselling (finances) under integration.
    const listed = async (headers: Record<string, string>) =>
      (
        (await t.http.get(`/api/cases/${caseId}/referrals`).set(headers).expect(200)).body as { items: ReferralItem[] }
      ).items.map((r) => [r.id, r.status]);
    expect(await listed(annaHp)).toEqual([[referralId, 'completed']]);
    expect(await listed(anna)).toEqual([[other, 'sent']]);

    // Each step is its own event, and the partner's are recorded under the covering consent.
    const events = (await t.allEvents()).filter((e) => e.streamId === `case-${caseId}`).map((e) => e.type);
    expect(events.filter((type) => type.startsWith('Referral') || type === 'FirstAppointmentRecorded')).toEqual([
      'ReferralSent',
      'ReferralSent',
      'ReferralAccepted',
      'FirstAppointmentRecorded',
      'ReferralCompleted',
    ]);
    const entries = (await t.persistence.audit.read(0, 10_000)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(entries.find((e) => e.action === 'complete_referral')).toMatchObject({
      actor: { userId: 'emil.counsel' },
      route: 'POST /api/cases/{id}/referrals/{referralId}/complete',
      categories: ['referrals'],
      legalBasis: [`consent:${consentId}`],
      decision: 'permit',
      outcome: 201,
      disclosure: true,
    });
  });

  it('refuses a referral that would share a category the consent does not cover, and appends nothing', async () => {
    const caseId = await t.openCase(anna);
    await grantConsent(caseId);
    const size = await t.persistence.audit.size();
    const response = await refused(
      caseId,
      () => send(caseId, { ...referral, sharedCategories: ['identity', 'contacts', 'addiction'] }),
      403,
      'REFERRAL.NOT_COVERED_BY_CONSENT',
    );
    expect((response.body as { detail: string }).detail).toContain('contacts');
    expect((response.body as { detail: string }).detail).not.toContain('addiction');
    const entries = (await t.persistence.audit.read(size, 100)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(entries.filter((e) => e.action === 'send_referral')).toMatchObject([
      {
        decision: 'deny',
        outcome: 403,
        caseRef: caseId,
        purpose: 'health_promotion',
        categories: ['referrals', 'identity', 'contacts', 'addiction'],
        legalBasis: [],
      },
    ]);
    // Without any consent for the partner nothing can be shared.
    const bare = await t.openCase(anna);
    await refused(bare, () => send(bare), 403, 'REFERRAL.NOT_COVERED_BY_CONSENT');
    expect((await t.http.get(`/api/cases/${caseId}/referrals`).set(anna).expect(200)).body).toEqual({ items: [] });
  });

  it('refuses an unknown partner, a purpose the partner does not serve and a category the purpose does not need', async () => {
    const caseId = await t.openCase(anna);
    await grantConsent(caseId);
    await refused(
      caseId,
      () => send(caseId, { ...referral, partnerAgencyId: 'nirgendwo' }),
      400,
      'REFERRAL.UNKNOWN_PARTNER',
    );
    await refused(
      caseId,
      () => send(caseId, { ...referral, partnerAgencyId: 'schuldnerberatung-mitte' }),
      400,
      'REFERRAL.PURPOSE_NOT_SERVED',
    );
    await refused(
      caseId,
      async () =>
        send(
          caseId,
          { ...referral, purpose: 'coordination', sharedCategories: ['identity', 'addiction'] },
          await t.as('anna.coach', 'coordination'),
        ),
      400,
      'REFERRAL.INVALID',
    );
  });

  it('refuses a step from the wrong side (403) or the wrong status (409), and appends nothing', async () => {
    const caseId = await t.openCase(anna);
    await grantConsent(caseId);
    const referralId = await sent(caseId);
    await refused(caseId, () => step(caseId, referralId, 'accept', annaHp), 403, 'REFERRAL.WRONG_SIDE');
    await refused(
      caseId,
      () => step(caseId, referralId, 'cancel', emil, { reason: 'other' }),
      403,
      'REFERRAL.WRONG_SIDE',
    );
    // The partner's grant answers the referral; it does not refer the participant on.
    await refused(caseId, () => send(caseId, referral, emil), 403, 'ACCESS.DENIED');
    await refused(
      caseId,
      () => step(caseId, referralId, 'first-appointment', emil, { appointmentAt: new Date().toISOString() }),
      409,
      'REFERRAL.ILLEGAL_TRANSITION',
    );
    await step(caseId, referralId, 'accept', emil).expect(201);
    await refused(caseId, () => step(caseId, referralId, 'accept', emil), 409, 'REFERRAL.ILLEGAL_TRANSITION');
    await refused(
      caseId,
      () => step(caseId, referralId, 'decline', emil, { reason: 'no_capacity' }),
      409,
      'REFERRAL.ILLEGAL_TRANSITION',
    );
    await refused(
      caseId,
      () => step(caseId, referralId, 'complete', emil, { attended: true, goalReached: true }),
      409,
      'REFERRAL.ILLEGAL_TRANSITION',
    );
    // Another agency without any grant does not learn that the case exists.
    const clara = await t.as('clara.youth', 'health_promotion');
    await refused(caseId, () => step(caseId, referralId, 'accept', clara), 404, 'CASE.NOT_FOUND');
    await refused(
      caseId,
      () => readReferral(caseId, '00000000-0000-4000-8000-000000000000', anna),
      404,
      'REFERRAL.NOT_FOUND',
    );

    await step(caseId, referralId, 'cancel', annaHp, { reason: 'need_met_elsewhere' }).expect(201);
    const view = (await readReferral(caseId, referralId, annaHp).expect(200)).body as ReferralItem;
    expect(view).toMatchObject({ status: 'cancelled', cancelled: { reason: 'need_met_elsewhere' } });
    await refused(caseId, () => step(caseId, referralId, 'cancel', annaHp, { reason: 'other' }), 409);
  });

  it('lets the partner decline with a reason', async () => {
    const caseId = await t.openCase(anna);
    await grantConsent(caseId);
    const referralId = await sent(caseId);
    const filtered = (await t.http.get('/api/referrals?status=sent').set(emil).expect(200)).body as {
      items: ReferralItem[];
    };
    expect(filtered.items.map((r) => r.id)).toContain(referralId);
    await step(caseId, referralId, 'decline', emil, { reason: 'no_capacity' }).expect(201);
    expect((await readReferral(caseId, referralId, annaHp).expect(200)).body).toMatchObject({
      status: 'declined',
      declined: { reason: 'no_capacity' },
      acceptedAt: null,
    });
  });

  it('refuses bad bodies with a problem response and appends nothing', async () => {
    const caseId = await t.openCase(anna);
    await grantConsent(caseId);
    const referralId = await sent(caseId);
    const cases: [string, object][] = [
      ['referrals', { ...referral, reason: undefined }],
      ['referrals', { ...referral, reason: '' }],
      ['referrals', { ...referral, reason: 'x'.repeat(1001) }],
      ['referrals', { ...referral, sharedCategories: [] }],
      ['referrals', { ...referral, sharedCategories: ['gossip'] }],
      ['referrals', { ...referral, purpose: 'curiosity' }],
      ['referrals', { ...referral, urgent: true }],
      [`referrals/${referralId}/decline`, { reason: 'too busy' }],
      [`referrals/${referralId}/decline`, {}],
      [`referrals/${referralId}/first-appointment`, { appointmentAt: 'yesterday' }],
      [`referrals/${referralId}/complete`, { attended: 'yes', goalReached: true }],
      [`referrals/${referralId}/complete`, { attended: true, goalReached: true, note: 'lief gut' }],
      [`referrals/${referralId}/cancel`, { reason: 'bored' }],
      ['referrals/not-a-uuid/accept', {}],
    ];
    for (const [path, body] of cases) {
      const as = path.endsWith('cancel') || path === 'referrals' ? anna : emil;
      const response = await refused(caseId, () => t.http.post(`/api/cases/${caseId}/${path}`).set(as).send(body), 400);
      expect({ path, body, code: (response.body as { code: string }).code }).toEqual({
        path,
        body,
        code: 'REQUEST.VALIDATION',
      });
    }
    await step(caseId, referralId, 'accept', emil).expect(201);
    // Valid shapes the decider refuses: an appointment in the future, a goal reached without attending.
    await refused(
      caseId,
      () =>
        step(caseId, referralId, 'first-appointment', emil, {
          appointmentAt: new Date(Date.now() + DAY).toISOString(),
        }),
      400,
      'REFERRAL.INVALID',
    );
    await step(caseId, referralId, 'first-appointment', emil, { appointmentAt: new Date().toISOString() }).expect(201);
    await refused(
      caseId,
      () => step(caseId, referralId, 'complete', emil, { attended: false, goalReached: true }),
      400,
      'REFERRAL.INVALID',
    );
  });

  it("ends the partner's access with the consent: the referral and its shared data answer 404", async () => {
    const caseId = await t.openCase(anna);
    const consentId = await grantConsent(caseId);
    const referralId = await sent(caseId);
    await step(caseId, referralId, 'accept', emil).expect(201);
    expect((await t.http.get(`/api/cases/${caseId}`).set(emil).expect(200)).body).toMatchObject({
      participant: { familyName: 'Beispiel' },
    });
    expect((await readReferral(caseId, referralId, emil).expect(200)).body).toMatchObject({
      status: 'accepted',
      reason: reasonText,
    });

    await t.http.post(`/api/cases/${caseId}/consents/${consentId}/withdrawal`).set(anna).expect(201);

    for (const path of ['', '/referrals', `/referrals/${referralId}`]) {
      const response = await t.http.get(`/api/cases/${caseId}${path}`).set(emil);
      expect({ path, status: response.status, code: (response.body as { code: string }).code }).toEqual({
        path,
        status: 404,
        code: 'CASE.NOT_FOUND',
      });
    }
    const inbox = (await t.http.get('/api/referrals').set(emil).expect(200)).body as { items: ReferralItem[] };
    expect(inbox.items.map((r) => r.id)).not.toContain(referralId);
    await refused(
      caseId,
      () => step(caseId, referralId, 'first-appointment', emil, { appointmentAt: new Date().toISOString() }),
      404,
      'CASE.NOT_FOUND',
    );
    // The referring side still sees it and closes the loop.
    await step(caseId, referralId, 'cancel', annaHp, { reason: 'consent_withdrawn' }).expect(201);
    expect((await readReferral(caseId, referralId, annaHp).expect(200)).body).toMatchObject({
      status: 'cancelled',
      cancelled: { reason: 'consent_withdrawn' },
    });
  });

  it('records the inbox like the case list: one entry per listed case', async () => {
    const first = await t.openCase(anna);
    await grantConsent(first);
    await sent(first);
    await sent(first);
    const second = await t.openCase(anna);
    await grantConsent(second);
    await sent(second);
    const size = await t.persistence.audit.size();
    const inbox = (await t.http.get('/api/referrals?status=sent&limit=200').set(emil).expect(200)).body as {
      items: ReferralItem[];
    };
    const listed = new Set(inbox.items.map((r) => r.caseId));
    expect(listed.has(first) && listed.has(second)).toBe(true);
    const entries = (await t.persistence.audit.read(size, 1000)).flatMap((r) => (r.entry ? [r.entry] : []));
    expect(entries.map((e) => e.caseRef).sort()).toEqual([...listed].sort());
    expect(entries.every((e) => e.action === 'list' && e.route === 'GET /api/referrals')).toBe(true);
    // The consent names the counselling service for identity: the inbox names the participant, and records it.
    expect(entries.every((e) => e.categories.join() === 'referrals,identity' && e.decision === 'permit')).toBe(true);
    const page = (await t.http.get('/api/referrals?status=sent&limit=1').set(emil).expect(200)).body as {
      items: ReferralItem[];
      nextOffset: number | null;
    };
    expect({ count: page.items.length, nextOffset: page.nextOffset }).toEqual({ count: 1, nextOffset: 1 });
    // A DPO has no referrals: the empty list is recorded without a case.
    const before = await t.persistence.audit.size();
    const dpo = await t.as('frieda.dpo', 'audit');
    expect((await t.http.get('/api/referrals').set(dpo).expect(200)).body).toEqual({
      items: [],
      nextOffset: null,
      hiddenByPurpose: [],
    });
    expect((await t.persistence.audit.read(before, 10)).flatMap((r) => (r.entry ? [r.entry] : []))).toMatchObject([
      { action: 'list', caseRef: null, categories: [] },
    ]);
  });

  it('names the participant in the inbox only where the partner may read identity, and records identity only then', async () => {
    const named = await t.openCase(anna);
    await grantConsent(named);
    await sent(named);
    const unnamed = await t.openCase(anna, { ...participant, givenName: 'Ohne' });
    await grantConsent(unnamed, { dataCategories: ['addiction'] });
    await sent(unnamed, { ...referral, sharedCategories: ['addiction'] });
    const size = await t.persistence.audit.size();
    const response = await t.http.get('/api/referrals?status=sent&limit=200').set(emil).expect(200);
    const items = (response.body as { items: (ReferralItem & { participant?: unknown })[] }).items;
    expect(items.find((r) => r.caseId === named)?.participant).toEqual({
      givenName: participant.givenName,
      familyName: participant.familyName,
    });
    const withoutName = items.find((r) => r.caseId === unnamed);
    expect(withoutName?.sharedCategories).toEqual(['addiction']);
    expect(withoutName).not.toHaveProperty('participant');
    expect(JSON.stringify(response.body)).not.toContain('Ohne');
    const entries = (await t.persistence.audit.read(size, 1000)).flatMap((r) => (r.entry ? [r.entry] : []));
    const entryOf = (caseId: string) => entries.find((e) => e.caseRef === caseId);
    expect(entryOf(named)?.categories).toEqual(['referrals', 'identity']);
    expect(entryOf(named)?.legalBasis.length).toBeGreaterThan(0);
    expect(entryOf(unnamed)?.categories).toEqual(['referrals']);
  });

  it('purges the sealed reason at erasure, and the read model rebuilds from zero to the same rows', async () => {
    const caseId = await t.openCase(anna);
    await grantConsent(caseId);
    const referralId = await sent(caseId);
    await step(caseId, referralId, 'accept', emil).expect(201);
    const manager = t.persistence.dataSource.manager;
    expect((await manager.findOneByOrFail(ReferralRow, { referralId })).reasonSealed).not.toBeNull();

    const frieda: Actor = {
      userId: 'frieda.dpo',
      displayName: 'frieda.dpo',
      role: 'data_protection_officer',
      agencyId: 'jobcenter-mitte',
      agencyType: 'jobcenter',
    };
    await t.app.get(ErasureService).eraseParticipant(caseId, 'retention period ended', frieda, new Date());
    expect(await manager.findOneByOrFail(ReferralRow, { referralId })).toMatchObject({
      reasonSealed: null,
      status: 'accepted',
    });
    expect((await readReferral(caseId, referralId, annaHp).expect(200)).body).toMatchObject({
      reason: ERASED,
      status: 'accepted',
    });

    // Applying the whole log again changes nothing; a rebuild from zero writes the same rows.
    const snapshot = async () => ({
      referrals: await manager.find(ReferralRow, { order: { referralId: 'ASC' } }),
      steps: await manager.find(ReferralStepRow, { order: { referralId: 'ASC', status: 'ASC' } }),
    });
    const before = await snapshot();
    const raw: RecordedEvent[] = [];
    for (;;) {
      const last = raw[raw.length - 1];
      const page = await t.persistence.rawEvents.readAll({ ...(last ? { after: last.position } : {}), limit: 1000 });
      if (page.length === 0) break;
      raw.push(...page);
    }
    await t.persistence.readModelLock.run(() =>
      t.persistence.dataSource.transaction((m) => referralProjection.apply(raw, m)),
    );
    expect(await snapshot()).toEqual(before);
    const runner = t.app.get(ProjectionRunner);
    await runner.stop();
    await runner.rebuild();
    expect(await snapshot()).toEqual(before);
  });
});
