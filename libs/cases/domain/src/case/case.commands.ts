import { type EraseCategoryData } from './case.category-erasure';
import { type ConferenceCommand } from './case.conferences';
import { type PlanCommand } from './case.plan';
import { type ProgressCommand } from './case.progress';
import { type RecordEntrustedNote } from './case.entrusted-notes';
import { type RestrictionCommand } from './case.restriction';
import { type RetentionCommand } from './case.retention';
import { type ErasureRequestCommand } from './case.erasure-request';
import { type ReferralCommand } from './case.referrals';
import { type CommandContext, type DataCategory, type Purpose, type Role } from '@fallverbund/kernel';
import { type ConsentForm, type ConsentGrantor, type ContactChanges, type ParticipantIdentity } from './case.events';

export interface OpenCase {
  readonly type: 'OpenCase';
  readonly data: {
    caseId: string;
    participantId: string;
    participant: ParticipantIdentity;
    /** ISO instant of the first contact (intake); absent: now. */
    firstContactAt?: string;
  };
  readonly metadata: CommandContext;
}

/** The member is resolved from the directory by the application layer before the decision. */
export interface AddTeamMember {
  readonly type: 'AddTeamMember';
  readonly data: { caseId: string; member: { userId: string; agencyId: string; role: Role } };
  readonly metadata: CommandContext;
}

export interface EraseParticipantData {
  readonly type: 'EraseParticipantData';
  readonly data: { caseId: string; reason: string };
  readonly metadata: CommandContext;
}

export interface GrantConsent {
  readonly type: 'GrantConsent';
  readonly data: {
    caseId: string;
    consentId: string;
    purposes: Purpose[];
    dataCategories: DataCategory[];
    recipientAgencyIds: string[];
    recipientUserIds: string[];
    validUntil: string | null;
    form: ConsentForm;
    grantedBy: ConsentGrantor;
    evidenceRef: string | null;
  };
  readonly metadata: CommandContext;
}

/** Staff of the lead agency record a withdrawal, or the participant withdraws on their own case: only who and when count. */
export interface WithdrawConsent {
  readonly type: 'WithdrawConsent';
  readonly data: { caseId: string; consentId: string };
  readonly metadata: { readonly now: Date; readonly actor: { readonly userId: string } };
}

export interface RecordHealthNote {
  readonly type: 'RecordHealthNote';
  readonly data: { caseId: string; noteId: string; text: string };
  readonly metadata: CommandContext;
}

export interface DeclareChildProtectionAccess {
  readonly type: 'DeclareChildProtectionAccess';
  readonly data: { caseId: string; declarationId: string; justification: string };
  readonly metadata: CommandContext;
}

/** Kind and exit reason arrive as strings: the decider checks them (the HTTP layer checks them too). */
export interface RecordContact {
  readonly type: 'RecordContact';
  readonly data: {
    caseId: string;
    contactId: string;
    kind: string;
    occurredAt: string;
    durationMinutes: number;
    participants: readonly string[];
    summary: string | null;
    /** The summary's data category; `contacts` when absent. */
    summaryCategory?: string;
  };
  readonly metadata: CommandContext;
}

export interface CorrectContact {
  readonly type: 'CorrectContact';
  readonly data: {
    caseId: string;
    contactId: string;
    correctionId: string;
    changes: Omit<ContactChanges, 'kind'> & { kind?: string };
    /** undefined: unchanged; null: removed. */
    summary?: string | null;
    /** The data categories of the corrected summary and of the reason; `contacts` when absent. */
    summaryCategory?: string;
    reason: string;
    reasonCategory?: string;
  };
  readonly metadata: CommandContext;
}

export interface StartAftercare {
  readonly type: 'StartAftercare';
  readonly data: { caseId: string; followUps: readonly string[] };
  readonly metadata: CommandContext;
}

export interface CloseCase {
  readonly type: 'CloseCase';
  readonly data: { caseId: string; exitReason: string };
  readonly metadata: CommandContext;
}

export interface ReopenCase {
  readonly type: 'ReopenCase';
  readonly data: { caseId: string; reason: string };
  readonly metadata: CommandContext;
}

export type CaseCommand =
  | OpenCase
  | AddTeamMember
  | EraseParticipantData
  | GrantConsent
  | WithdrawConsent
  | RecordHealthNote
  | DeclareChildProtectionAccess
  | RecordContact
  | CorrectContact
  | StartAftercare
  | CloseCase
  | ReopenCase
  | ReferralCommand
  | PlanCommand
  | ConferenceCommand
  | ProgressCommand
  | RecordEntrustedNote
  | RestrictionCommand
  | EraseCategoryData
  | RetentionCommand
  | ErasureRequestCommand;
