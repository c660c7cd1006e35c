import { toCaseIntegrationEvent } from '@fallverbund/cases-application';
import { CASE_EVENT_TYPES, PARTNER_EVENT_TYPES, TOPICS } from '@fallverbund/contracts';
import { type DataCategory } from '@fallverbund/kernel';
import { describeWithKafka } from '@fallverbund/testing';
import { readPolicyTable } from '../access/policy-table';
import { seedCanaryCase } from '../testing/canary-case';
import { FALLAKTE, partnerStreamApp } from '../testing/partner-stream-app';
import { PROFILES } from '../testing/test-app';

const fallakte = FALLAKTE;

/**
 * The youth office's case-file system (subscriber `jugendamt-mitte-fallakte`) follows its stream on
 * the real broker while users work through the API: it gets a case only while a consent naming the
 * youth office covers it, one cover-ended at the withdrawal, then nothing more; never a category
 * outside its cover.
 */
describeWithKafka.each(PROFILES)('consent-aware partner stream over HTTP (%s)', (profile) => {
  const env = partnerStreamApp(profile, 'partner');
  const { stream, prefix } = env;

  it('streams a case while the consent covers it, ends it once at withdrawal, and sends nothing after', async () => {
    const { t, collector } = env;
    const anna = await t.as('anna.coach', 'integration');
    const annaHealth = await t.as('anna.coach', 'health_promotion');
    const consented = await t.openCase(anna);
    const other = await t.openCase(anna);
    const post = (path: string, headers: Record<string, string>, body: object = {}) =>
      t.http.post(path).set(headers).send(body).expect(201);

    // Before the consent: team member, health note; the youth office's system gets nothing.
    await post(`/api/cases/${consented}/team-members`, anna, { userId: 'clara.youth' });
    await post(`/api/cases/${consented}/health-notes`, annaHealth, { text: 'Schlafstörungen, Psychotherapie' });
    await post(`/api/cases/${other}/team-members`, anna, { userId: 'clara.youth' });

    const consent = await post(`/api/cases/${consented}/consents`, anna, {
      purposes: ['coordination'],
      // Within the subscriber's categories: a consent naming more is itself data of them, and withheld.
      dataCategories: ['case_admin', 'plan'],
      recipientAgencyIds: ['jugendamt-mitte'],
      form: 'written',
      grantedBy: 'participant',
      evidenceRef: 'scan-2026-11-25',
    });
    const consentId = (consent.body as { id: string }).id;
    // A consent naming another agency covers nothing for this system.
    await post(`/api/cases/${other}/consents`, anna, {
      purposes: ['coordination'],
      dataCategories: ['case_admin'],
      recipientAgencyIds: ['praxis-yilmaz'],
      form: 'written',
      grantedBy: 'participant',
    });

    // While covered: case_admin events arrive, the health note does not (not in its cover), nor the
    // psychotherapist joining the team (a health provider on the team is health data).
    await post(`/api/cases/${consented}/team-members`, anna, { userId: 'deniz.psych' });
    await post(`/api/cases/${consented}/team-members`, anna, { userId: 'ben.lead' });
    await post(`/api/cases/${consented}/health-notes`, annaHealth, { text: 'Medikation umgestellt' });
    await post(`/api/cases/${other}/team-members`, anna, { userId: 'deniz.psych' });
    // Delivery is decided when the relay delivers: let it deliver while the consent holds (what it has
    // not delivered when the consent is withdrawn, it never delivers).
    await env.relayed();

    await post(`/api/cases/${consented}/consents/${consentId}/withdrawal`, anna);
    // After the withdrawal: nothing more of the case.
    await post(`/api/cases/${consented}/team-members`, anna, { userId: 'emil.counsel' });
    await post(`/api/cases/${consented}/health-notes`, annaHealth, { text: 'Termin wahrgenommen' });

    // The youth office's own case (it leads it): its statutory purposes cover it without consent.
    const own = await t.openCase(await t.as('clara.youth', 'youth_support'));
    await env.relayed();

    const caseTopicCount = (await t.allEvents()).length;
    expect(
      await collector.until(
        (r) => r.filter((m) => m.topic === `${prefix}${TOPICS.caseEvents}`).length >= caseTopicCount,
        60_000,
        3_000,
      ),
    ).toBe(true);
    const partner = collector.received.filter((m) => m.topic === stream);
    const ofCase = (caseId: string) =>
      partner.filter((m) => m.key === caseId).map((m) => [m.event.type, m.event.sequence, m.event.category ?? null]);

    expect(ofCase(consented)).toEqual([
      [CASE_EVENT_TYPES.consentGranted, 1, 'case_admin'],
      [CASE_EVENT_TYPES.teamMemberAdded, 2, 'case_admin'],
      [PARTNER_EVENT_TYPES.coverEnded, 3, null],
    ]);
    expect(JSON.stringify(partner.filter((m) => m.key === consented).map((m) => m.event))).not.toContain(
      'praxis-yilmaz',
    );
    expect(partner.find((m) => m.event.type === PARTNER_EVENT_TYPES.coverEnded)?.event.data).toEqual({
      reason: 'consent_withdrawn',
    });
    expect(ofCase(other)).toEqual([]);
    expect(ofCase(own)).toEqual([[CASE_EVENT_TYPES.opened, 1, 'case_admin']]);

    // Nothing outside the cover, ever: no health note, no category the subscriber did not ask for.
    const cover: readonly DataCategory[] = fallakte.categories;
    expect(partner.every((m) => m.event.category === undefined || cover.includes(m.event.category))).toBe(true);
    expect(partner.some((m) => m.event.type === CASE_EVENT_TYPES.healthNoteRecorded)).toBe(false);
    expect(JSON.stringify(collector.received.map((m) => m.event))).not.toMatch(/Schlafstörungen|Medikation|Mara/);
    // The case topic (internal) carried all of it, the health notes as metadata only.
    expect(
      collector.received.filter(
        (m) => m.topic === `${prefix}${TOPICS.caseEvents}` && m.event.type === CASE_EVENT_TYPES.healthNoteRecorded,
      ),
    ).toHaveLength(3);
  }, 180_000);

  it('carries no trace of the canary case beyond the cover: no marker, no event type, no partner of a category outside it', async () => {
    const { t, collector } = env;
    const canary = await seedCanaryCase(
      t,
      readPolicyTable().routes.map((r) => r.route),
    );
    await env.relayed();
    // Every published event of the log reached the case topic (some types are not published).
    const published = (await t.allEvents()).filter((e) => toCaseIntegrationEvent(e) !== null).length;
    expect(
      await collector.until(
        (r) => r.filter((m) => m.topic === `${prefix}${TOPICS.caseEvents}`).length >= published,
        60_000,
        3_000,
      ),
    ).toBe(true);
    const ofCanary = collector.received.filter((m) => m.topic === stream && m.key === canary.caseId);
    // The consent naming the youth office covers identity, case_admin, plan, referrals and youth_welfare
    // for youth_support, coordination and case_conference: the stream carries some of the case …
    expect(ofCanary.length).toBeGreaterThan(3);
    const cover = new Set<DataCategory>(fallakte.categories);
    expect(ofCanary.every((m) => m.event.category === undefined || cover.has(m.event.category))).toBe(true);
    const text = JSON.stringify(ofCanary.map((m) => m.event));
    // … and no free text at all, no event type or partner of a category the subscriber does not receive.
    for (const marker of canary.markers) expect(text).not.toContain(marker.text);
    for (const agencyId of ['suchtberatung-nord', 'praxis-yilmaz', 'schuldnerberatung-mitte'])
      expect(text).not.toContain(agencyId);
    for (const type of [CASE_EVENT_TYPES.healthNoteRecorded, 'child_protection', 'entrusted'])
      expect(text).not.toContain(type);
    // The referral to adult education (shared: identity, referrals) went out, its categories reduced to the cover.
    const referral = ofCanary.find((m) => m.event.type === CASE_EVENT_TYPES.referralSent);
    expect(referral?.event.data).toMatchObject({ partnerAgencyId: 'vhs-mitte', sharedCategories: ['referrals'] });
  }, 240_000);
});
