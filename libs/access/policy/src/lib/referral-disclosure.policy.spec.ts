import { type Actor, type Purpose } from '@fallverbund/kernel';
import { decideCaseAccess, decideReferralDisclosure, type CaseFacts } from '../index';
import { consentFacts, memberOf, person } from './testing/policy-fixtures';

// A jobcenter leads; the youth office is on the team under a consent.
const coach = person('anna', 'caseworker', 'jc-mitte', 'jobcenter');
const youthWorker = person('clara', 'caseworker', 'yo-mitte', 'youth_office');
const now = new Date('2026-12-04T10:00:00.000Z');

const facts: CaseFacts = {
  caseId: 'case-1',
  leadAgencyId: 'jc-mitte',
  leadAgencyType: 'jobcenter',
  team: [coach, youthWorker].map(memberOf),
  consents: [
    consentFacts({
      consentId: 'c-yo',
      purposes: ['youth_support'],
      dataCategories: ['identity', 'youth_welfare'],
      recipientAgencyIds: ['yo-mitte'],
    }),
  ],
  childProtectionDeclarations: [],
  referrals: [],
};

const accessOf = (actor: Actor, purpose: Purpose) => decideCaseAccess({ actor, purpose, now, facts });

describe('decideReferralDisclosure', () => {
  it('refuses a referral purpose other than the declared one (the laundering request)', () => {
    const access = accessOf(coach, 'integration');
    expect(
      decideReferralDisclosure(access, 'integration', {
        purpose: 'youth_support',
        categories: ['identity', 'youth_welfare'],
      }),
    ).toEqual({
      permitted: false,
      refusal: 'purpose_not_declared',
      declared: 'integration',
      requested: 'youth_support',
    });
  });

  it('takes the declared purpose when the request names none', () => {
    const decision = decideReferralDisclosure(accessOf(coach, 'integration'), 'integration', {
      categories: ['identity', 'finances'],
    });
    expect(decision).toEqual({
      permitted: true,
      purpose: 'integration',
      categories: [
        { category: 'identity', basis: { kind: 'team' } },
        { category: 'finances', basis: { kind: 'team' } },
      ],
    });
  });

  it('names every category the sender may not read under the purpose', () => {
    const decision = decideReferralDisclosure(accessOf(coach, 'integration'), 'integration', {
      purpose: 'integration',
      categories: ['identity', 'youth_welfare', 'health', 'identity'],
    });
    expect(decision).toEqual({
      permitted: false,
      refusal: 'categories_not_readable',
      purpose: 'integration',
      unreadable: ['youth_welfare', 'health'],
    });
  });

  it('gives each category the basis the policy decided: a consent for the youth office', () => {
    const decision = decideReferralDisclosure(accessOf(youthWorker, 'youth_support'), 'youth_support', {
      purpose: 'youth_support',
      categories: ['youth_welfare', 'identity'],
    });
    expect(decision).toEqual({
      permitted: true,
      purpose: 'youth_support',
      categories: [
        { category: 'youth_welfare', basis: { kind: 'consent', consentId: 'c-yo' } },
        { category: 'identity', basis: { kind: 'consent', consentId: 'c-yo' } },
      ],
    });
  });

  it('shares nothing the consent does not give the sender, even under the right purpose', () => {
    const decision = decideReferralDisclosure(accessOf(youthWorker, 'youth_support'), 'youth_support', {
      categories: ['identity', 'contacts'],
    });
    expect(decision).toMatchObject({ permitted: false, unreadable: ['contacts'] });
  });
});
