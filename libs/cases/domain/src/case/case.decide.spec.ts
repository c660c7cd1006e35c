import { type Actor, type CommandContext, deciderSpec } from '@fallverbund/kernel';
import {
  type AddTeamMember,
  type CloseCase,
  type CorrectContact,
  type RecordContact,
  type ReopenCase,
  type StartAftercare,
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
  CaseClosedError,
  ContactNotFoundError,
  IllegalTransitionError,
  InvalidContactError,
  InvalidCorrectionError,
  InvalidLifecycleStepError,
  CaseNotFoundError,
  ConsentNotActiveError,
  ConsentNotFoundError,
  InvalidConsentError,
  InvalidHealthNoteError,
  InvalidParticipantError,
  FirstContactInFutureError,
  FirstContactTooFarBackError,
  InvalidFirstContactError,
  JustificationRequiredError,
  ParticipantAlreadyErasedError,
  RoleMayNotOpenCaseError,
  RoleNotAllowedInTeamError,
} from './case.errors';
import {
  type AftercareStarted,
  type CaseClosed,
  type CaseReopened,
  type ContactCorrected,
  type ContactRecorded,
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
    firstContactAt: now.toISOString(),
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

    describe('first contact (intake)', () => {
      const openedWith = (firstContactAt: string): CaseOpened => ({
        ...caseOpened,
        data: { ...caseOpened.data, firstContactAt },
      });

      it('records a first contact earlier today, normalised to UTC', () =>
        spec
          .given([])
          .when(openCase({ firstContactAt: '2026-11-25T08:15:00+01:00' }))
          .then([openedWith('2026-11-25T07:15:00.000Z')]));

      it('records one exactly 90 days back, and one at the very moment of opening', () => {
        spec
          .given([])
          .when(openCase({ firstContactAt: '2026-08-27T09:30:00Z' }))
          .then([openedWith('2026-08-27T09:30:00.000Z')]);
        spec
          .given([])
          .when(openCase({ firstContactAt: now.toISOString() }))
          .then([caseOpened]);
      });

      it('refuses a first contact in the future', () =>
        spec
          .given([])
          .when(openCase({ firstContactAt: '2026-11-25T09:30:01Z' }))
          .thenThrows(FirstContactInFutureError, 'CASE.FIRST_CONTACT_IN_FUTURE'));

      it('refuses a first contact more than 90 days back', () =>
        spec
          .given([])
          .when(openCase({ firstContactAt: '2026-08-27T09:29:59Z' }))
          .thenThrows(FirstContactTooFarBackError, 'CASE.FIRST_CONTACT_TOO_FAR_BACK'));

      it.each(['2026-11-25', '2026-W48', 'morning'])('refuses %s, which is no instant', (firstContactAt) =>
        spec
          .given([])
          .when(openCase({ firstContactAt }))
          .thenThrows(InvalidFirstContactError, 'CASE.FIRST_CONTACT_INVALID'),
      );
    });
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
        // Whose key seals the justification (casePersonalData).
        participantId,
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

  describe('RecordContact', () => {
    const opened: CaseOpened = {
      ...caseOpened,
      data: { ...caseOpened.data, openedAt: '2026-11-01T08:00:00.000Z', firstContactAt: '2026-11-01T08:00:00.000Z' },
    };
    const contactData: RecordContact['data'] = {
      caseId,
      contactId: 'k1',
      kind: 'home_visit',
      occurredAt: '2026-11-24T14:00:00+01:00',
      durationMinutes: 45,
      participants: [' participant ', 'coach', 'coach'],
      summary: '  Wohnung besichtigt  ',
    };
    const record = (overrides: Partial<RecordContact['data']> = {}): RecordContact => ({
      type: 'RecordContact',
      data: { ...contactData, ...overrides },
      metadata: context(),
    });
    const recorded: ContactRecorded = {
      type: 'ContactRecorded',
      data: {
        caseId,
        contactId: 'k1',
        participantId,
        kind: 'home_visit',
        occurredAt: '2026-11-24T13:00:00.000Z',
        durationMinutes: 45,
        participants: ['participant', 'coach'],
        summary: 'Wohnung besichtigt',
        summaryCategory: 'contacts',
        recordedBy: 'anna.coach',
        recordedAt: now.toISOString(),
      },
    };
    const closed: CaseClosed = {
      type: 'CaseClosed',
      data: { caseId, exitReason: 'goal_reached', closedBy: 'anna.coach', closedAt: now.toISOString() },
    };

    it('records a past contact in UTC, with roles as participants and a trimmed summary', () =>
      spec.given([opened]).when(record()).then([recorded]));
    it('records a contact without summary or participants', () =>
      spec
        .given([opened])
        .when(record({ summary: '   ', participants: [] }))
        .then([{ ...recorded, data: { ...recorded.data, summary: null, participants: [] } }]));
    it.each([
      ['a date in the future', { occurredAt: '2026-11-25T09:31:00Z' }],
      ['a date before the case was opened', { occurredAt: '2026-10-31T23:59:59Z' }],
      ['a date that is no instant', { occurredAt: '2026-11-24' }],
      ['an unknown kind', { kind: 'carrier_pigeon' }],
      ['a duration of 0', { durationMinutes: 0 }],
      ['a duration over 600 minutes', { durationMinutes: 601 }],
      ['a fractional duration', { durationMinutes: 1.5 }],
      ['a summary over 2000 characters', { summary: 'x'.repeat(2001) }],
      ['a blank participant', { participants: ['  '] }],
    ])('refuses %s', (_name, overrides) =>
      spec.given([opened]).when(record(overrides)).thenThrows(InvalidContactError, 'CONTACT.INVALID'),
    );
    it('accepts a contact at the instant of the request and at the opening', () => {
      spec
        .given([opened])
        .when(record({ occurredAt: now.toISOString() }))
        .then([{ ...recorded, data: { ...recorded.data, occurredAt: now.toISOString() } }]);
      spec
        .given([opened])
        .when(record({ occurredAt: '2026-11-01T08:00:00.000Z' }))
        .then([{ ...recorded, data: { ...recorded.data, occurredAt: '2026-11-01T08:00:00.000Z' } }]);
    });
    it('dates a contact from the first contact on, before the opening (walk & talk this morning, case opened at noon)', () => {
      const openedAtNoon: CaseOpened = {
        ...caseOpened,
        data: { ...caseOpened.data, openedAt: '2026-11-25T09:00:00.000Z', firstContactAt: '2026-11-25T07:00:00.000Z' },
      };
      spec
        .given([openedAtNoon])
        .when(record({ occurredAt: '2026-11-25T07:30:00Z' }))
        .then([{ ...recorded, data: { ...recorded.data, occurredAt: '2026-11-25T07:30:00.000Z' } }]);
      spec
        .given([openedAtNoon])
        .when(record({ occurredAt: '2026-11-25T06:59:59Z' }))
        .thenThrows(InvalidContactError, 'CONTACT.INVALID');
    });
    it('dates a contact in the minute of the first contact, as forms give it (case opened at 09:20:23, contact at 09:20)', () => {
      const openedNow: CaseOpened = {
        ...caseOpened,
        data: { ...caseOpened.data, openedAt: '2026-11-25T08:20:23.456Z', firstContactAt: '2026-11-25T08:20:23.456Z' },
      };
      spec
        .given([openedNow])
        .when(record({ occurredAt: '2026-11-25T09:20+01:00' }))
        .then([{ ...recorded, data: { ...recorded.data, occurredAt: '2026-11-25T08:20:00.000Z' } }]);
      spec
        .given([openedNow])
        .when(record({ occurredAt: '2026-11-25T09:19:59+01:00' }))
        .thenThrows(InvalidContactError, 'CONTACT.INVALID');
    });
    it('reads a case opened before intake existed as first contacted when opened', () => {
      const data: CaseOpened['data'] = { ...opened.data, openedAt: '2026-11-24T12:00:00.000Z' };
      delete data.firstContactAt;
      const legacy: CaseOpened = { type: 'CaseOpened', data };
      spec
        .given([legacy])
        .when(record({ occurredAt: '2026-11-24T11:59:59Z' }))
        .thenThrows(InvalidContactError, 'CONTACT.INVALID');
      spec
        .given([legacy])
        .when(record({ occurredAt: '2026-11-24T12:00:00Z' }))
        .then([{ ...recorded, data: { ...recorded.data, occurredAt: '2026-11-24T12:00:00.000Z' } }]);
    });
    it('keeps the category the author chose for the summary beside it', () =>
      spec
        .given([opened])
        .when(record({ summaryCategory: 'addiction' }))
        .then([{ ...recorded, data: { ...recorded.data, summaryCategory: 'addiction' } }]));
    it('refuses a summary under an unknown category', () =>
      spec
        .given([opened])
        .when(record({ summaryCategory: 'alcohol' }))
        .thenThrows(InvalidContactError, 'CONTACT.INVALID'));
    it('needs an existing case', () => spec.given([]).when(record()).thenThrows(CaseNotFoundError));
    it('is refused on a closed case', () =>
      spec.given([opened, closed]).when(record()).thenThrows(CaseClosedError, 'CASE.CLOSED'));

    describe('CorrectContact', () => {
      const correct = (overrides: Partial<CorrectContact['data']> = {}): CorrectContact => ({
        type: 'CorrectContact',
        data: {
          caseId,
          contactId: 'k1',
          correctionId: 'c1',
          changes: { durationMinutes: 60 },
          reason: ' Dauer falsch erfasst ',
          ...overrides,
        },
        metadata: context(),
      });
      const corrected: ContactCorrected = {
        type: 'ContactCorrected',
        data: {
          caseId,
          contactId: 'k1',
          correctionId: 'c1',
          participantId,
          changes: { durationMinutes: 60 },
          reason: 'Dauer falsch erfasst',
          reasonCategory: 'contacts',
          correctedBy: 'anna.coach',
          correctedAt: now.toISOString(),
        },
      };

      it('records a correction that references the original', () =>
        spec.given([opened, recorded]).when(correct()).then([corrected]));
      it('corrects the summary and the kind', () =>
        spec
          .given([opened, recorded])
          .when(correct({ changes: { kind: 'phone' }, summary: ' Telefonat ' }))
          .then([
            {
              ...corrected,
              data: {
                ...corrected.data,
                changes: { kind: 'phone' },
                summary: 'Telefonat',
                summaryCategory: 'contacts',
              },
            },
          ]));
      it('keeps the categories the author chose for the corrected summary and the reason', () =>
        spec
          .given([opened, recorded])
          .when(correct({ summary: 'Rückfall besprochen', summaryCategory: 'addiction', reasonCategory: 'health' }))
          .then([
            {
              ...corrected,
              data: {
                ...corrected.data,
                summary: 'Rückfall besprochen',
                summaryCategory: 'addiction',
                reasonCategory: 'health',
              },
            },
          ]));
      it('refuses an unknown category of the summary or the reason', () => {
        spec
          .given([opened, recorded])
          .when(correct({ summary: 'x', summaryCategory: 'sucht' }))
          .thenThrows(InvalidContactError, 'CONTACT.INVALID');
        spec
          .given([opened, recorded])
          .when(correct({ reasonCategory: 'sucht' }))
          .thenThrows(InvalidContactError, 'CONTACT.INVALID');
      });
      it('needs the contact', () =>
        spec
          .given([opened, recorded])
          .when(correct({ contactId: 'k2' }))
          .thenThrows(ContactNotFoundError, 'CONTACT.NOT_FOUND'));
      it('needs a reason and a change', () => {
        spec
          .given([opened, recorded])
          .when(correct({ reason: '  ' }))
          .thenThrows(InvalidCorrectionError, 'CONTACT.INVALID_CORRECTION');
        spec
          .given([opened, recorded])
          .when(correct({ changes: {} }))
          .thenThrows(InvalidCorrectionError, 'CONTACT.INVALID_CORRECTION');
      });
      it('refuses a corrected date in the future or before the opening', () => {
        spec
          .given([opened, recorded])
          .when(correct({ changes: { occurredAt: '2027-01-01T00:00:00Z' } }))
          .thenThrows(InvalidContactError, 'CONTACT.INVALID');
        spec
          .given([opened, recorded])
          .when(correct({ changes: { occurredAt: '2026-01-01T00:00:00Z' } }))
          .thenThrows(InvalidContactError, 'CONTACT.INVALID');
      });
      it('is refused on a closed case', () =>
        spec.given([opened, recorded, closed]).when(correct()).thenThrows(CaseClosedError));
    });
  });

  describe('lifecycle', () => {
    const aftercare = (followUps: string[] = ['2027-02-01', '2026-12-15']): StartAftercare => ({
      type: 'StartAftercare',
      data: { caseId, followUps },
      metadata: context(),
    });
    const close = (exitReason = 'moved_away'): CloseCase => ({
      type: 'CloseCase',
      data: { caseId, exitReason },
      metadata: context(),
    });
    const reopen = (reason = ' zurückgezogen, neuer Bedarf '): ReopenCase => ({
      type: 'ReopenCase',
      data: { caseId, reason },
      metadata: context(),
    });
    const aftercareStarted: AftercareStarted = {
      type: 'AftercareStarted',
      data: { caseId, followUps: ['2026-12-15', '2027-02-01'], startedBy: 'anna.coach', startedAt: now.toISOString() },
    };
    const closed: CaseClosed = {
      type: 'CaseClosed',
      data: { caseId, exitReason: 'moved_away', closedBy: 'anna.coach', closedAt: now.toISOString() },
    };
    const reopened: CaseReopened = {
      type: 'CaseReopened',
      data: {
        caseId,
        participantId,
        reason: 'zurückgezogen, neuer Bedarf',
        reopenedBy: 'anna.coach',
        reopenedAt: now.toISOString(),
      },
    };

    it('moves an active case to aftercare with a sorted follow-up schedule', () =>
      spec.given([caseOpened]).when(aftercare()).then([aftercareStarted]));
    it.each([
      ['no follow-up', []],
      ['a follow-up today', ['2026-11-25']],
      ['a follow-up in the past', ['2026-11-01']],
      ['a follow-up that is no date', ['2026-12-32']],
    ])('refuses a schedule with %s', (_name, followUps) =>
      spec
        .given([caseOpened])
        .when(aftercare(followUps))
        .thenThrows(InvalidLifecycleStepError, 'CASE.INVALID_LIFECYCLE_STEP'),
    );
    it('closes an active case and a case in aftercare, with an exit reason', () => {
      spec.given([caseOpened]).when(close()).then([closed]);
      spec.given([caseOpened, aftercareStarted]).when(close()).then([closed]);
    });
    it('refuses an unknown exit reason', () =>
      spec.given([caseOpened]).when(close('lottery')).thenThrows(InvalidLifecycleStepError));
    it('reopens a closed case', () => spec.given([caseOpened, closed]).when(reopen()).then([reopened]));
    it('needs a reason to reopen', () =>
      spec.given([caseOpened, closed]).when(reopen('  ')).thenThrows(InvalidLifecycleStepError));
    it('is active again after reopening: aftercare and closing work again', () => {
      spec.given([caseOpened, closed, reopened]).when(aftercare()).then([aftercareStarted]);
      spec.given([caseOpened, aftercareStarted, closed, reopened]).when(close()).then([closed]);
    });

    describe('illegal transitions', () => {
      it('aftercare from closed', () =>
        spec
          .given([caseOpened, closed])
          .when(aftercare())
          .thenThrows(IllegalTransitionError, 'CASE.ILLEGAL_TRANSITION'));
      it('aftercare from aftercare', () =>
        spec
          .given([caseOpened, aftercareStarted])
          .when(aftercare())
          .thenThrows(IllegalTransitionError, 'CASE.ILLEGAL_TRANSITION'));
      it('closing a closed case', () =>
        spec
          .given([caseOpened, aftercareStarted, closed])
          .when(close())
          .thenThrows(IllegalTransitionError, 'CASE.ILLEGAL_TRANSITION'));
      it('reopening an active case', () =>
        spec.given([caseOpened]).when(reopen()).thenThrows(IllegalTransitionError, 'CASE.ILLEGAL_TRANSITION'));
      it('reopening a case in aftercare', () =>
        spec
          .given([caseOpened, aftercareStarted])
          .when(reopen())
          .thenThrows(IllegalTransitionError, 'CASE.ILLEGAL_TRANSITION'));
      it('any step on a case that does not exist', () => {
        spec.given([]).when(aftercare()).thenThrows(CaseNotFoundError);
        spec.given([]).when(close()).thenThrows(CaseNotFoundError);
        spec.given([]).when(reopen()).thenThrows(CaseNotFoundError);
      });
    });
  });
});
