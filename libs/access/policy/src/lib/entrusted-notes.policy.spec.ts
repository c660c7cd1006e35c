import { type Actor, type Purpose } from '@fallverbund/kernel';
import {
  decideCaseAccess,
  mayRecordEntrustedNote,
  type CaseFacts,
  type ChildProtectionDeclarationFacts,
  type ConsentFacts,
} from '../index';
import { consentFacts, memberOf, person } from './testing/policy-fixtures';

// A youth office leads; the note is entrusted to clara.
const clara = person('clara', 'caseworker', 'yo-mitte', 'youth_office');
const colleague = person('jonas', 'caseworker', 'yo-mitte', 'youth_office');
const lead = person('greta', 'team_lead', 'yo-mitte', 'youth_office');
const counsellor = person('emil', 'partner_staff', 'np-familie', 'network_partner');
const doctor = person('deniz', 'health_professional', 'hp-praxis', 'health_provider');
const now = new Date('2026-12-04T10:00:00.000Z');

const consent = (overrides: Partial<ConsentFacts> = {}): ConsentFacts =>
  consentFacts({
    purposes: ['youth_support'],
    dataCategories: ['identity', 'youth_welfare'],
    recipientAgencyIds: ['np-familie'],
    ...overrides,
  });

const declaration = (overrides: Partial<ChildProtectionDeclarationFacts> = {}): ChildProtectionDeclarationFacts => ({
  declarationId: 'd-1',
  userId: clara.userId,
  declaredAt: '2026-12-04T08:00:00.000Z',
  expiresAt: '2026-12-07T08:00:00.000Z',
  ...overrides,
});

const facts = (overrides: Partial<CaseFacts> = {}): CaseFacts => ({
  caseId: 'case-1',
  leadAgencyId: 'yo-mitte',
  leadAgencyType: 'youth_office',
  team: [clara, colleague, lead, counsellor, doctor].map(memberOf),
  consents: [consent()],
  childProtectionDeclarations: [],
  referrals: [],
  ...overrides,
});

const reads = (actor: Actor, caseFacts: CaseFacts = facts(), purpose: Purpose = 'youth_support') =>
  decideCaseAccess({ actor, purpose, now, facts: caseFacts }).canReadEntrustedNote(clara.userId);

describe('§ 65 SGB VIII: entrusted notes', () => {
  it('are recorded by caseworkers of a youth office only', () => {
    expect(mayRecordEntrustedNote(clara)).toBe(true);
    expect(
      [lead, counsellor, doctor, person('a', 'caseworker', 'jc', 'jobcenter')].map(mayRecordEntrustedNote),
    ).toEqual([false, false, false, false]);
  });

  it('reach the caseworker they were entrusted to, where youth_welfare is granted', () => {
    expect(reads(clara)).toBe(true);
    // Under coordination youth_welfare is not granted: no section, no note.
    expect(reads(clara, facts(), 'coordination')).toBe(false);
  });

  it('reach neither the colleague nor the team lead, though both read youth_welfare on the team rule', () => {
    expect(
      decideCaseAccess({ actor: colleague, purpose: 'youth_support', now, facts: facts() }).can(
        'read',
        'youth_welfare',
      ),
    ).toBe(true);
    expect(reads(colleague)).toBe(false);
    expect(reads(lead)).toBe(false);
  });

  it('reach no partner through a consent that names its agency', () => {
    expect(
      decideCaseAccess({ actor: counsellor, purpose: 'youth_support', now, facts: facts() }).can(
        'read',
        'youth_welfare',
      ),
    ).toBe(true);
    expect(reads(counsellor)).toBe(false);
  });

  it('reach a person a consent names for youth_welfare and the purpose, while it is active', () => {
    const named = consent({ consentId: 'c-2', recipientUserIds: [counsellor.userId] });
    expect(reads(counsellor, facts({ consents: [named] }))).toBe(true);
    expect(
      reads(
        colleague,
        facts({
          consents: [consent(), consent({ consentId: 'c-3', recipientAgencyIds: [], recipientUserIds: ['jonas'] })],
        }),
      ),
    ).toBe(true);
    expect(reads(counsellor, facts({ consents: [{ ...named, withdrawnAt: '2026-12-04T09:00:00.000Z' }] }))).toBe(false);
    expect(reads(counsellor, facts({ consents: [{ ...named, dataCategories: ['identity'] }, consent()] }))).toBe(false);
    expect(reads(counsellor, facts({ consents: [{ ...named, purposes: ['coordination'] }, consent()] }))).toBe(false);
  });

  it('reach the declaring youth-office caseworker under child_protection (§ 65 Abs. 1 Nr. 4), nobody else', () => {
    const author = 'someone-before';
    const declared = facts({ childProtectionDeclarations: [declaration()] });
    const read = (actor: Actor, caseFacts: CaseFacts) =>
      decideCaseAccess({ actor, purpose: 'child_protection', now, facts: caseFacts }).canReadEntrustedNote(author);
    expect(read(clara, declared)).toBe(true);
    expect(read(colleague, declared)).toBe(false);
    expect(read(clara, facts())).toBe(false);
    expect(
      decideCaseAccess({ actor: clara, purpose: 'youth_support', now, facts: declared }).canReadEntrustedNote(author),
    ).toBe(false);
  });
});
