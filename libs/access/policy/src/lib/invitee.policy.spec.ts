import { type Actor, type StaffRole } from '@fallverbund/kernel';
import { type ConsentFacts } from './case-facts';
import { type ConferenceInvitationFacts, decideConferenceInvitation, mayReadEvaluationFigures } from './invitee.policy';

const now = new Date('2026-11-25T10:00:00.000Z');
const staff = (agencyId: string, role: StaffRole = 'partner_staff'): Actor => ({
  userId: `${role}@${agencyId}`,
  displayName: role,
  role,
  agencyId,
  agencyType: agencyId === 'jobcenter-mitte' ? 'jobcenter' : 'network_partner',
});
const consent = (overrides: Partial<ConsentFacts> = {}): ConsentFacts => ({
  consentId: 'k1',
  purposes: ['case_conference'],
  dataCategories: ['identity', 'plan'],
  recipientAgencyIds: ['suchtberatung-nord'],
  recipientUserIds: [],
  validUntil: null,
  grantedAt: '2026-11-01T08:00:00.000Z',
  withdrawnAt: null,
  ...overrides,
});
const facts = (overrides: Partial<ConferenceInvitationFacts> = {}): ConferenceInvitationFacts => ({
  conferenceId: 'f1',
  leadAgencyId: 'jobcenter-mitte',
  invitedAgencyIds: ['suchtberatung-nord', 'sportverein-nord'],
  agreed: true,
  consents: [consent()],
  ...overrides,
});
const decide = (actor: Actor, f = facts(), purpose: 'case_conference' | 'coordination' = 'case_conference') =>
  decideConferenceInvitation({ actor, purpose, now, facts: f });

describe('a conference invitee', () => {
  it('is not told of a conference its agency was not invited to', () => {
    expect(decide(staff('praxis-yilmaz'))).toMatchObject({ permitted: false, outcome: 404 });
  });

  it('is refused as a data protection officer or for another purpose', () => {
    expect(decide(staff('suchtberatung-nord', 'data_protection_officer'))).toMatchObject({ outcome: 403 });
    expect(decide(staff('suchtberatung-nord'), facts(), 'coordination')).toMatchObject({ outcome: 403 });
  });

  it('sees the name with the agreement and a consent that names its agency for case_conference and identity', () => {
    expect(decide(staff('suchtberatung-nord'))).toEqual({
      permitted: true,
      identified: true,
      legalBasis: ['conference invitation:f1', 'consent:k1'],
    });
  });

  it('sees only the pseudonym without agreement, without consent, or once the consent is withdrawn', () => {
    const pseudonymised = { permitted: true, identified: false, legalBasis: ['conference invitation:f1'] };
    expect(decide(staff('suchtberatung-nord'), facts({ agreed: null }))).toEqual(pseudonymised);
    expect(decide(staff('suchtberatung-nord'), facts({ agreed: false }))).toEqual(pseudonymised);
    expect(decide(staff('sportverein-nord'))).toEqual(pseudonymised);
    expect(
      decide(staff('suchtberatung-nord'), facts({ consents: [consent({ withdrawnAt: '2026-11-20T08:00:00.000Z' })] })),
    ).toEqual(pseudonymised);
    expect(decide(staff('suchtberatung-nord'), facts({ consents: [consent({ dataCategories: ['plan'] })] }))).toEqual(
      pseudonymised,
    );
  });

  it('of the lead agency sees the name with the agreement alone', () => {
    const f = facts({ invitedAgencyIds: ['jobcenter-mitte'], consents: [] });
    expect(decide(staff('jobcenter-mitte', 'caseworker'), f)).toEqual({
      permitted: true,
      identified: true,
      legalBasis: ['conference invitation:f1', 'conference agreement:f1'],
    });
  });
});

describe('evaluation figures', () => {
  it('are for caseworkers and team leads with purpose evaluation only', () => {
    expect(mayReadEvaluationFigures(staff('jobcenter-mitte', 'caseworker'), 'evaluation')).toBe(true);
    expect(mayReadEvaluationFigures(staff('jobcenter-mitte', 'team_lead'), 'evaluation')).toBe(true);
    expect(mayReadEvaluationFigures(staff('jobcenter-mitte', 'caseworker'), 'integration')).toBe(false);
    expect(mayReadEvaluationFigures(staff('jobcenter-mitte', 'data_protection_officer'), 'evaluation')).toBe(false);
    expect(mayReadEvaluationFigures(staff('suchtberatung-nord'), 'evaluation')).toBe(false);
  });
});
