import { CASE_EVENT_TYPES, PARTNER_EVENT_TYPES, TOPICS } from '@fallverbund/contracts';
import { describeWithKafka } from '@fallverbund/testing';
import { FALLAKTE, partnerStreamApp } from '../testing/partner-stream-app';
import { PROFILES } from '../testing/test-app';

const fallakte = FALLAKTE;

/**
 * Art. 19 GDPR on the real broker: the youth office's case-file system received a case; after the
 * officer grants the person's request for erasure (its cover ended before) it gets
 * `partners.erasure.notified.v1`; a case it has, restricted and lifted, gives it
 * `partners.restriction.notified.v1` twice; a case it never received, nothing. `RecipientsNotified`
 * names the stream, and the access report has its line.
 */
describeWithKafka.each(PROFILES)('Art. 19 notices on partner streams (%s)', (profile) => {
  const env = partnerStreamApp(profile, 'art19');
  const { stream, prefix } = env;

  it('tells the stream of an erasure after its cover ended, and of a restriction and its lifting; not a stream that never had the case', async () => {
    const { t, collector } = env;
    const anna = await t.as('anna.coach', 'integration');
    const frieda = await t.as('frieda.dpo', 'audit');
    const post = (path: string, headers: Record<string, string>, body: object = {}) =>
      t.http.post(path).set(headers).send(body).expect(201);
    const consent = (caseId: string) =>
      post(`/api/cases/${caseId}/consents`, anna, {
        purposes: ['coordination'],
        dataCategories: ['case_admin'],
        recipientAgencyIds: ['jugendamt-mitte'],
        form: 'written',
        grantedBy: 'participant',
      });

    const erased = await t.openCase(anna);
    const restricted = await t.openCase(anna);
    const never = await t.openCase(anna);
    const consentId = ((await consent(erased)).body as { id: string }).id;
    await consent(restricted);
    await env.relayed();
    // The cover ends before the erasure: the stream still holds what it received.
    await post(`/api/cases/${erased}/consents/${consentId}/withdrawal`, anna);
    await env.relayed();

    for (const caseId of [erased, never]) {
      const { requestId } = (await post(`/api/cases/${caseId}/erasure-requests`, anna, { scope: 'case' })).body as {
        requestId: string;
      };
      await post(`/api/cases/${caseId}/erasure-requests/${requestId}/decision`, frieda, {
        decision: 'granted',
        reason: 'consent_withdrawn',
      });
    }
    await post(`/api/cases/${restricted}/restriction`, frieda, { scope: ['contacts'], reason: 'legal_claims' });
    await post(`/api/cases/${restricted}/restriction/lifting`, frieda);
    await env.relayed();

    const caseTopicTypes = new Set(Object.values(CASE_EVENT_TYPES) as string[]);
    const published = (await t.allEvents()).length;
    expect(
      await collector.until(
        (r) => r.filter((m) => m.topic === `${prefix}${TOPICS.caseEvents}`).length > 0 && r.length > 0,
        60_000,
        3_000,
      ),
    ).toBe(true);
    expect(published).toBeGreaterThan(0);
    expect(
      await collector.until(
        (r) => r.filter((m) => m.topic === stream && !caseTopicTypes.has(m.event.type)).length >= 4,
        60_000,
        3_000,
      ),
    ).toBe(true);
    const partner = collector.received.filter((m) => m.topic === stream);
    const ofCase = (caseId: string) =>
      partner.filter((m) => m.key === caseId).map((m) => [m.event.type, m.event.sequence]);

    expect(ofCase(erased)).toEqual([
      [CASE_EVENT_TYPES.consentGranted, 1],
      [PARTNER_EVENT_TYPES.coverEnded, 2],
      [PARTNER_EVENT_TYPES.erasureNotified, 3],
    ]);
    const erasure = partner.find((m) => m.key === erased && m.event.type === PARTNER_EVENT_TYPES.erasureNotified);
    expect(erasure?.event.data).toMatchObject({ legalBasis: 'gdpr_art_17_sgb_x_84' });
    expect((erasure?.event.data as { categories: string[] }).categories).toContain('identity');

    expect(ofCase(restricted)).toEqual([
      [CASE_EVENT_TYPES.consentGranted, 1],
      [PARTNER_EVENT_TYPES.restrictionNotified, 2],
      [PARTNER_EVENT_TYPES.restrictionNotified, 3],
    ]);
    expect(
      partner
        .filter((m) => m.key === restricted && m.event.type === PARTNER_EVENT_TYPES.restrictionNotified)
        .map((m) => m.event.data),
    ).toEqual([
      expect.objectContaining({ action: 'restricted', categories: ['contacts'], legalBasis: 'gdpr_art_18_sgb_x_84' }),
      expect.objectContaining({ action: 'lifted', categories: [] }),
    ]);
    expect(ofCase(never)).toEqual([]);
    // No personal data in any notice.
    expect(JSON.stringify(partner.map((m) => m.event))).not.toMatch(/Mara|Beispiel|anna\.coach|frieda/);

    // The record of whom the officer's side told: the stream, as the relay had it when the erasure happened.
    const notified = (await t.allEvents()).filter((e) => e.type === 'RecipientsNotified');
    expect(notified.find((e) => e.streamId === `case-${erased}`)?.data).toMatchObject({
      trigger: 'participant_erased',
      partnerSubscriberIds: [fallakte.id],
    });
    expect(
      notified.filter((e) => e.streamId === `case-${restricted}`).map((e) => (e.data as { trigger: string }).trigger),
    ).toEqual(['restricted', 'restriction_lifted']);
    expect(notified.some((e) => e.streamId === `case-${never}`)).toBe(false);
    const report = (await t.http.get(`/api/cases/${erased}/access-report`).set(frieda).expect(200)).body as {
      notifications: { recipient: { kind: string; id: string }; line: string }[];
    };
    expect(report.notifications).toEqual([
      expect.objectContaining({
        recipient: expect.objectContaining({ kind: 'partner_stream', id: fallakte.id }) as unknown,
        line: expect.stringMatching(
          /^Mitteilung nach Art\. 19 DSGVO an Datenstrom jugendamt-mitte-fallakte am /,
        ) as unknown,
      }),
    ]);
  }, 240_000);
});
