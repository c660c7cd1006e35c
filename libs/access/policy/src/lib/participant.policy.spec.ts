import { AGENCY_TYPES, type Actor, PURPOSES } from '@fallverbund/kernel';
import { caseListRules, decideCaseAccess, mayOpenCase } from './case-access.policy';
import { consentFacts } from './testing/policy-fixtures';

/**
 * A participant never reaches the staff policy (the guard refuses their token on staff routes, and the
 * type of Actor has no participant role). Should one be forced through as an actor anyway, on the
 * team, named by a consent, of the lead agency, the policy grants nothing.
 */
describe('a participant forced through as an actor', () => {
  const asParticipant = (agencyType: (typeof AGENCY_TYPES)[number]): Actor =>
    ({ userId: 'lena', displayName: 'Lena', role: 'participant', agencyId: 'a-lead', agencyType }) as unknown as Actor;

  it('is granted no category of any case, for any purpose, and may open or list none', () => {
    for (const agencyType of AGENCY_TYPES) {
      const actor = asParticipant(agencyType);
      for (const purpose of PURPOSES) {
        const access = decideCaseAccess({
          actor,
          purpose,
          now: new Date('2026-12-04T10:00:00Z'),
          facts: {
            caseId: 'case-1',
            leadAgencyId: 'a-lead',
            leadAgencyType: agencyType,
            team: [{ userId: 'lena', agencyId: 'a-lead', role: 'caseworker' }],
            consents: [
              consentFacts({
                purposes: [...PURPOSES],
                dataCategories: ['identity', 'plan'],
                recipientAgencyIds: ['a-lead'],
                recipientUserIds: ['lena'],
              }),
            ],
            childProtectionDeclarations: [],
            referrals: [],
          },
        });
        expect([agencyType, purpose, access.granted]).toEqual([agencyType, purpose, []]);
        expect(mayOpenCase(actor, purpose)).toBe(false);
        expect(caseListRules(actor, purpose)).toEqual({
          team: false,
          consentCategories: [],
          supervision: false,
          childProtection: false,
        });
      }
    }
  });
});
