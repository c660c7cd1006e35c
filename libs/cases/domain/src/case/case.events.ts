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

/** Access without consent under § 8a SGB VIII: justified in writing, flagged, time-limited. */
export type ChildProtectionAccessDeclared = Event<
  'ChildProtectionAccessDeclared',
  {
    caseId: string;
    declarationId: string;
    userId: string;
    agencyId: string;
    justification: string;
    declaredAt: string;
    expiresAt: string;
  }
>;

export type CaseEvent =
  | CaseOpened
  | TeamMemberAdded
  | ParticipantDataErased
  | ConsentGranted
  | ConsentWithdrawn
  | HealthNoteRecorded
  | ChildProtectionAccessDeclared;
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
};

export const casePersonalData: PersonalDataSpecs = {
  CaseOpened: { subjectOf: (data: CaseOpened['data']) => data.participantId, fields: ['participant'] },
  HealthNoteRecorded: { subjectOf: (data: HealthNoteRecorded['data']) => data.participantId, fields: ['text'] },
};

export const caseStreamId = (caseId: string): string => `case-${caseId}`;
