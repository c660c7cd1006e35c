import { DEMO_DIRECTORY, Directory } from './directory';
import {
  DEMO_PARTNER_DIRECTORY,
  isStale,
  type PartnerEntry,
  PartnerDirectory,
  parsePartners,
  partnerView,
  reviewDueBy,
} from './partner-directory';

const entry = (overrides: Partial<PartnerEntry> = {}): PartnerEntry => ({
  agencyId: 'sb',
  services: ['debt_counselling'],
  purposes: ['integration'],
  areas: ['Mitte'],
  legalDomain: 'none',
  contactPersons: [],
  lastReviewedAt: '2026-01-01',
  ...overrides,
});

describe('PartnerDirectory', () => {
  const names = (partners: { name: string }[]): string[] => partners.map((p) => p.name);

  it('has an entry for every demo agency, joined with its name and type', () => {
    for (const id of ['jobcenter-mitte', 'jugendamt-mitte', 'praxis-yilmaz', 'suchtberatung-nord', 'drv-nord']) {
      expect(DEMO_PARTNER_DIRECTORY.partner(id)?.name).toBe(DEMO_DIRECTORY.agency(id)?.name);
    }
    expect(DEMO_PARTNER_DIRECTORY.partner('suchtberatung-nord')).toMatchObject({
      agencyType: 'network_partner',
      services: ['addiction_counselling'],
      purposes: ['health_promotion', 'coordination', 'aftercare'],
      areas: ['Nord', '133'],
      legalDomain: 'none',
    });
  });

  it('knows no partner for an unknown agency', () => {
    expect(DEMO_PARTNER_DIRECTORY.partner('nowhere')).toBeUndefined();
  });

  it('lists every partner by name without filters', () => {
    expect(names(DEMO_PARTNER_DIRECTORY.search())).toEqual([
      'Deutsche Rentenversicherung Nord',
      'Jobcenter Mitte',
      'Jugendamt Mitte',
      'Praxis Yilmaz',
      'Schuldnerberatung Mitte',
      'Sportverein Nord',
      'Suchtberatung Nord',
      'Volkshochschule Mitte',
    ]);
  });

  it('finds by service, purpose, area and name, and combines the filters', () => {
    expect(names(DEMO_PARTNER_DIRECTORY.search({ service: 'debt_counselling' }))).toEqual(['Schuldnerberatung Mitte']);
    expect(names(DEMO_PARTNER_DIRECTORY.search({ purpose: 'youth_support' }))).toEqual(['Jugendamt Mitte']);
    expect(names(DEMO_PARTNER_DIRECTORY.search({ area: 'nord' }))).toEqual([
      'Deutsche Rentenversicherung Nord',
      'Sportverein Nord',
      'Suchtberatung Nord',
      'Volkshochschule Mitte',
    ]);
    expect(names(DEMO_PARTNER_DIRECTORY.search({ q: 'BERATUNG' }))).toEqual([
      'Schuldnerberatung Mitte',
      'Suchtberatung Nord',
    ]);
    expect(names(DEMO_PARTNER_DIRECTORY.search({ purpose: 'health_promotion', area: 'Nord' }))).toEqual([
      'Sportverein Nord',
      'Suchtberatung Nord',
      'Volkshochschule Mitte',
    ]);
    expect(
      names(DEMO_PARTNER_DIRECTORY.search({ service: 'addiction_counselling', purpose: 'aftercare', area: 'Nord' })),
    ).toEqual(['Suchtberatung Nord']);
    expect(DEMO_PARTNER_DIRECTORY.search({ service: 'addiction_counselling', area: 'Mitte' })).toEqual([]);
  });

  it('matches a postcode against the postcode prefixes a partner serves', () => {
    expect(names(DEMO_PARTNER_DIRECTORY.search({ area: '13347' }))).toEqual(['Sportverein Nord', 'Suchtberatung Nord']);
    expect(DEMO_PARTNER_DIRECTORY.search({ area: '13' })).toEqual([]);
    expect(DEMO_PARTNER_DIRECTORY.search({ area: '' })).toEqual([]);
  });

  it('refuses an entry for an agency the directory does not know, and a second entry for one', () => {
    const directory = new Directory([{ id: 'sb', name: 'SB', type: 'network_partner' }]);
    expect(() => new PartnerDirectory(directory, [entry({ agencyId: 'other' })])).toThrow(
      'PartnerDirectory: "other" is not an agency of the directory',
    );
    expect(() => new PartnerDirectory(directory, [entry(), entry()])).toThrow('duplicate partner "sb"');
  });
});

describe('staleness', () => {
  it('is due twelve months after the review, on 28 February for a review on 29 February', () => {
    expect(reviewDueBy('2025-11-25')).toBe('2026-11-25');
    expect(reviewDueBy('2024-02-29')).toBe('2025-02-28');
    expect(reviewDueBy('2025-12-31')).toBe('2026-12-31');
  });

  it('makes an entry stale from the day after twelve months, in UTC', () => {
    expect(isStale('2025-11-25', new Date('2026-11-25T23:59:59Z'))).toBe(false);
    expect(isStale('2025-11-25', new Date('2026-11-26T00:00:00Z'))).toBe(true);
    expect(isStale('2024-02-29', new Date('2025-02-28T12:00:00Z'))).toBe(false);
    expect(isStale('2024-02-29', new Date('2025-03-01T00:00:00Z'))).toBe(true);
  });

  it('is answered with the partner at the instant asked', () => {
    const partner = DEMO_PARTNER_DIRECTORY.partner('sportverein-nord')!;
    expect(partnerView(partner, new Date('2026-06-30T10:00:00Z')).stale).toBe(false);
    expect(partnerView(partner, new Date('2026-07-01T10:00:00Z'))).toEqual({ ...partner, stale: true });
  });
});

describe('parsePartners', () => {
  const valid = {
    agencyId: 'sb',
    services: ['debt_counselling', 'debt_counselling'],
    purposes: ['integration', 'aftercare'],
    areas: [' Mitte ', '101'],
    legalDomain: 'none',
    contactPersons: [
      { name: 'Markus Hahn', function: 'Berater', phone: '+49 30 5550 6001', email: 'termin@sb.example', extra: 1 },
      { name: 'Ina Roth', function: 'Leitung', email: 'leitung@sb.example' },
    ],
    lastReviewedAt: '2026-08-01',
    extra: true,
  };

  it('returns the entries of a valid file, trimmed and without repeats or unknown fields', () => {
    expect(parsePartners({ partners: [valid] })).toEqual([
      {
        agencyId: 'sb',
        services: ['debt_counselling'],
        purposes: ['integration', 'aftercare'],
        areas: ['Mitte', '101'],
        legalDomain: 'none',
        contactPersons: [
          { name: 'Markus Hahn', function: 'Berater', phone: '+49 30 5550 6001', email: 'termin@sb.example' },
          { name: 'Ina Roth', function: 'Leitung', phone: null, email: 'leitung@sb.example' },
        ],
        lastReviewedAt: '2026-08-01',
      },
    ]);
  });

  it.each([
    [[], 'expected an object with a "partners" array'],
    [{ partners: ['sb'] }, 'partners[0] must be an object'],
    [{ partners: [{ ...valid, agencyId: ' ' }] }, 'partners[0].agencyId must be a non-empty string'],
    [{ partners: [{ ...valid, services: [] }] }, 'partners[0].services must be a non-empty array'],
    [
      { partners: [{ ...valid, services: ['debt_counselling', 'tax_advice'] }] },
      'partners[0].services[1] must be one of job_placement, vocational_training',
    ],
    [{ partners: [{ ...valid, purposes: ['audit'] }] }, 'partners[0].purposes[0] must be one of integration'],
    [{ partners: [{ ...valid, areas: 'Mitte' }] }, 'partners[0].areas must be a non-empty array'],
    [{ partners: [{ ...valid, areas: [''] }] }, 'partners[0].areas[0] must be a non-empty string'],
    [{ partners: [{ ...valid, legalDomain: 'SGB 2' }] }, 'partners[0].legalDomain must be one of SGB II'],
    [{ partners: [{ ...valid, contactPersons: undefined }] }, 'partners[0].contactPersons must be an array'],
    [
      { partners: [{ ...valid, contactPersons: [{ name: 'A', function: 'B' }] }] },
      'partners[0].contactPersons[0] needs a phone or an email',
    ],
    [
      { partners: [{ ...valid, contactPersons: [{ name: 'A', function: 'B', email: 'nope' }] }] },
      'partners[0].contactPersons[0].email must be an email address',
    ],
    [
      { partners: [{ ...valid, contactPersons: [{ name: 'A', function: 'B', phone: 'call me' }] }] },
      'partners[0].contactPersons[0].phone must be a phone number',
    ],
    [
      { partners: [{ ...valid, contactPersons: [{ function: 'B', phone: '030 1234' }] }] },
      'partners[0].contactPersons[0].name must be a non-empty string',
    ],
    [{ partners: [{ ...valid, lastReviewedAt: '2026-02-30' }] }, 'partners[0].lastReviewedAt must be a date'],
    [{ partners: [{ ...valid, lastReviewedAt: undefined }] }, 'partners[0].lastReviewedAt must be a date'],
  ])('refuses %j', (input, message) => {
    expect(() => parsePartners(input, 'partners.json')).toThrow(`partners.json: ${message}`);
  });
});
