import { type Actor, type DataCategory, type Purpose } from '@fallverbund/kernel';
import { type CaseFacts, type ConsentFacts } from './case-facts';
import { decideCaseAccess } from './case-access.policy';
import { conferenceTextReader, mayRecordText, partitionTexts } from './free-text.policy';
import { type ConferenceInvitationFacts } from './invitee.policy';
import { person } from './testing/policy-fixtures';

const coach = person('anna.coach', 'caseworker', 'jobcenter-mitte', 'jobcenter');
const counsellor = person('emil.counsel', 'partner_staff', 'suchtberatung-nord', 'network_partner');
const now = new Date('2026-11-25T10:00:00.000Z');

const consent = (overrides: Partial<ConsentFacts> = {}): ConsentFacts => ({
  consentId: 'k1',
  purposes: ['case_conference', 'coordination'],
  dataCategories: ['identity', 'case_admin', 'plan'],
  recipientAgencyIds: ['suchtberatung-nord'],
  recipientUserIds: [],
  validUntil: null,
  grantedAt: '2026-11-01T08:00:00.000Z',
  withdrawnAt: null,
  ...overrides,
});
const facts = (consents: ConsentFacts[] = []): CaseFacts => ({
  caseId: 'c1',
  leadAgencyId: 'jobcenter-mitte',
  leadAgencyType: 'jobcenter',
  team: [
    { userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker' },
    { userId: 'emil.counsel', agencyId: 'suchtberatung-nord', role: 'partner_staff' },
  ],
  consents,
  childProtectionDeclarations: [],
  referrals: [],
});
const access = (actor: Actor, purpose: Purpose, consents: ConsentFacts[] = []) =>
  decideCaseAccess({ actor, purpose, now, facts: facts(consents) });

const texts = (...categories: DataCategory[]) => categories.map((category, i) => ({ id: `t${i}`, category }));

describe('categorised free text', () => {
  describe('mayRecordText', () => {
    it('lets the lead coach record an addiction text under health_promotion, not under integration', () => {
      expect(mayRecordText(access(coach, 'health_promotion'), 'addiction')).toBe(true);
      expect(mayRecordText(access(coach, 'integration'), 'addiction')).toBe(false);
      expect(mayRecordText(access(coach, 'integration'), 'plan')).toBe(true);
      expect(mayRecordText(access(coach, 'integration'), 'finances')).toBe(true);
    });

    it('binds a consent recipient to the consent’s categories', () => {
      const byConsent = access(counsellor, 'coordination', [consent()]);
      expect(mayRecordText(byConsent, 'plan')).toBe(true);
      expect(mayRecordText(byConsent, 'addiction')).toBe(false);
      expect(mayRecordText(byConsent, 'contacts')).toBe(false);
    });

    it('lets nobody record on a case it cannot see', () => {
      expect(mayRecordText(access(counsellor, 'coordination'), 'plan')).toBe(false);
    });
  });

  describe('partitionTexts', () => {
    it('keeps the readable texts in order and counts the others', () => {
      const items = texts('plan', 'addiction', 'plan', 'health', 'finances');
      expect(partitionTexts(access(coach, 'integration'), items)).toEqual({
        readable: [items[0], items[2], items[4]],
        withheld: 2,
      });
      expect(partitionTexts(access(coach, 'health_promotion'), items)).toEqual({
        readable: [items[0], items[1], items[2], items[3]],
        withheld: 1,
      });
    });

    it('withholds everything from a reader without the category, nothing from an empty list', () => {
      expect(partitionTexts(access(counsellor, 'coordination'), texts('plan', 'plan'))).toEqual({
        readable: [],
        withheld: 2,
      });
      expect(partitionTexts(access(coach, 'integration'), [])).toEqual({ readable: [], withheld: 0 });
    });
  });

  describe('conferenceTextReader', () => {
    const invitation = (consents: ConsentFacts[] = [consent()]): ConferenceInvitationFacts => ({
      conferenceId: 'f1',
      leadAgencyId: 'jobcenter-mitte',
      invitedAgencyIds: ['suchtberatung-nord', 'jobcenter-mitte'],
      agreed: true,
      consents,
    });
    const reads = (reader: ReturnType<typeof conferenceTextReader>) =>
      (['case_admin', 'plan', 'progress', 'addiction', 'health'] as const).filter((c) => reader.can('read', c));

    it('gives a pseudonymised invitee case_admin texts alone', () => {
      expect(reads(conferenceTextReader({ actor: counsellor, now, facts: invitation(), identified: false }))).toEqual([
        'case_admin',
      ]);
      expect(reads(conferenceTextReader({ actor: coach, now, facts: invitation(), identified: false }))).toEqual([
        'case_admin',
      ]);
    });

    it('gives the identified lead agency what case_conference may need: never addiction or health', () => {
      expect(reads(conferenceTextReader({ actor: coach, now, facts: invitation(), identified: true }))).toEqual([
        'case_admin',
        'plan',
        'progress',
      ]);
    });

    it('gives another identified agency its consent’s categories within what case_conference may need', () => {
      const wide = consent({ dataCategories: ['identity', 'plan', 'addiction'] });
      expect(
        reads(conferenceTextReader({ actor: counsellor, now, facts: invitation([wide]), identified: true })),
      ).toEqual(['case_admin', 'plan']);
      const withdrawn = consent({ withdrawnAt: '2026-11-20T08:00:00.000Z' });
      expect(
        reads(conferenceTextReader({ actor: counsellor, now, facts: invitation([withdrawn]), identified: true })),
      ).toEqual(['case_admin']);
    });

    it('records nothing', () => {
      const reader = conferenceTextReader({ actor: coach, now, facts: invitation(), identified: true });
      expect(mayRecordText(reader, 'case_admin')).toBe(false);
    });
  });
});
