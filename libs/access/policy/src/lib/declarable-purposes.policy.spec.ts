import { AGENCY_TYPES, type Actor, STAFF_ROLES } from '@fallverbund/kernel';
import { declarablePurposes } from './declarable-purposes.policy';
import { STATUTORY_PURPOSES } from './policy.tables';

const actor = (role: Actor['role'], agencyType: Actor['agencyType']): Actor => ({
  userId: 'u',
  displayName: 'U',
  role,
  agencyId: 'a',
  agencyType,
});
const purposes = (a: Actor) => declarablePurposes(a).map((p) => p.purpose);

describe('declarable purposes', () => {
  it('are audit alone for the data protection officer', () =>
    expect(declarablePurposes(actor('data_protection_officer', 'jobcenter'))).toEqual([
      { purpose: 'audit', statutory: false, needs: [] },
    ]));

  it("start with a jobcenter's statutory purposes, and add evaluation but not child protection for its caseworker", () =>
    expect(purposes(actor('caseworker', 'jobcenter'))).toEqual([
      'integration',
      'coordination',
      'health_promotion',
      'case_conference',
      'aftercare',
      'rehabilitation',
      'youth_support',
      'evaluation',
    ]));

  it("give a youth office's caseworker § 8a child protection, and its partner staff neither that nor evaluation", () => {
    expect(purposes(actor('caseworker', 'youth_office'))).toContain('child_protection');
    expect(purposes(actor('partner_staff', 'youth_office'))).not.toContain('child_protection');
    expect(purposes(actor('partner_staff', 'network_partner'))).not.toContain('evaluation');
  });

  it('offer everyone but the DPO every case purpose once, the statutory ones first and marked, never audit', () => {
    for (const role of STAFF_ROLES.filter((r) => r !== 'data_protection_officer'))
      for (const agencyType of AGENCY_TYPES) {
        const offered = declarablePurposes(actor(role, agencyType));
        const statutory = STATUTORY_PURPOSES[agencyType];
        expect(offered.slice(0, statutory.length).map((p) => p.purpose)).toEqual(statutory);
        expect(offered.filter((p) => p.statutory).map((p) => p.purpose)).toEqual(statutory);
        expect(new Set(offered.map((p) => p.purpose)).size).toBe(offered.length);
        expect(offered.map((p) => p.purpose)).not.toContain('audit');
        for (const p of ['integration', 'coordination', 'health_promotion', 'rehabilitation', 'youth_support'] as const)
          expect(offered.map((o) => o.purpose)).toContain(p);
      }
  });

  it('name what each purpose may need', () =>
    expect(declarablePurposes(actor('caseworker', 'jobcenter')).find((p) => p.purpose === 'health_promotion')).toEqual({
      purpose: 'health_promotion',
      statutory: true,
      needs: ['identity', 'case_admin', 'contacts', 'plan', 'referrals', 'progress', 'health', 'addiction'],
    }));
});
