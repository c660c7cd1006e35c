import { type Decider } from '@fallverbund/kernel';
import {
  type AddTeamMember,
  type CaseCommand,
  type DeclareChildProtectionAccess,
  type EraseParticipantData,
  type GrantConsent,
  type OpenCase,
  type RecordHealthNote,
  type WithdrawConsent,
} from './case.commands';
import {
  type CaseEvent,
  type CaseOpened,
  type ChildProtectionAccessDeclared,
  type ConsentGranted,
  type ConsentWithdrawn,
  type HealthNoteRecorded,
  type ParticipantDataErased,
  type ParticipantIdentity,
  type TeamMemberAdded,
} from './case.events';
import {
  AlreadyTeamMemberError,
  CaseAlreadyExistsError,
  ParticipantAlreadyErasedError,
  CaseNotFoundError,
  ConsentNotActiveError,
  ConsentNotFoundError,
  InvalidConsentError,
  InvalidHealthNoteError,
  InvalidParticipantError,
  JustificationRequiredError,
  RoleMayNotOpenCaseError,
  RoleNotAllowedInTeamError,
} from './case.errors';
import { type Case, type ExistingCase, evolveCase, initialCaseState, isConsentActiveAt } from './case.evolve';

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
      leadAgencyType: actor.agencyType,
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

const NOT_CONSENTABLE = ['evaluation', 'audit'];
const CHILD_PROTECTION_HOURS = 72;

const isCalendarDate = (text: string): boolean => {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

const grantConsent = ({ data, metadata }: GrantConsent, state: Case): ConsentGranted => {
  assertCaseExists(state, data.caseId);
  if (state.consents.some((c) => c.consentId === data.consentId))
    throw new InvalidConsentError(`consent ${data.consentId} exists`);
  if (data.purposes.length === 0 || data.dataCategories.length === 0) {
    throw new InvalidConsentError('a consent names at least one purpose and one data category: no blanket consent');
  }
  if (data.recipientAgencyIds.length + data.recipientUserIds.length === 0) {
    throw new InvalidConsentError('a consent names at least one recipient');
  }
  const notConsentable = data.purposes.filter((p) => NOT_CONSENTABLE.includes(p));
  if (notConsentable.length > 0) {
    throw new InvalidConsentError(
      `${notConsentable.join(', ')} cannot be consented to: evaluation is anonymised, audit needs no consent`,
    );
  }
  if (data.validUntil !== null) {
    if (!isCalendarDate(data.validUntil))
      throw new InvalidConsentError(`validUntil ${data.validUntil} is not a calendar date`);
    if (data.validUntil < metadata.now.toISOString().slice(0, 10))
      throw new InvalidConsentError('validUntil lies in the past');
  }
  const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];
  return {
    type: 'ConsentGranted',
    data: {
      caseId: data.caseId,
      consentId: data.consentId,
      purposes: unique(data.purposes),
      dataCategories: unique(data.dataCategories),
      recipientAgencyIds: unique(data.recipientAgencyIds),
      recipientUserIds: unique(data.recipientUserIds),
      validUntil: data.validUntil,
      form: data.form,
      grantedBy: data.grantedBy,
      evidenceRef: data.evidenceRef,
      recordedBy: metadata.actor.userId,
      grantedAt: metadata.now.toISOString(),
    },
  };
};

const withdrawConsent = ({ data, metadata }: WithdrawConsent, state: Case): ConsentWithdrawn => {
  assertCaseExists(state, data.caseId);
  const consent = state.consents.find((c) => c.consentId === data.consentId);
  if (!consent) throw new ConsentNotFoundError(data.consentId);
  if (!isConsentActiveAt(consent, metadata.now)) throw new ConsentNotActiveError(data.consentId);
  return {
    type: 'ConsentWithdrawn',
    data: {
      caseId: data.caseId,
      consentId: data.consentId,
      withdrawnAt: metadata.now.toISOString(),
      recordedBy: metadata.actor.userId,
    },
  };
};

const recordHealthNote = ({ data, metadata }: RecordHealthNote, state: Case): HealthNoteRecorded => {
  assertCaseExists(state, data.caseId);
  if (state.participantErased) throw new ParticipantAlreadyErasedError(data.caseId);
  const text = data.text.trim();
  if (text.length === 0 || text.length > 10_000)
    throw new InvalidHealthNoteError('a health note has 1 to 10,000 characters');
  return {
    type: 'HealthNoteRecorded',
    data: {
      caseId: data.caseId,
      noteId: data.noteId,
      participantId: state.participantId,
      text,
      authorUserId: metadata.actor.userId,
      authorAgencyId: metadata.actor.agencyId,
      secrecy: metadata.actor.role === 'health_professional',
      recordedAt: metadata.now.toISOString(),
    },
  };
};

const declareChildProtectionAccess = (
  { data, metadata }: DeclareChildProtectionAccess,
  state: Case,
): ChildProtectionAccessDeclared => {
  assertCaseExists(state, data.caseId);
  const justification = data.justification.trim();
  if (justification.length < 20) throw new JustificationRequiredError();
  return {
    type: 'ChildProtectionAccessDeclared',
    data: {
      caseId: data.caseId,
      declarationId: data.declarationId,
      userId: metadata.actor.userId,
      agencyId: metadata.actor.agencyId,
      justification,
      declaredAt: metadata.now.toISOString(),
      expiresAt: new Date(metadata.now.getTime() + CHILD_PROTECTION_HOURS * 3_600_000).toISOString(),
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
    case 'GrantConsent':
      return [grantConsent(command, state)];
    case 'WithdrawConsent':
      return [withdrawConsent(command, state)];
    case 'RecordHealthNote':
      return [recordHealthNote(command, state)];
    case 'DeclareChildProtectionAccess':
      return [declareChildProtectionAccess(command, state)];
  }
};

export const caseDecider: Decider<CaseCommand, CaseEvent, Case> = {
  initialState: initialCaseState,
  decide: decideCase,
  evolve: evolveCase,
};
