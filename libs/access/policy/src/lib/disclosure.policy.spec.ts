import { DATA_CATEGORIES, type DataCategory, PARTNER_SERVICES } from '@fallverbund/kernel';
import {
  agencyReveals,
  agencyRevealsTo,
  consentDisclosure,
  consentReveals,
  mayDisclose,
  readableOf,
  readerOf,
  referralReveals,
  SERVICE_CATEGORIES,
} from './disclosure.policy';

const addictionService = {
  agencyId: 'sucht',
  agencyType: 'network_partner',
  services: ['addiction_counselling'],
} as const;
const psychotherapist = { agencyId: 'psych', agencyType: 'health_provider', services: ['psychotherapy'] } as const;
const sportClub = {
  agencyId: 'sport',
  agencyType: 'network_partner',
  services: ['sport_club', 'health_course'],
} as const;
const jobcenter = { agencyId: 'jc', agencyType: 'jobcenter' } as const;
const integration: DataCategory[] = ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress', 'finances'];
const healthPromotion: DataCategory[] = [...integration, 'health', 'addiction'];

describe('what an agency reveals', () => {
  it('maps every partner service to categories', () => {
    for (const service of PARTNER_SERVICES) {
      expect(SERVICE_CATEGORIES[service].every((c) => DATA_CATEGORIES.includes(c))).toBe(true);
    }
  });

  it('an addiction service reveals addiction, a psychotherapist health, a sport club nothing', () => {
    expect(agencyReveals(addictionService)).toEqual(['addiction']);
    expect(agencyReveals(psychotherapist)).toEqual(['health']);
    expect(agencyReveals(sportClub)).toEqual([]);
    expect(agencyReveals(jobcenter)).toEqual([]);
    expect(agencyReveals({ agencyId: 'unknown' })).toEqual([]);
    // A statutory agency is involved for many reasons: its services reveal nothing.
    expect(agencyReveals({ agencyId: 'drv', agencyType: 'pension_insurance', services: ['rehabilitation'] })).toEqual(
      [],
    );
    expect(agencyReveals({ agencyId: 'ja', agencyType: 'youth_office', services: ['youth_welfare_service'] })).toEqual(
      [],
    );
  });

  it("reveals nothing to the agency's own staff", () => {
    expect(agencyRevealsTo({ agencyId: 'sucht' }, addictionService)).toEqual([]);
    expect(agencyRevealsTo({ agencyId: 'jc' }, addictionService)).toEqual(['addiction']);
  });
});

describe('referrals', () => {
  it('a referral to an addiction service is shown only to a reader of addiction, and always to that service', () => {
    const reveals = referralReveals({ agencyId: 'jc' }, addictionService);
    expect(reveals).toEqual(['referrals', 'addiction']);
    expect(mayDisclose(readerOf(integration), reveals)).toBe(false);
    expect(mayDisclose(readerOf(healthPromotion), reveals)).toBe(true);
    expect(mayDisclose(readerOf(['referrals']), referralReveals({ agencyId: 'sucht' }, addictionService))).toBe(true);
  });

  it('a referral to a sport club needs referrals only', () => {
    expect(mayDisclose(readerOf(['referrals']), referralReveals({ agencyId: 'jc' }, sportClub))).toBe(true);
    expect(mayDisclose(readerOf(['identity']), referralReveals({ agencyId: 'jc' }, sportClub))).toBe(false);
  });

  it('shared categories are reduced to the readable ones, in vocabulary order', () => {
    expect(readableOf(readerOf(integration), ['addiction', 'identity', 'health', 'contacts'])).toEqual([
      'identity',
      'contacts',
    ]);
  });
});

describe('consents', () => {
  const forAddiction = { dataCategories: ['identity', 'addiction'] as DataCategory[], recipients: [addictionService] };
  const forSport = { dataCategories: ['identity'] as DataCategory[], recipients: [sportClub] };

  it('reveals case_admin, its categories and what its recipients reveal', () => {
    expect(consentReveals({ agencyId: 'jc' }, forAddiction)).toEqual(['identity', 'case_admin', 'addiction']);
    expect(consentReveals({ agencyId: 'jc' }, { dataCategories: ['identity'], recipients: [psychotherapist] })).toEqual(
      ['identity', 'case_admin', 'health'],
    );
  });

  it('in full to a reader of all it reveals, reduced to the lead agency, withheld from others', () => {
    expect(consentDisclosure(readerOf(healthPromotion), { agencyId: 'jc' }, 'jc', forAddiction)).toBe('full');
    expect(consentDisclosure(readerOf(integration), { agencyId: 'jc' }, 'jc', forAddiction)).toBe('reduced');
    expect(consentDisclosure(readerOf(integration), { agencyId: 'youth' }, 'jc', forAddiction)).toBe('withheld');
    expect(consentDisclosure(readerOf(integration), { agencyId: 'youth' }, 'jc', forSport)).toBe('full');
    // Without case_admin nothing of a consent, even for the lead agency.
    expect(consentDisclosure(readerOf(['identity']), { agencyId: 'jc' }, 'jc', forAddiction)).toBe('withheld');
  });
});
