import { type Event, type PersonalDataSpecs, type Role } from '@fallverbund/kernel';

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

export type CaseEvent = CaseOpened | TeamMemberAdded | ParticipantDataErased;
export type CaseEventType = CaseEvent['type'];

/** Schema version of each event type as written today; older versions are upcast on read. */
export const CASE_EVENT_SCHEMA_VERSIONS: Readonly<Record<CaseEventType, number>> = {
  CaseOpened: 1,
  TeamMemberAdded: 1,
  ParticipantDataErased: 1,
};

export const casePersonalData: PersonalDataSpecs = {
  CaseOpened: { subjectOf: (data: CaseOpened['data']) => data.participantId, fields: ['participant'] },
};

export const caseStreamId = (caseId: string): string => `case-${caseId}`;
