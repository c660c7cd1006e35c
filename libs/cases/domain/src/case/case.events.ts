import { type CategoryDataErased } from './case.category-erasure';
import { type ConferenceEvent, conferenceDecisionCategories, conferenceTopicCategory } from './case.conferences';
import { type EntrustedNoteRecorded } from './case.entrusted-notes';
import { type PlanEvent, planTextCategories, type PlanVersionDrafted } from './case.plan';
import { type ProgressEvent } from './case.progress';
import { type ReferralEvent } from './case.referrals';
import { type RestrictionEvent } from './case.restriction';
import { type RetentionEvent } from './case.retention';
import { type ErasureRequestEvent } from './case.erasure-request';
import {
  type AgencyType,
  type DataCategory,
  type Event,
  type PersonalDataSpecs,
  type Purpose,
  type Role,
} from '@fallverbund/kernel';

export interface ParticipantIdentity {
  readonly givenName: string;
  readonly familyName: string;
  /** YYYY-MM-DD */
  readonly birthDate: string;
}

export type CaseOpened = Event<
  'CaseOpened',
  {
    caseId: string;
    /** The data subject; personal data of the case are encrypted under this subject's key. */
    participantId: string;
    participant: ParticipantIdentity;
    leadAgencyId: string;
    leadAgencyType: AgencyType;
    openedBy: string;
    openedByRole: Role;
    openedAt: string;
    /**
     * When the first contact with the participant took place (intake), at most `openedAt`; contacts may
     * be dated from then on. Events written before it existed lack it: it is `openedAt` then.
     */
    firstContactAt?: string;
  }
>;

export type TeamMemberAdded = Event<
  'TeamMemberAdded',
  { caseId: string; userId: string; agencyId: string; role: Role; addedBy: string; addedAt: string }
>;

/**
 * The participant's key was erased (end of retention, § 84 SGB X): the personal fields of every event
 * of the case now read as erased. Carries no personal data itself.
 */
export type ParticipantDataErased = Event<
  'ParticipantDataErased',
  { caseId: string; participantId: string; erasedAt: string; reason: string }
>;

export type ConsentForm = 'written' | 'electronic' | 'verbal';
export type ConsentGrantor = 'participant' | 'legal_guardian' | 'entrusting_person';

/** A consent (§ 67b SGB X, GDPR Art. 7): never blanket, it names purposes, categories and recipients. */
export type ConsentGranted = Event<
  'ConsentGranted',
  {
    caseId: string;
    consentId: string;
    purposes: Purpose[];
    dataCategories: DataCategory[];
    recipientAgencyIds: string[];
    recipientUserIds: string[];
    /** YYYY-MM-DD, the last day on which the consent holds; null: until withdrawn. */
    validUntil: string | null;
    form: ConsentForm;
    grantedBy: ConsentGrantor;
    evidenceRef: string | null;
    recordedBy: string;
    grantedAt: string;
  }
>;

/** Takes effect at once for everything that follows. */
export type ConsentWithdrawn = Event<
  'ConsentWithdrawn',
  { caseId: string; consentId: string; withdrawnAt: string; recordedBy: string }
>;

/** Category `health`. A note by a health professional is secrecy-holder data (§ 76 SGB X, § 203 StGB). */
export type HealthNoteRecorded = Event<
  'HealthNoteRecorded',
  {
    caseId: string;
    noteId: string;
    participantId: string;
    text: string;
    authorUserId: string;
    authorAgencyId: string;
    secrecy: boolean;
    recordedAt: string;
  }
>;

/**
 * Access without consent under § 8a SGB VIII: justified in writing, flagged, time-limited. The justification
 * is the professional's free text about the child (category `youth_welfare`), sealed under the participant's
 * key (`casePersonalData`); declarations recorded before it was sealed carry it in clear and no `participantId`.
 */
export type ChildProtectionAccessDeclared = Event<
  'ChildProtectionAccessDeclared',
  {
    caseId: string;
    /** Whose key seals the justification; absent in declarations recorded before it was sealed. */
    participantId?: string;
    declarationId: string;
    userId: string;
    agencyId: string;
    justification: string;
    declaredAt: string;
    expiresAt: string;
  }
>;

export const CONTACT_KINDS = ['office', 'home_visit', 'walk_and_talk', 'phone', 'video', 'accompaniment'] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];

/** Category `contacts`. `participants` are roles (e.g. "participant", "coach"), never names; `summary` is personal. */
export type ContactRecorded = Event<
  'ContactRecorded',
  {
    caseId: string;
    contactId: string;
    participantId: string;
    kind: ContactKind;
    /** ISO instant, not in the future and not before the case was opened. */
    occurredAt: string;
    durationMinutes: number;
    participants: string[];
    summary: string | null;
    /** The summary's data category, chosen by its author (`contacts` by default; absent before issue 11: `contacts`). */
    summaryCategory?: DataCategory;
    recordedBy: string;
    recordedAt: string;
  }
>;

/** The fields of a contact a correction may change (the summary is carried separately: it is personal). */
export interface ContactChanges {
  readonly kind?: ContactKind;
  readonly occurredAt?: string;
  readonly durationMinutes?: number;
  readonly participants?: readonly string[];
}

/** A correction of `contactId`: never overwrites, the original stays readable. `summary` and `reason` are personal. */
export type ContactCorrected = Event<
  'ContactCorrected',
  {
    caseId: string;
    contactId: string;
    correctionId: string;
    participantId: string;
    changes: ContactChanges;
    /** Present only when the summary was corrected; null removes it. */
    summary?: string | null;
    /** With a corrected summary: its data category (`contacts` by default; absent before issue 11: `contacts`). */
    summaryCategory?: DataCategory;
    reason: string;
    /** The reason's data category (`contacts` by default; absent before issue 11: `contacts`). */
    reasonCategory?: DataCategory;
    correctedBy: string;
    correctedAt: string;
  }
>;

/** The case moves from active to aftercare (Nachbetreuung) with a follow-up schedule. */
export type AftercareStarted = Event<
  'AftercareStarted',
  {
    caseId: string;
    /** YYYY-MM-DD, ascending, each after the day aftercare started. */
    followUps: string[];
    startedBy: string;
    startedAt: string;
  }
>;

/** The forum's exits first (employment, training, rehabilitation, moved away, consent withdrawn). */
export const EXIT_REASONS = [
  'employment',
  'training',
  'rehabilitation_started',
  'consent_withdrawn',
  'goal_reached',
  'moved_away',
  'transferred',
  'declined_further_support',
  'no_contact',
  'other',
] as const;
export type ExitReason = (typeof EXIT_REASONS)[number];

export type CaseClosed = Event<
  'CaseClosed',
  { caseId: string; exitReason: ExitReason; closedBy: string; closedAt: string }
>;

/** A closed case is active again; `reason` is personal. */
export type CaseReopened = Event<
  'CaseReopened',
  { caseId: string; participantId: string; reason: string; reopenedBy: string; reopenedAt: string }
>;

export type CaseEvent =
  | CaseOpened
  | TeamMemberAdded
  | ParticipantDataErased
  | ConsentGranted
  | ConsentWithdrawn
  | HealthNoteRecorded
  | ChildProtectionAccessDeclared
  | ContactRecorded
  | ContactCorrected
  | AftercareStarted
  | CaseClosed
  | CaseReopened
  | ReferralEvent
  | PlanEvent
  | ConferenceEvent
  | ProgressEvent
  | EntrustedNoteRecorded
  | RestrictionEvent
  | CategoryDataErased
  | RetentionEvent
  | ErasureRequestEvent;
export type CaseEventType = CaseEvent['type'];

/** Schema version of each event type as written today; older versions are upcast on read. */
export const CASE_EVENT_SCHEMA_VERSIONS: Readonly<Record<CaseEventType, number>> = {
  CaseOpened: 1,
  TeamMemberAdded: 1,
  ParticipantDataErased: 1,
  ConsentGranted: 1,
  ConsentWithdrawn: 1,
  HealthNoteRecorded: 1,
  ChildProtectionAccessDeclared: 1,
  ContactRecorded: 1,
  ContactCorrected: 1,
  AftercareStarted: 1,
  CaseClosed: 1,
  CaseReopened: 1,
  ReferralSent: 1,
  ReferralAccepted: 1,
  ReferralDeclined: 1,
  FirstAppointmentPlanned: 1,
  FirstAppointmentRecorded: 1,
  ReferralCompleted: 1,
  ReferralCancelled: 1,
  PlanVersionDrafted: 1,
  PlanVersionAgreed: 1,
  PlanDisputed: 1,
  MediationRequested: 1,
  MediationConcluded: 1,
  PlanStepCompleted: 1,
  ConferenceScheduled: 1,
  ConferenceAgreementRecorded: 1,
  ConferenceHeld: 1,
  ProgressAssessed: 1,
  EntrustedNoteRecorded: 1,
  CaseRestricted: 1,
  CaseRestrictionLifted: 1,
  AccuracyDisputed: 1,
  AccuracyDisputeResolved: 1,
  CategoryDataErased: 1,
  RetentionHoldPlaced: 1,
  RetentionHoldReleased: 1,
  RecordsOfferedToArchive: 1,
  ArchiveAnswerRecorded: 1,
  ErasureRequested: 1,
  ErasureRequestDecided: 1,
  ErasureRequestExecuted: 1,
  RecipientsNotified: 1,
};

/**
 * The personal fields of case events and the data category of each (keys per data category, issue 17):
 * the categories are those of the timeline disclosure and of the author's choice for free texts, so that
 * one category (e.g. `health` at the end of its retention class) can be erased while the rest is kept.
 */
export const casePersonalData: PersonalDataSpecs = {
  CaseOpened: {
    subjectOf: (data: CaseOpened['data']) => data.participantId,
    fields: ['participant'],
    categoryOf: () => 'identity',
  },
  HealthNoteRecorded: {
    subjectOf: (data: HealthNoteRecorded['data']) => data.participantId,
    fields: ['text'],
    categoryOf: () => 'health',
  },
  EntrustedNoteRecorded: {
    subjectOf: (data: { participantId: string }) => data.participantId,
    fields: ['text'],
    categoryOf: () => 'youth_welfare',
  },
  ChildProtectionAccessDeclared: {
    subjectOf: (data: { participantId: string }) => data.participantId,
    fields: ['justification'],
    categoryOf: () => 'youth_welfare',
  },
  ContactRecorded: {
    subjectOf: (data: ContactRecorded['data']) => data.participantId,
    fields: ['summary'],
    categoryOf: (data: ContactRecorded['data']) => data.summaryCategory ?? 'contacts',
  },
  ContactCorrected: {
    subjectOf: (data: ContactCorrected['data']) => data.participantId,
    fields: ['summary', 'reason'],
    // The reason of a correction has the category its author chose (`reasonCategory`), as its disclosure.
    categoryOf: (data: ContactCorrected['data'], field) =>
      field === 'summary' ? (data.summaryCategory ?? 'contacts') : (data.reasonCategory ?? 'contacts'),
  },
  CaseReopened: {
    subjectOf: (data: CaseReopened['data']) => data.participantId,
    fields: ['reason'],
    categoryOf: () => 'case_admin',
  },
  ReferralSent: {
    subjectOf: (data: { participantId: string }) => data.participantId,
    fields: ['reason'],
    categoryOf: () => 'referrals',
  },
  PlanVersionDrafted: {
    subjectOf: (data: { participantId: string }) => data.participantId,
    fields: ['goals', 'steps', 'participantWords'],
    // Goals and steps per item, by their text categories (`plan` for versions drafted before issue 11).
    categoryOf: (data: PlanVersionDrafted['data'], field) => {
      const categories = planTextCategories(data);
      if (field === 'goals') return categories.goals.map((g) => g.category);
      if (field === 'steps') return categories.steps.map((s) => s.category);
      return categories.participantWords;
    },
  },
  PlanDisputed: {
    subjectOf: (data: { participantId: string }) => data.participantId,
    fields: ['reason'],
    categoryOf: () => 'plan',
  },
  ConferenceScheduled: {
    subjectOf: (data: { participantId: string }) => data.participantId,
    fields: ['topic'],
    categoryOf: (data: { conferenceId: string; topicCategory?: DataCategory }) => conferenceTopicCategory(data),
  },
  ConferenceHeld: {
    subjectOf: (data: { participantId: string }) => data.participantId,
    fields: ['decisions'],
    categoryOf: (data: { decisions: string[]; decisionCategories?: DataCategory[] }) =>
      conferenceDecisionCategories(data),
  },
};

export const caseStreamId = (caseId: string): string => `case-${caseId}`;
