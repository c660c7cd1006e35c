import { DATA_CATEGORIES } from '@fallverbund/kernel';
import { type CaseFacts } from './case-facts';
import { decideCaseAccess } from './case-access.policy';
import { formatLegalBasis } from './legal-basis';
import { consentFacts, memberOf, person } from './testing/policy-fixtures';

const now = new Date('2026-12-01T10:00:00.000Z');
const coach = person('cw-jc', 'caseworker', 'jc-essen', 'jobcenter');
const lead = person('tl-jc', 'team_lead', 'jc-essen', 'jobcenter');
const doctor = person('hp-clinic', 'health_professional', 'hp-ruhr', 'health_provider');
const dpo = person('dpo-jc', 'data_protection_officer', 'jc-essen', 'jobcenter');

const facts = (restriction: CaseFacts['restriction'] = null): CaseFacts => ({
  caseId: 'case-1',
  leadAgencyId: 'jc-essen',
  leadAgencyType: 'jobcenter',
  team: [memberOf(coach)],
  consents: [
    consentFacts({
      purposes: ['health_promotion'],
      dataCategories: ['identity', 'health'],
      recipientAgencyIds: ['hp-ruhr'],
    }),
  ],
  childProtectionDeclarations: [],
  referrals: [],
  restriction,
});
const wholeCase = { scope: 'case' as const, reason: 'erasure_barred_by_retention', since: '2026-11-30T10:00:00.000Z' };

describe('restriction of processing (§ 84 SGB X)', () => {
  it('takes every category of a restricted case from the team: visible, nothing granted, all restricted', () => {
    const access = decideCaseAccess({ actor: coach, purpose: 'integration', now, facts: facts(wholeCase) });
    expect(access.visible).toBe(true);
    expect(access.granted).toEqual([]);
    expect(access.restricted).toEqual([
      'identity',
      'case_admin',
      'contacts',
      'plan',
      'referrals',
      'progress',
      'finances',
    ]);
    expect(access.can('read', 'identity')).toBe(false);
    expect(access.can('record', 'contacts')).toBe(false);
  });

  it('restricts only the named categories, for consent and supervision readers too', () => {
    const restriction = { ...wholeCase, scope: ['health', 'contacts'] as const };
    const byConsent = decideCaseAccess({ actor: doctor, purpose: 'health_promotion', now, facts: facts(restriction) });
    expect(byConsent.granted).toEqual(['identity']);
    expect(byConsent.restricted).toEqual(['health']);
    const bySupervision = decideCaseAccess({ actor: lead, purpose: 'integration', now, facts: facts(restriction) });
    expect(bySupervision.restricted).toEqual(['contacts']);
    expect(bySupervision.granted).not.toContain('contacts');
    expect(bySupervision.can('read', 'identity')).toBe(true);
  });

  it('restricts nothing a reader would not have read anyway: a stranger stays outside (404)', () => {
    const stranger = person('cw-other', 'caseworker', 'jc-other', 'jobcenter');
    const access = decideCaseAccess({ actor: stranger, purpose: 'integration', now, facts: facts(wholeCase) });
    expect(access.visible).toBe(false);
    expect(access.restricted).toEqual([]);
  });

  it('lets the data protection officer read (never record) the restricted categories under audit, on § 84 SGB X', () => {
    const access = decideCaseAccess({ actor: dpo, purpose: 'audit', now, facts: facts(wholeCase) });
    expect(access.granted).toEqual(DATA_CATEGORIES);
    expect(access.restricted).toEqual([]);
    expect(access.can('record', 'contacts')).toBe(false);
    const basis = access.basisFor('identity');
    expect(basis && formatLegalBasis(basis)).toBe('§84 SGB X restriction');
  });

  it('gives the data protection officer no case content without a restriction, under another purpose or of another agency', () => {
    const otherDpo = person('dpo-other', 'data_protection_officer', 'jc-other', 'jobcenter');
    expect(decideCaseAccess({ actor: otherDpo, purpose: 'audit', now, facts: facts(wholeCase) }).visible).toBe(false);
    expect(decideCaseAccess({ actor: dpo, purpose: 'audit', now, facts: facts() }).visible).toBe(false);
    expect(decideCaseAccess({ actor: dpo, purpose: 'coordination', now, facts: facts(wholeCase) }).visible).toBe(false);
  });

  it('changes nothing once lifted (facts without a restriction)', () => {
    const access = decideCaseAccess({ actor: coach, purpose: 'integration', now, facts: facts(null) });
    expect(access.restricted).toEqual([]);
    expect(access.can('record', 'contacts')).toBe(true);
  });
});
