import { type Actor, type CommandContext, deciderSpec } from '@fallverbund/kernel';
import { type AddTeamMember, type EraseParticipantData, type OpenCase } from './case.commands';
import { caseDecider } from './case.decide';
import {
  AlreadyTeamMemberError,
  CaseAlreadyExistsError,
  CaseNotFoundError,
  InvalidParticipantError,
  ParticipantAlreadyErasedError,
  RoleMayNotOpenCaseError,
  RoleNotAllowedInTeamError,
} from './case.errors';
import { type CaseOpened, type ParticipantDataErased, type TeamMemberAdded } from './case.events';

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
});
