import { type DataCategory, type Decider } from '@fallverbund/kernel';
import {
  type AddTeamMember,
  type CaseCommand,
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
import {
  type AftercareStarted,
  type CaseClosed,
  type CaseEvent,
  type CaseOpened,
  type CaseReopened,
  CONTACT_KINDS,
  type ContactChanges,
  type ContactCorrected,
  type ContactKind,
  type ContactRecorded,
  EXIT_REASONS,
  type ExitReason,
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
  ContactNotFoundError,
  IllegalTransitionError,
  InvalidContactError,
  InvalidCorrectionError,
  InvalidLifecycleStepError,
  ParticipantAlreadyErasedError,
  ConsentNotActiveError,
  ConsentNotFoundError,
  InvalidConsentError,
  InvalidHealthNoteError,
  InvalidParticipantError,
  InvalidFirstContactError,
  FirstContactInFutureError,
  FirstContactTooFarBackError,
  JustificationRequiredError,
  RoleMayNotOpenCaseError,
  RoleNotAllowedInTeamError,
} from './case.errors';
import { type Case, type ExistingCase, evolveCase, initialCaseState, isConsentActiveAt } from './case.evolve';
import { eraseCategoryData } from './case.category-erasure';
import { decideConference } from './case.conferences';
import { decidePlan } from './case.plan';
import { assessProgress } from './case.progress';
import { recordEntrustedNote } from './case.entrusted-notes';
import { decideReferral } from './case.referrals';
import { decideRestriction } from './case.restriction';
import { decideRetention } from './case.retention';
import { decideErasureRequest } from './case.erasure-request';
import { chosenTextCategory } from './case.texts';
import { assertCaseExists, assertOpenForWork, isCalendarDate, parseInstant } from './case.rules';

export { assertCaseExists } from './case.rules';

const ROLES_OUTSIDE_CASE_WORK = ['data_protection_officer'] as const;

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

/** How far back the first contact of a new case may lie (intake; docs/decisions.md). */
export const FIRST_CONTACT_MAX_DAYS_BACK = 90;
const DAY_MS = 86_400_000;

/** The first contact of a new case: absent means now; never after now, never more than 90 days back. */
const firstContactInstant = (firstContactAt: string | undefined, now: Date): string => {
  if (firstContactAt === undefined) return now.toISOString();
  const instant = parseInstant(firstContactAt);
  if (instant === null)
    throw new InvalidFirstContactError(`firstContactAt ${firstContactAt} is not an ISO 8601 instant`);
  const at = Date.parse(instant);
  if (at > now.getTime()) throw new FirstContactInFutureError();
  if (at < now.getTime() - FIRST_CONTACT_MAX_DAYS_BACK * DAY_MS)
    throw new FirstContactTooFarBackError(FIRST_CONTACT_MAX_DAYS_BACK);
  return instant;
};

const openCase = ({ data, metadata }: OpenCase, state: Case): CaseOpened => {
  if (state.status !== 'none') throw new CaseAlreadyExistsError(data.caseId);
  const { actor, now } = metadata;
  if ((ROLES_OUTSIDE_CASE_WORK as readonly string[]).includes(actor.role))
    throw new RoleMayNotOpenCaseError(actor.role);
  assertPlausibleParticipant(data.participant, now);
  const firstContactAt = firstContactInstant(data.firstContactAt, now);
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
      firstContactAt,
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
      participantId: state.participantId,
      declarationId: data.declarationId,
      userId: metadata.actor.userId,
      agencyId: metadata.actor.agencyId,
      justification,
      declaredAt: metadata.now.toISOString(),
      expiresAt: new Date(metadata.now.getTime() + CHILD_PROTECTION_HOURS * 3_600_000).toISOString(),
    },
  };
};

const MAX_DURATION_MINUTES = 600;
const MAX_SUMMARY = 2_000;
const MAX_PARTICIPANTS = 20;
const MAX_PARTICIPANT_LENGTH = 60;
const MAX_REASON = 500;
const MAX_FOLLOW_UPS = 24;

const contactKind = (kind: string): ContactKind => {
  const known = CONTACT_KINDS.find((k) => k === kind);
  if (!known) throw new InvalidContactError(`kind must be one of ${CONTACT_KINDS.join(', ')}`);
  return known;
};

const MINUTE_MS = 60_000;
const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS);

/**
 * An ISO instant, normalised to UTC; not after the request's time and not in a minute before the case's first
 * contact. By the minute: forms and people give a contact's time in minutes, and a case opened at 10:40:23
 * (its first contact then, unless given) has its contact "at 10:40" (docs/decisions.md).
 */
const contactInstant = (occurredAt: string, state: ExistingCase, now: Date): string => {
  const instant = parseInstant(occurredAt);
  if (instant === null) throw new InvalidContactError(`occurredAt ${occurredAt} is not an ISO 8601 instant`);
  const at = new Date(instant);
  if (at.getTime() > now.getTime()) throw new InvalidContactError('occurredAt lies in the future');
  if (minuteOf(at.getTime()) < minuteOf(Date.parse(state.firstContactAt)))
    throw new InvalidContactError(
      `occurredAt lies before the first contact of the case (firstContactAt ${state.firstContactAt})`,
    );
  return at.toISOString();
};

const contactDuration = (minutes: number): number => {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_DURATION_MINUTES)
    throw new InvalidContactError(`durationMinutes is a whole number from 1 to ${MAX_DURATION_MINUTES}`);
  return minutes;
};

const contactParticipants = (participants: readonly string[]): string[] => {
  const roles = participants.map((p) => p.trim());
  if (roles.length > MAX_PARTICIPANTS || roles.some((r) => r.length === 0 || r.length > MAX_PARTICIPANT_LENGTH)) {
    throw new InvalidContactError(
      `participants are at most ${MAX_PARTICIPANTS} roles of 1 to ${MAX_PARTICIPANT_LENGTH} characters`,
    );
  }
  return [...new Set(roles)];
};

const contactSummary = (summary: string | null): string | null => {
  const text = summary?.trim() ?? '';
  if (text.length > MAX_SUMMARY) throw new InvalidContactError(`summary has at most ${MAX_SUMMARY} characters`);
  return text.length === 0 ? null : text;
};

const contactTextCategory = (value: string | undefined, what: string): DataCategory => {
  const category = chosenTextCategory(value, 'contacts');
  if (category === null) throw new InvalidContactError(`the category of ${what} is no data category`);
  return category;
};

const recordContact = ({ data, metadata }: RecordContact, state: Case): ContactRecorded => {
  assertCaseExists(state, data.caseId);
  assertOpenForWork(state);
  if (state.contacts.some((c) => c.contactId === data.contactId))
    throw new InvalidContactError(`contact ${data.contactId} exists`);
  return {
    type: 'ContactRecorded',
    data: {
      caseId: data.caseId,
      contactId: data.contactId,
      participantId: state.participantId,
      kind: contactKind(data.kind),
      occurredAt: contactInstant(data.occurredAt, state, metadata.now),
      durationMinutes: contactDuration(data.durationMinutes),
      participants: contactParticipants(data.participants),
      summary: contactSummary(data.summary),
      summaryCategory: contactTextCategory(data.summaryCategory, 'the summary'),
      recordedBy: metadata.actor.userId,
      recordedAt: metadata.now.toISOString(),
    },
  };
};

const correctContact = ({ data, metadata }: CorrectContact, state: Case): ContactCorrected => {
  assertCaseExists(state, data.caseId);
  assertOpenForWork(state);
  if (!state.contacts.some((c) => c.contactId === data.contactId)) throw new ContactNotFoundError(data.contactId);
  const reason = data.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON)
    throw new InvalidCorrectionError(`a correction gives a reason of 1 to ${MAX_REASON} characters`);
  const { kind, occurredAt, durationMinutes, participants } = data.changes;
  const changes: { -readonly [K in keyof ContactChanges]: ContactChanges[K] } = {};
  if (kind !== undefined) changes.kind = contactKind(kind);
  if (occurredAt !== undefined) changes.occurredAt = contactInstant(occurredAt, state, metadata.now);
  if (durationMinutes !== undefined) changes.durationMinutes = contactDuration(durationMinutes);
  if (participants !== undefined) changes.participants = contactParticipants(participants);
  if (Object.keys(changes).length === 0 && data.summary === undefined)
    throw new InvalidCorrectionError('a correction changes at least one field');
  return {
    type: 'ContactCorrected',
    data: {
      caseId: data.caseId,
      contactId: data.contactId,
      correctionId: data.correctionId,
      participantId: state.participantId,
      changes,
      ...(data.summary === undefined
        ? {}
        : {
            summary: contactSummary(data.summary),
            summaryCategory: contactTextCategory(data.summaryCategory, 'the summary'),
          }),
      reason,
      reasonCategory: contactTextCategory(data.reasonCategory, 'the reason'),
      correctedBy: metadata.actor.userId,
      correctedAt: metadata.now.toISOString(),
    },
  };
};

const LIFECYCLE_WORDS = { active: 'active', aftercare: 'in aftercare', closed: 'closed' } as const;

const startAftercare = ({ data, metadata }: StartAftercare, state: Case): AftercareStarted => {
  assertCaseExists(state, data.caseId);
  if (state.lifecycle !== 'active')
    throw new IllegalTransitionError(LIFECYCLE_WORDS[state.lifecycle], 'moved to aftercare');
  const today = metadata.now.toISOString().slice(0, 10);
  if (data.followUps.length === 0 || data.followUps.length > MAX_FOLLOW_UPS)
    throw new InvalidLifecycleStepError(`aftercare has a schedule of 1 to ${MAX_FOLLOW_UPS} follow-up dates`);
  for (const date of data.followUps) {
    if (!isCalendarDate(date)) throw new InvalidLifecycleStepError(`follow-up ${date} is not a calendar date`);
    if (date <= today) throw new InvalidLifecycleStepError(`follow-up ${date} does not lie in the future`);
  }
  return {
    type: 'AftercareStarted',
    data: {
      caseId: data.caseId,
      followUps: [...new Set(data.followUps)].sort(),
      startedBy: metadata.actor.userId,
      startedAt: metadata.now.toISOString(),
    },
  };
};

const closeCase = ({ data, metadata }: CloseCase, state: Case): CaseClosed => {
  assertCaseExists(state, data.caseId);
  if (state.lifecycle === 'closed') throw new IllegalTransitionError('closed', 'closed');
  const exitReason: ExitReason | undefined = EXIT_REASONS.find((r) => r === data.exitReason);
  if (!exitReason) throw new InvalidLifecycleStepError(`exitReason must be one of ${EXIT_REASONS.join(', ')}`);
  return {
    type: 'CaseClosed',
    data: { caseId: data.caseId, exitReason, closedBy: metadata.actor.userId, closedAt: metadata.now.toISOString() },
  };
};

const reopenCase = ({ data, metadata }: ReopenCase, state: Case): CaseReopened => {
  assertCaseExists(state, data.caseId);
  if (state.lifecycle !== 'closed') throw new IllegalTransitionError(LIFECYCLE_WORDS[state.lifecycle], 'reopened');
  if (state.participantErased) throw new ParticipantAlreadyErasedError(data.caseId);
  const reason = data.reason.trim();
  if (reason.length === 0 || reason.length > MAX_REASON)
    throw new InvalidLifecycleStepError(`reopening gives a reason of 1 to ${MAX_REASON} characters`);
  return {
    type: 'CaseReopened',
    data: {
      caseId: data.caseId,
      participantId: state.participantId,
      reason,
      reopenedBy: metadata.actor.userId,
      reopenedAt: metadata.now.toISOString(),
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
    case 'RecordContact':
      return [recordContact(command, state)];
    case 'CorrectContact':
      return [correctContact(command, state)];
    case 'StartAftercare':
      return [startAftercare(command, state)];
    case 'CloseCase':
      return [closeCase(command, state)];
    case 'ReopenCase':
      return [reopenCase(command, state)];
    case 'SendReferral':
    case 'AcceptReferral':
    case 'DeclineReferral':
    case 'PlanFirstAppointment':
    case 'RecordFirstAppointment':
    case 'CompleteReferral':
    case 'CancelReferral':
      assertCaseExists(state, command.data.caseId);
      return decideReferral(command, state);
    case 'DraftPlanVersion':
    case 'AgreePlanVersion':
    case 'DisputePlan':
    case 'RequestMediation':
    case 'ConcludeMediation':
    case 'CompletePlanStep':
      assertCaseExists(state, command.data.caseId);
      return decidePlan(command, state);
    case 'ScheduleConference':
    case 'RecordConferenceAgreement':
    case 'RecordConferenceHeld':
      assertCaseExists(state, command.data.caseId);
      return decideConference(command, state);
    case 'AssessProgress':
      assertCaseExists(state, command.data.caseId);
      return [assessProgress(command, state)];
    case 'RecordEntrustedNote':
      assertCaseExists(state, command.data.caseId);
      return [recordEntrustedNote(command, state)];
    case 'RestrictCase':
    case 'LiftCaseRestriction':
    case 'DisputeAccuracy':
    case 'ResolveAccuracyDispute':
      assertCaseExists(state, command.data.caseId);
      return [decideRestriction(command, state)];
    case 'EraseCategoryData':
      assertCaseExists(state, command.data.caseId);
      return [eraseCategoryData(command, state)];
    case 'PlaceRetentionHold':
    case 'ReleaseRetentionHold':
    case 'OfferRecordsToArchive':
    case 'RecordArchiveAnswer':
      assertCaseExists(state, command.data.caseId);
      return [decideRetention(command, state)];
    case 'RequestErasure':
    case 'DecideErasureRequest':
    case 'ConfirmErasureExecuted':
    case 'NotifyRecipients':
      assertCaseExists(state, command.data.caseId);
      return decideErasureRequest(command, state);
  }
};

export const caseDecider: Decider<CaseCommand, CaseEvent, Case> = {
  initialState: initialCaseState,
  decide: decideCase,
  evolve: evolveCase,
};
