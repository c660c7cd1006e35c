import { type Actor, type AgencyType, type Purpose, type StaffRole } from '@fallverbund/kernel';
import { decideCaseAccess, type CaseFacts, type ConsentFacts, type ReferralFacts } from '../index';

const person = (userId: string, role: StaffRole, agencyId: string, agencyType: AgencyType): Actor => ({
  userId,
  displayName: userId,
  role,
  agencyId,
  agencyType,
});

// A jobcenter leads; the addiction counselling service is referred to and is on no case team.
const coach = person('anna', 'caseworker', 'jc-mitte', 'jobcenter');
const counsellor = person('emil', 'partner_staff', 'np-sucht', 'network_partner');
const counsellingLead = person('petra', 'team_lead', 'np-sucht', 'network_partner');
const counsellingDpo = person('dpo-np', 'data_protection_officer', 'np-sucht', 'network_partner');
const debtCounsellor = person('markus', 'partner_staff', 'np-schulden', 'network_partner');

const now = new Date('2026-11-25T10:00:00.000Z');

const consent = (overrides: Partial<ConsentFacts> = {}): ConsentFacts => ({
  consentId: 'c-1',
  purposes: ['health_promotion'],
  dataCategories: ['identity', 'contacts', 'addiction'],
  recipientAgencyIds: ['np-sucht'],
  recipientUserIds: [],
  validUntil: null,
  grantedAt: '2026-11-01T09:00:00.000Z',
  withdrawnAt: null,
  ...overrides,
});

const referral = (overrides: Partial<ReferralFacts> = {}): ReferralFacts => ({
  referralId: 'r-1',
  partnerAgencyId: 'np-sucht',
  purpose: 'health_promotion',
  sharedCategories: ['identity', 'addiction'],
  status: 'sent',
  ...overrides,
});

const facts = (overrides: Partial<CaseFacts> = {}): CaseFacts => ({
  caseId: 'case-1',
  leadAgencyId: 'jc-mitte',
  leadAgencyType: 'jobcenter',
  team: [{ userId: coach.userId, agencyId: coach.agencyId, role: coach.role }],
  consents: [consent()],
  childProtectionDeclarations: [],
  referrals: [referral()],
  ...overrides,
});

const decide = (actor: Actor, caseFacts: CaseFacts = facts(), purpose: Purpose = 'health_promotion') =>
  decideCaseAccess({ actor, purpose, now, facts: caseFacts });

describe('rule referral', () => {
  it('opens the referral to the partner off the team, on the covering consent', () => {
    const access = decide(counsellor);
    expect(access.visible).toBe(true);
    // The consent rule grants what the consent covers (no place on the team needed since policy
    // 2026-12-04.3, contacts included though the referral does not share them); the referral adds itself.
    expect(access.granted).toEqual(['identity', 'contacts', 'referrals', 'addiction']);
    expect(access.can('read', 'addiction')).toBe(true);
    expect(access.can('record', 'referrals')).toBe(true);
    expect(access.basisFor('identity')).toEqual({ kind: 'consent', consentId: 'c-1' });
    expect(access.basisFor('referrals')).toEqual({ kind: 'consent', consentId: 'c-1' });
    // The consent does not name `referrals`: without the referral, the partner would not read it.
    expect(decide(counsellor, facts({ referrals: [] })).can('read', 'referrals')).toBe(false);
  });

  it('serves every staff role of the partner agency, never its data protection officer', () => {
    expect(decide(counsellingLead).granted).toEqual(['identity', 'contacts', 'referrals', 'addiction']);
    expect(decide(counsellingDpo).visible).toBe(false);
  });

  it('grants nothing to another partner or to a referral for another agency', () => {
    expect(decide(debtCounsellor).visible).toBe(false);
    // The consent still opens what it covers; the referral to another agency adds nothing.
    expect(
      decide(counsellor, facts({ referrals: [referral({ partnerAgencyId: 'np-schulden' })] })).can('read', 'referrals'),
    ).toBe(false);
  });

  it('grants nothing for a purpose other than the referral purpose', () => {
    const consentForBoth = consent({ purposes: ['health_promotion', 'coordination'] });
    // Under coordination the consent grants what it covers, the health_promotion referral nothing.
    expect(decide(counsellor, facts({ consents: [consentForBoth] }), 'coordination').granted).toEqual([
      'identity',
      'contacts',
    ]);
    expect(decide(counsellor, facts({ consents: [consentForBoth] })).can('read', 'referrals')).toBe(true);
  });

  it('ends at the next request after the consent is withdrawn or expired', () => {
    const withdrawn = facts({ consents: [consent({ withdrawnAt: '2026-11-25T09:59:59.999Z' })] });
    expect(decide(counsellor, withdrawn).visible).toBe(false);
    const expired = facts({ consents: [consent({ validUntil: '2026-11-24' })] });
    expect(decide(counsellor, expired).visible).toBe(false);
    // A consent that names the purpose but not the partner agency does not carry the referral.
    const elsewhere = facts({ consents: [consent({ recipientAgencyIds: ['np-schulden'] })] });
    expect(decide(counsellor, elsewhere).visible).toBe(false);
  });

  it.each(['declined', 'completed', 'cancelled'] as const)('ends when the referral is %s', (status) => {
    const access = decide(counsellor, facts({ referrals: [referral({ status })] }));
    expect(access.can('read', 'referrals')).toBe(false);
    expect(access.granted).toEqual(['identity', 'contacts', 'addiction']);
  });

  it.each(['sent', 'accepted', 'first_appointment'] as const)('holds while the referral is %s', (status) => {
    expect(decide(counsellor, facts({ referrals: [referral({ status })] })).granted).toContain('referrals');
  });

  it('opens nothing for child_protection, evaluation or audit, for which no referral is made', () => {
    for (const purpose of ['child_protection', 'evaluation', 'audit'] as const) {
      const forPurpose = facts({
        consents: [consent({ purposes: [purpose] })],
        referrals: [referral({ purpose })],
      });
      expect(decide(counsellor, forPurpose, purpose).can('read', 'referrals')).toBe(false);
    }
  });

  it('opens the referral itself under a purpose whose needs do not list referrals (aftercare)', () => {
    const aftercare = facts({
      consents: [consent({ purposes: ['aftercare'] })],
      referrals: [referral({ purpose: 'aftercare', sharedCategories: ['identity', 'contacts', 'addiction'] })],
    });
    expect(decide(counsellor, aftercare, 'aftercare').granted).toEqual(['identity', 'contacts', 'referrals']);
  });

  it('never opens a shared category the consent does not cover, nor one the purpose does not need', () => {
    const access = decide(
      counsellor,
      facts({
        consents: [consent({ dataCategories: ['identity', 'finances'] })],
        referrals: [referral({ sharedCategories: ['identity', 'addiction', 'finances'] })],
      }),
    );
    // addiction: not in the consent; finances: not what health_promotion may need.
    expect(access.granted).toEqual(['identity', 'referrals']);
  });

  it('gives the team rule the basis where both grant, and does not widen the lead team', () => {
    const onTeam = facts({
      team: [
        { userId: coach.userId, agencyId: coach.agencyId, role: coach.role },
        { userId: counsellor.userId, agencyId: counsellor.agencyId, role: counsellor.role },
      ],
    });
    // On the team with a consent, the consent rule grants all the consent covers; the referral adds `referrals`.
    expect(decide(counsellor, onTeam).granted).toEqual(['identity', 'contacts', 'referrals', 'addiction']);
    expect(decide(coach, facts()).basisFor('referrals')).toEqual({ kind: 'team' });
  });
});
