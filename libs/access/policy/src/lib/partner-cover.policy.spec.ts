import { DATA_CATEGORIES, PURPOSES, type AgencyType, type DataCategory, type Purpose } from '@fallverbund/kernel';
import fc from 'fast-check';
import {
  decidePartnerCover,
  partnerCoverEnd,
  PURPOSE_NEEDS,
  STATUTORY_PURPOSES,
  type CaseFacts,
  type ConsentFacts,
  type PartnerSubscriber,
} from '../index';

const now = new Date('2026-11-25T10:00:00.000Z');

/** The embedded profile's registration: the youth office's case-file system. */
const fallakte: PartnerSubscriber = {
  id: 'jugendamt-mitte-fallakte',
  agencyId: 'jugendamt-mitte',
  purposes: ['youth_support', 'coordination'],
  categories: ['case_admin', 'contacts', 'plan', 'referrals', 'progress'],
};

const consent = (overrides: Partial<ConsentFacts> = {}): ConsentFacts => ({
  consentId: 'c-1',
  purposes: ['coordination'],
  dataCategories: ['identity', 'case_admin', 'plan', 'health'],
  recipientAgencyIds: ['jugendamt-mitte'],
  recipientUserIds: [],
  validUntil: null,
  grantedAt: '2026-11-01T09:00:00.000Z',
  withdrawnAt: null,
  ...overrides,
});

const facts = (overrides: Partial<CaseFacts> = {}): CaseFacts => ({
  caseId: 'case-1',
  leadAgencyId: 'jobcenter-mitte',
  leadAgencyType: 'jobcenter',
  team: [{ userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker' }],
  consents: [],
  childProtectionDeclarations: [],
  referrals: [],
  ...overrides,
});

const cover = (f: CaseFacts, at = now, subscriber = fallakte) => decidePartnerCover({ subscriber, facts: f, now: at });

describe('decidePartnerCover (table)', () => {
  it.each<[string, CaseFacts, readonly DataCategory[]]>([
    ['no consent, another agency leads', facts(), []],
    [
      'a consent naming the agency: what coordination needs ∩ the consent ∩ what the subscriber wants',
      facts({ consents: [consent()] }),
      ['case_admin', 'plan'],
    ],
    [
      'a consent naming a person of the agency, not the agency',
      facts({ consents: [consent({ recipientAgencyIds: [], recipientUserIds: ['clara.youth'] })] }),
      [],
    ],
    [
      'a consent for a purpose the subscriber does not pursue',
      facts({ consents: [consent({ purposes: ['integration', 'health_promotion'] })] }),
      [],
    ],
    ['a consent naming another agency', facts({ consents: [consent({ recipientAgencyIds: ['praxis-yilmaz'] })] }), []],
    ['a withdrawn consent', facts({ consents: [consent({ withdrawnAt: '2026-11-20T08:00:00.000Z' })] }), []],
    ['a consent granted later', facts({ consents: [consent({ grantedAt: '2026-11-26T08:00:00.000Z' })] }), []],
    ['a consent that ran out yesterday', facts({ consents: [consent({ validUntil: '2026-11-24' })] }), []],
    [
      'a consent that runs out today',
      facts({ consents: [consent({ validUntil: '2026-11-25' })] }),
      ['case_admin', 'plan'],
    ],
    [
      'two consents: the union',
      facts({
        consents: [
          consent(),
          consent({ consentId: 'c-2', purposes: ['youth_support'], dataCategories: ['progress', 'youth_welfare'] }),
        ],
      }),
      ['case_admin', 'plan', 'progress'],
    ],
    [
      'the subscriber leads the case: the statutory purposes of a youth office',
      facts({ leadAgencyId: 'jugendamt-mitte', leadAgencyType: 'youth_office' }),
      ['case_admin', 'contacts', 'plan', 'referrals', 'progress'],
    ],
    [
      'a §8a declaration by someone of the agency grants the system nothing',
      facts({
        childProtectionDeclarations: [
          {
            declarationId: 'd-1',
            userId: 'clara.youth',
            declaredAt: '2026-11-25T09:00:00.000Z',
            expiresAt: '2026-11-28T09:00:00.000Z',
          },
        ],
      }),
      [],
    ],
  ])('%s', (_, caseFacts, expected) => {
    const decided = cover(caseFacts);
    expect(decided.categories).toEqual(expected);
    expect(decided.covered).toBe(expected.length > 0);
    for (const c of DATA_CATEGORIES) expect(decided.covers(c)).toBe(expected.includes(c));
  });

  it('never lets health through to a subscriber that does not ask for it, whatever the consent names', () => {
    const all = consent({ purposes: [...PURPOSES], dataCategories: [...DATA_CATEGORIES] });
    expect(cover(facts({ consents: [all] })).covers('health')).toBe(false);
    expect(cover(facts({ consents: [all] })).covers('youth_welfare')).toBe(false);
  });

  it('gives health to a subscriber that wants it only for a purpose that needs it and a consent that names it', () => {
    const clinic: PartnerSubscriber = {
      id: 'praxis-yilmaz-kis',
      agencyId: 'praxis-yilmaz',
      purposes: ['coordination', 'health_promotion'],
      categories: ['case_admin', 'health'],
    };
    const forCoordination = consent({ recipientAgencyIds: ['praxis-yilmaz'] });
    const forHealth = consent({
      consentId: 'c-2',
      recipientAgencyIds: ['praxis-yilmaz'],
      purposes: ['health_promotion'],
    });
    expect(cover(facts({ consents: [forCoordination] }), now, clinic).categories).toEqual(['case_admin']);
    const both = cover(facts({ consents: [forCoordination, forHealth] }), now, clinic);
    expect(both.categories).toEqual(['case_admin', 'health']);
    expect(both.basisFor('health')).toEqual({ kind: 'consent', consentId: 'c-2', purpose: 'health_promotion' });
    expect(both.basisFor('case_admin')).toEqual({ kind: 'consent', consentId: 'c-1', purpose: 'coordination' });
  });

  it('names the statute first for the lead agency, and a consent for what the statute does not give', () => {
    const lead = facts({
      leadAgencyId: 'jugendamt-mitte',
      leadAgencyType: 'youth_office',
      consents: [consent({ recipientAgencyIds: ['jugendamt-mitte'] })],
    });
    expect(cover(lead).basisFor('plan')).toEqual({ kind: 'statute', purpose: 'youth_support' });
    expect(cover(lead).heldSince('plan')).toBe(-Infinity);
    expect(cover(lead).until).toBeNull();
    expect(cover(facts({ consents: [consent()] })).heldSince('plan')).toBe(Date.parse('2026-11-01T09:00:00.000Z'));
    expect(cover(facts({ consents: [consent()] })).heldSince('contacts')).toBeNull();
    // A jobcenter's systems pursue no youth_support by statute.
    const jobcenterSystem: PartnerSubscriber = { ...fallakte, id: 'jc', agencyId: 'jobcenter-mitte' };
    expect(cover(facts(), now, jobcenterSystem).basisFor('plan')).toEqual({ kind: 'statute', purpose: 'coordination' });
    expect(cover(facts(), now, { ...jobcenterSystem, purposes: ['youth_support'] }).covered).toBe(false);
  });

  it('ends at the last validUntil day of the consents that cover, or never', () => {
    const dated = consent({ validUntil: '2026-12-31' });
    const longer = consent({ consentId: 'c-2', validUntil: '2027-01-15' });
    expect(cover(facts({ consents: [dated] })).until).toEqual(new Date('2027-01-01T00:00:00.000Z'));
    expect(cover(facts({ consents: [dated, longer] })).until).toEqual(new Date('2027-01-16T00:00:00.000Z'));
    expect(cover(facts({ consents: [dated, consent({ consentId: 'c-3' })] })).until).toBeNull();
    expect(cover(facts()).until).toBeNull();
    // The last millisecond of the day is covered, the next is not.
    expect(cover(facts({ consents: [dated] }), new Date('2026-12-31T23:59:59.999Z')).covered).toBe(true);
    expect(cover(facts({ consents: [dated] }), new Date('2027-01-01T00:00:00.000Z')).covered).toBe(false);
  });

  it('gives the categories of case work (plan, referrals, progress) only where registration, purpose and consent meet', () => {
    const caseWork = consent({ dataCategories: ['case_admin', 'plan', 'referrals', 'progress'] });
    expect(cover(facts({ consents: [caseWork] })).categories).toEqual(['case_admin', 'plan', 'referrals', 'progress']);
    // Registered without plan: the consent naming plan does not bring it (no plan_changed on its stream).
    const noPlan: PartnerSubscriber = { ...fallakte, categories: ['case_admin', 'referrals', 'progress'] };
    expect(cover(facts({ consents: [caseWork] }), now, noPlan).covers('plan')).toBe(false);
    expect(cover(facts({ consents: [caseWork] }), now, noPlan).categories).toEqual([
      'case_admin',
      'referrals',
      'progress',
    ]);
    // A case conference needs no referrals: a consent for it alone does not cover them.
    const conference = consent({ purposes: ['case_conference'], dataCategories: ['case_admin', 'referrals'] });
    const conferencing: PartnerSubscriber = { ...fallakte, purposes: ['case_conference'] };
    expect(cover(facts({ consents: [conference] }), now, conferencing).categories).toEqual(['case_admin']);
  });

  it('says why the cover ended: withdrawal, expiry, or neither', () => {
    const withdrawn = consent({ withdrawnAt: '2026-11-20T08:00:00.000Z' });
    expect(partnerCoverEnd({ subscriber: fallakte, facts: facts({ consents: [withdrawn] }), now })).toEqual({
      reason: 'consent_withdrawn',
      at: new Date('2026-11-20T08:00:00.000Z'),
    });
    const expired = consent({ consentId: 'c-2', validUntil: '2026-11-22' });
    expect(partnerCoverEnd({ subscriber: fallakte, facts: facts({ consents: [withdrawn, expired] }), now })).toEqual({
      reason: 'consent_expired',
      at: new Date('2026-11-23T00:00:00.000Z'),
    });
    expect(partnerCoverEnd({ subscriber: fallakte, facts: facts(), now })).toEqual({
      reason: 'no_longer_covered',
      at: now,
    });
  });
});

// The oracle restates the two rules from offsets and flags, not from the timestamps the policy parses.

const DAY = 24 * 60 * 60 * 1000;
const AGENCIES: readonly { id: string; type: AgencyType }[] = [
  { id: 'jc-1', type: 'jobcenter' },
  { id: 'yo-1', type: 'youth_office' },
  { id: 'hp-1', type: 'health_provider' },
  { id: 'np-1', type: 'network_partner' },
];

interface ConsentModel {
  purposes: Purpose[];
  dataCategories: DataCategory[];
  recipientAgencyIds: string[];
  recipientUserIds: string[];
  grantedOffset: number;
  withdrawnOffset: number | null;
  validUntilDays: number | null;
}

const offset = fc.oneof(fc.constantFrom(-1, 0, 1), fc.integer({ min: -5 * DAY, max: 5 * DAY }));
const consentModel: fc.Arbitrary<ConsentModel> = fc.record({
  purposes: fc.subarray([...PURPOSES], { minLength: 1 }),
  dataCategories: fc.subarray([...DATA_CATEGORIES], { minLength: 1 }),
  recipientAgencyIds: fc.subarray(AGENCIES.map((a) => a.id)),
  recipientUserIds: fc.subarray(['u-1', 'u-2']),
  grantedOffset: fc.oneof(offset, { arbitrary: fc.integer({ min: -60 * DAY, max: 0 }), weight: 3 }),
  withdrawnOffset: fc.option(offset, { freq: 2 }),
  validUntilDays: fc.option(fc.integer({ min: -3, max: 3 }), { freq: 2 }),
});

const scenario = fc.record({
  nowMs: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }),
  subscriberAgency: fc.integer({ min: 0, max: AGENCIES.length - 1 }),
  leadAgency: fc.integer({ min: 0, max: AGENCIES.length - 1 }),
  purposes: fc.subarray([...PURPOSES], { minLength: 1 }),
  categories: fc.subarray([...DATA_CATEGORIES], { minLength: 1 }),
  consents: fc.array(consentModel, { maxLength: 4 }),
});
type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never;

const iso = (ms: number) => new Date(ms).toISOString();

const toRequest = (s: Scenario) => {
  const dayStart = Math.floor(s.nowMs / DAY) * DAY;
  const lead = AGENCIES[s.leadAgency]!;
  const subscriber: PartnerSubscriber = {
    id: 'sub',
    agencyId: AGENCIES[s.subscriberAgency]!.id,
    purposes: s.purposes,
    categories: s.categories,
  };
  const caseFacts = facts({
    leadAgencyId: lead.id,
    leadAgencyType: lead.type,
    consents: s.consents.map((c, i) => ({
      consentId: `c-${i}`,
      purposes: c.purposes,
      dataCategories: c.dataCategories,
      recipientAgencyIds: c.recipientAgencyIds,
      recipientUserIds: c.recipientUserIds,
      grantedAt: iso(s.nowMs + c.grantedOffset),
      withdrawnAt: c.withdrawnOffset === null ? null : iso(s.nowMs + c.withdrawnOffset),
      validUntil: c.validUntilDays === null ? null : iso(dayStart + c.validUntilDays * DAY).slice(0, 10),
    })),
  });
  return { subscriber, facts: caseFacts, now: new Date(s.nowMs) };
};

const active = (c: ConsentModel) =>
  c.grantedOffset <= 0 &&
  (c.withdrawnOffset === null || c.withdrawnOffset > 0) &&
  (c.validUntilDays === null || c.validUntilDays >= 0);

const oracle = (s: Scenario): Set<DataCategory> => {
  const lead = AGENCIES[s.leadAgency]!;
  const own = AGENCIES[s.subscriberAgency]!.id;
  const granted = new Set<DataCategory>();
  for (const purpose of s.purposes) {
    const needs = PURPOSE_NEEDS[purpose].filter((c) => s.categories.includes(c));
    if (
      own === lead.id &&
      STATUTORY_PURPOSES[lead.type].includes(purpose) &&
      !['child_protection', 'evaluation', 'audit'].includes(purpose)
    ) {
      needs.forEach((c) => granted.add(c));
    }
    for (const c of s.consents) {
      if (active(c) && c.recipientAgencyIds.includes(own) && c.purposes.includes(purpose)) {
        needs.filter((category) => c.dataCategories.includes(category)).forEach((category) => granted.add(category));
      }
    }
  }
  return granted;
};

describe('decidePartnerCover over random consent histories', () => {
  it('covers exactly what the statute or an active consent naming the agency, purpose and category gives', () => {
    const fired = { statute: 0, consent: 0, nothing: 0 };
    fc.assert(
      fc.property(scenario, (s) => {
        const request = toRequest(s);
        const decided = decidePartnerCover(request);
        const expected = oracle(s);
        expect(decided.categories).toEqual(DATA_CATEGORIES.filter((c) => expected.has(c)));
        // Never more than the subscriber asked for, whatever the consents say.
        expect(decided.categories.every((c) => s.categories.includes(c))).toBe(true);
        for (const c of decided.categories) {
          const basis = decided.basisFor(c);
          expect(basis).not.toBeNull();
          expect(s.purposes).toContain(basis?.purpose);
          fired[basis?.kind ?? 'nothing'] += 1;
        }
        if (!decided.covered) fired.nothing += 1;

        // heldSince: from then to now, the category was covered without a break.
        for (const c of DATA_CATEGORIES) {
          const since = decided.heldSince(c);
          expect(since === null).toBe(!decided.covers(c));
          if (since === null || !Number.isFinite(since)) continue;
          for (const at of [since, Math.floor((since + s.nowMs) / 2)]) {
            expect(decidePartnerCover({ ...request, now: new Date(at) }).covers(c)).toBe(true);
          }
          expect(decidePartnerCover({ ...request, now: new Date(since - 1) }).basisFor(c)).not.toEqual(
            decided.basisFor(c),
          );
        }

        // `until`: covered up to it, and nothing of what covers now is left at it.
        if (decided.until !== null) {
          const last = new Date(decided.until.getTime() - 1);
          expect(decidePartnerCover({ ...request, now: last }).covered).toBe(true);
          // What covers at `until` can only come from a consent granted after `now`.
          const later = decidePartnerCover({ ...request, now: decided.until });
          for (const c of later.categories) {
            const basis = later.basisFor(c);
            const source = request.facts.consents.find(
              (x) => basis?.kind === 'consent' && x.consentId === basis.consentId,
            );
            expect(Date.parse(source?.grantedAt ?? '')).toBeGreaterThan(s.nowMs);
          }
        }
        if (!decided.covered) {
          const end = partnerCoverEnd(request);
          expect(end.at.getTime()).toBeLessThanOrEqual(s.nowMs);
        }
      }),
      { numRuns: 1000 },
    );
    expect(fired.statute).toBeGreaterThan(30);
    expect(fired.consent).toBeGreaterThan(30);
    expect(fired.nothing).toBeGreaterThan(100);
  });
});
