import { type Actor, type CommandContext, deciderSpec } from '@fallverbund/kernel';
import {
  type AddTeamMember,
  type DeclareChildProtectionAccess,
  type EraseParticipantData,
  type GrantConsent,
  type OpenCase,
  type RecordHealthNote,
  type WithdrawConsent,
} from './case.commands';
import { caseDecider } from './case.decide';
import {
  AlreadyTeamMemberError,
  CaseAlreadyExistsError,
  CaseNotFoundError,
  ConsentNotActiveError,
  ConsentNotFoundError,
  InvalidConsentError,
  InvalidHealthNoteError,
  InvalidParticipantError,
  JustificationRequiredError,
  ParticipantAlreadyErasedError,
  RoleMayNotOpenCaseError,
  RoleNotAllowedInTeamError,
} from './case.errors';
import {
  type CaseOpened,
  type ChildProtectionAccessDeclared,
  type ConsentGranted,
  type ConsentWithdrawn,
  type HealthNoteRecorded,
  type ParticipantDataErased,
  type TeamMemberAdded,
} from './case.events';

const now = new Date('2026-11-25T09:30:00.000Z');
const anna: Actor = {
  userId: 'anna.coach',
  displayName: 'anna.coach',
  role: 'caseworker',
  agencyId: 'jobcenter-mitte',
  agencyType: 'jobcenter',
};
const frieda: Actor = { ...anna, userId: 'frieda.dpo', role: 'data_protection_officer' };
const context = (actor: Actor = anna): CommandContext => ({ now, actor, purpose: 'integration' });
const caseId = '6f1c1e7e-0000-4000-8000-000000000001';
const participantId = '6f1c1e7e-0000-4000-8000-0000000000aa';
const participant = { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' };

const openCase = (overrides: Partial<OpenCase['data']> = {}, actor?: Actor): OpenCase => ({
  type: 'OpenCase',
  data: { caseId, participantId, participant, ...overrides },
  metadata: context(actor),
});
const addMember = (userId: string, role: TeamMemberAdded['data']['role'] = 'caseworker'): AddTeamMember => ({
  type: 'AddTeamMember',
  data: { caseId, member: { userId, agencyId: 'jugendamt-mitte', role } },
  metadata: context(),
});
const caseOpened: CaseOpened = {
  type: 'CaseOpened',
  data: {
    caseId,
    participantId,
    participant,
    leadAgencyId: 'jobcenter-mitte',
    leadAgencyType: 'jobcenter',
    openedBy: 'anna.coach',
    openedByRole: 'caseworker',
    openedAt: now.toISOString(),
  },
};
const claraAdded: TeamMemberAdded = {
  type: 'TeamMemberAdded',
  data: {
    caseId,
    userId: 'clara.youth',
    agencyId: 'jugendamt-mitte',
    role: 'caseworker',
    addedBy: 'anna.coach',
    addedAt: now.toISOString(),
  },
};

const spec = deciderSpec(caseDecider);

describe('case', () => {
  describe('OpenCase', () => {
    it('opens a case led by the actor agency, with the opener on the team', () =>
      spec.given([]).when(openCase()).then([caseOpened]));

    it('trims the names', () =>
      spec
        .given([])
        .when(openCase({ participant: { ...participant, givenName: '  Mara ' } }))
        .then([caseOpened]));

    it('cannot open the same case twice', () =>
      spec.given([caseOpened]).when(openCase()).thenThrows(CaseAlreadyExistsError, 'CASE.ALREADY_EXISTS'));

    it.each(['1990-02-30', '2027-01-01', '1890-01-01'])('refuses the birth date %s', (birthDate) =>
      spec
        .given([])
        .when(openCase({ participant: { ...participant, birthDate } }))
        .thenThrows(InvalidParticipantError, 'CASE.INVALID_PARTICIPANT'),
    );

    it('refuses blank names', () =>
      spec
        .given([])
        .when(openCase({ participant: { ...participant, familyName: '   ' } }))
        .thenThrows(InvalidParticipantError));

    it('is not for data protection officers', () =>
      spec.given([]).when(openCase({}, frieda)).thenThrows(RoleMayNotOpenCaseError, 'CASE.ROLE_MAY_NOT_OPEN'));
  });

  describe('AddTeamMember', () => {
    it('adds a member of another agency', () =>
      spec.given([caseOpened]).when(addMember('clara.youth')).then([claraAdded]));

    it('needs an existing case', () =>
      spec.given([]).when(addMember('clara.youth')).thenThrows(CaseNotFoundError, 'CASE.NOT_FOUND'));

    it('does not add a member twice, nor the opener again', () => {
      spec.given([caseOpened, claraAdded]).when(addMember('clara.youth')).thenThrows(AlreadyTeamMemberError);
      spec
        .given([caseOpened])
        .when(addMember('anna.coach'))
        .thenThrows(AlreadyTeamMemberError, 'CASE.ALREADY_TEAM_MEMBER');
    });

    it('keeps data protection officers off case teams', () =>
      spec
        .given([caseOpened])
        .when(addMember('frieda.dpo', 'data_protection_officer'))
        .thenThrows(RoleNotAllowedInTeamError, 'CASE.ROLE_NOT_ALLOWED_IN_TEAM'));
  });

  describe('EraseParticipantData', () => {
    const erase: EraseParticipantData = {
      type: 'EraseParticipantData',
      data: { caseId, reason: 'retention ended' },
      metadata: context(frieda),
    };
    const erased: ParticipantDataErased = {
      type: 'ParticipantDataErased',
      data: { caseId, participantId, erasedAt: now.toISOString(), reason: 'retention ended' },
    };

    it('records the erasure of the participant data', () =>
      spec.given([caseOpened, claraAdded]).when(erase).then([erased]));
    it('needs an existing case', () => spec.given([]).when(erase).thenThrows(CaseNotFoundError));
    it('happens once', () =>
      spec
        .given([caseOpened, erased])
        .when(erase)
        .thenThrows(ParticipantAlreadyErasedError, 'CASE.PARTICIPANT_ALREADY_ERASED'));
  });

  describe('consent', () => {
    const consentId = '6f1c1e7e-0000-4000-8000-0000000000c1';
    const grantData: GrantConsent['data'] = {
      caseId,
      consentId,
      purposes: ['coordination'],
      dataCategories: ['identity', 'plan'],
      recipientAgencyIds: ['jugendamt-mitte'],
      recipientUserIds: [],
      validUntil: '2027-06-30',
      form: 'written',
      grantedBy: 'participant',
      evidenceRef: 'scan-4711',
    };
    const grant = (overrides: Partial<GrantConsent['data']> = {}): GrantConsent => ({
      type: 'GrantConsent',
      data: { ...grantData, ...overrides },
      metadata: context(),
    });
    const granted: ConsentGranted = {
      type: 'ConsentGranted',
      data: { ...grantData, recordedBy: 'anna.coach', grantedAt: now.toISOString() },
    };
    const withdraw = (at = now): WithdrawConsent => ({
      type: 'WithdrawConsent',
      data: { caseId, consentId },
      metadata: { ...context(), now: at },
    });
    const withdrawn: ConsentWithdrawn = {
      type: 'ConsentWithdrawn',
      data: { caseId, consentId, withdrawnAt: now.toISOString(), recordedBy: 'anna.coach' },
    };

    it('is granted for named purposes, categories and recipients', () =>
      spec.given([caseOpened]).when(grant()).then([granted]));
    it.each([
      ['no purpose', { purposes: [] }],
      ['no category', { dataCategories: [] }],
      ['no recipient', { recipientAgencyIds: [], recipientUserIds: [] }],
      ['the evaluation purpose', { purposes: ['evaluation' as const] }],
      ['a validUntil in the past', { validUntil: '2026-11-24' }],
      ['a validUntil that is no date', { validUntil: '2027-02-30' }],
    ])('is never blanket or malformed: refuses %s', (_name, overrides) =>
      spec.given([caseOpened]).when(grant(overrides)).thenThrows(InvalidConsentError, 'CONSENT.INVALID'),
    );
    it('is withdrawn once', () => {
      spec.given([caseOpened, granted]).when(withdraw()).then([withdrawn]);
      spec
        .given([caseOpened, granted, withdrawn])
        .when(withdraw())
        .thenThrows(ConsentNotActiveError, 'CONSENT.NOT_ACTIVE');
    });
    it('cannot be withdrawn after it expired, nor when it does not exist', () => {
      spec
        .given([caseOpened, granted])
        .when(withdraw(new Date('2027-07-01T00:00:00Z')))
        .thenThrows(ConsentNotActiveError);
      spec.given([caseOpened]).when(withdraw()).thenThrows(ConsentNotFoundError, 'CONSENT.NOT_FOUND');
    });
  });

  describe('RecordHealthNote', () => {
    const record = (text: string, actor: Actor = anna): RecordHealthNote => ({
      type: 'RecordHealthNote',
      data: { caseId, noteId: 'n1', text },
      metadata: context(actor),
    });
    const note = (secrecy: boolean, author = anna): HealthNoteRecorded => ({
      type: 'HealthNoteRecorded',
      data: {
        caseId,
        noteId: 'n1',
        participantId,
        text: 'Rückenschmerzen',
        authorUserId: author.userId,
        authorAgencyId: author.agencyId,
        secrecy,
        recordedAt: now.toISOString(),
      },
    });
    const deniz: Actor = {
      userId: 'deniz.psych',
      displayName: 'deniz.psych',
      role: 'health_professional',
      agencyId: 'praxis-yilmaz',
      agencyType: 'health_provider',
    };

    it('records a note; a health professional marks it as secrecy-holder data', () => {
      spec
        .given([caseOpened])
        .when(record(' Rückenschmerzen '))
        .then([note(false)]);
      spec
        .given([caseOpened])
        .when(record('Rückenschmerzen', deniz))
        .then([note(true, deniz)]);
    });
    it('refuses an empty note', () =>
      spec.given([caseOpened]).when(record('  ')).thenThrows(InvalidHealthNoteError, 'HEALTH_NOTE.INVALID'));
  });

  describe('DeclareChildProtectionAccess', () => {
    const declare = (justification: string): DeclareChildProtectionAccess => ({
      type: 'DeclareChildProtectionAccess',
      data: { caseId, declarationId: 'd1', justification },
      metadata: context(),
    });
    const declared: ChildProtectionAccessDeclared = {
      type: 'ChildProtectionAccessDeclared',
      data: {
        caseId,
        declarationId: 'd1',
        userId: 'anna.coach',
        agencyId: 'jobcenter-mitte',
        justification: 'Hinweise auf Vernachlässigung des Kindes',
        declaredAt: now.toISOString(),
        expiresAt: '2026-11-28T09:30:00.000Z',
      },
    };
    it('is declared with a written justification, for 72 hours', () =>
      spec.given([caseOpened]).when(declare('Hinweise auf Vernachlässigung des Kindes')).then([declared]));
    it('needs a justification', () =>
      spec
        .given([caseOpened])
        .when(declare('weil'))
        .thenThrows(JustificationRequiredError, 'CHILD_PROTECTION.JUSTIFICATION_REQUIRED'));
  });
});
