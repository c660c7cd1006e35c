import { type Decider } from '@fallverbund/kernel';
import { type AddTeamMember, type CaseCommand, type EraseParticipantData, type OpenCase } from './case.commands';
import {
  type CaseEvent,
  type CaseOpened,
  type ParticipantDataErased,
  type ParticipantIdentity,
  type TeamMemberAdded,
} from './case.events';
import {
  AlreadyTeamMemberError,
  CaseAlreadyExistsError,
  ParticipantAlreadyErasedError,
  CaseNotFoundError,
  InvalidParticipantError,
  RoleMayNotOpenCaseError,
  RoleNotAllowedInTeamError,
} from './case.errors';
import { type Case, type ExistingCase, evolveCase, initialCaseState } from './case.evolve';

const ROLES_OUTSIDE_CASE_WORK = ['data_protection_officer'] as const;

export function assertCaseExists(state: Case, caseId: string): asserts state is ExistingCase {
  if (state.status === 'none') throw new CaseNotFoundError(caseId);
}

const assertPlausibleParticipant = (participant: ParticipantIdentity, now: Date): void => {
  const birth = new Date(`${participant.birthDate}T00:00:00Z`);
  if (Number.isNaN(birth.getTime()) || birth.toISOString().slice(0, 10) !== participant.birthDate) {
    throw new InvalidParticipantError(`birthDate ${participant.birthDate} is not a calendar date`);
  }
  if (birth > now) throw new InvalidParticipantError('birthDate lies in the future');
  if (birth.getUTCFullYear() < now.getUTCFullYear() - 130)
    throw new InvalidParticipantError('birthDate lies too far back');
  if (!participant.givenName.trim() || !participant.familyName.trim()) {
    throw new InvalidParticipantError('given and family name must not be blank');
  }
};

const openCase = ({ data, metadata }: OpenCase, state: Case): CaseOpened => {
  if (state.status !== 'none') throw new CaseAlreadyExistsError(data.caseId);
  const { actor, now } = metadata;
  if ((ROLES_OUTSIDE_CASE_WORK as readonly string[]).includes(actor.role))
    throw new RoleMayNotOpenCaseError(actor.role);
  assertPlausibleParticipant(data.participant, now);
  return {
    type: 'CaseOpened',
    data: {
      caseId: data.caseId,
      participantId: data.participantId,
      participant: {
        givenName: data.participant.givenName.trim(),
        familyName: data.participant.familyName.trim(),
        birthDate: data.participant.birthDate,
      },
      leadAgencyId: actor.agencyId,
      openedBy: actor.userId,
      openedByRole: actor.role,
      openedAt: now.toISOString(),
    },
  };
};

const addTeamMember = ({ data, metadata }: AddTeamMember, state: Case): TeamMemberAdded => {
  assertCaseExists(state, data.caseId);
  const { member } = data;
  if ((ROLES_OUTSIDE_CASE_WORK as readonly string[]).includes(member.role))
    throw new RoleNotAllowedInTeamError(member.role);
  if (state.team.some((m) => m.userId === member.userId)) throw new AlreadyTeamMemberError(member.userId);
  return {
    type: 'TeamMemberAdded',
    data: { caseId: data.caseId, ...member, addedBy: metadata.actor.userId, addedAt: metadata.now.toISOString() },
  };
};

const eraseParticipantData = ({ data, metadata }: EraseParticipantData, state: Case): ParticipantDataErased => {
  assertCaseExists(state, data.caseId);
  if (state.participantErased) throw new ParticipantAlreadyErasedError(data.caseId);
  return {
    type: 'ParticipantDataErased',
    data: {
      caseId: data.caseId,
      participantId: state.participantId,
      erasedAt: metadata.now.toISOString(),
      reason: data.reason,
    },
  };
};

export const decideCase = (command: CaseCommand, state: Case): CaseEvent[] => {
  switch (command.type) {
    case 'OpenCase':
      return [openCase(command, state)];
    case 'AddTeamMember':
      return [addTeamMember(command, state)];
    case 'EraseParticipantData':
      return [eraseParticipantData(command, state)];
  }
};

export const caseDecider: Decider<CaseCommand, CaseEvent, Case> = {
  initialState: initialCaseState,
  decide: decideCase,
  evolve: evolveCase,
};
