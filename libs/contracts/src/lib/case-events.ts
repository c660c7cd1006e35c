import {
  AGENCY_TYPES,
  DATA_CATEGORIES,
  PURPOSES,
  ROLES,
  type AgencyType,
  type DataCategory,
  type Purpose,
  type Role,
} from '@fallverbund/kernel';
import { closedObject, DATE, enumOf, ID, setOf, type JsonSchema } from './json-schema';

/**
 * Integration events of a case (topic `cases.case.v1`, and filtered by consent on the partner
 * topics). Minimised: the subject is the pseudonymous case id; no names, no participant id, no
 * user ids, no free text, and never health, addiction or youth-welfare content — a health note is
 * announced by its id and secrecy flag only.
 */
export const CASE_EVENT_TYPES = {
  opened: 'cases.case.opened.v1',
  teamMemberAdded: 'cases.case.team_member_added.v1',
  consentGranted: 'cases.case.consent_granted.v1',
  consentWithdrawn: 'cases.case.consent_withdrawn.v1',
  healthNoteRecorded: 'cases.case.health_note_recorded.v1',
  participantErased: 'cases.case.participant_erased.v1',
  contactRecorded: 'cases.case.contact_recorded.v1',
  contactCorrected: 'cases.case.contact_corrected.v1',
  statusChanged: 'cases.case.status_changed.v1',
} as const;

export const CONTACT_KINDS_V1 = ['office', 'home_visit', 'walk_and_talk', 'phone', 'video', 'accompaniment'] as const;
export const CASE_STATUSES_V1 = ['active', 'aftercare', 'closed'] as const;
export const EXIT_REASONS_V1 = [
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

/** A contact took place. Metadata only: no summary, no participants, only the day. */
export interface CaseContactRecordedV1 {
  readonly contactId: string;
  readonly kind: (typeof CONTACT_KINDS_V1)[number];
  /** YYYY-MM-DD (UTC) */
  readonly occurredOn: string;
  readonly durationMinutes: number;
}

/** A contact was corrected; what changed stays inside the platform. */
export interface CaseContactCorrectedV1 {
  readonly contactId: string;
  readonly correctionId: string;
}

/** The case moved to `status` (aftercare, closed, or active again when reopened). */
export interface CaseStatusChangedV1 {
  readonly status: (typeof CASE_STATUSES_V1)[number];
  /** Set when closed, else null. */
  readonly exitReason: (typeof EXIT_REASONS_V1)[number] | null;
}

/** A case was opened by `leadAgencyId`. */
export interface CaseOpenedV1 {
  readonly leadAgencyId: string;
  readonly leadAgencyType: AgencyType;
}

/** Someone of `agencyId` joined the case team in `role` (the person is not named). */
export interface CaseTeamMemberAddedV1 {
  readonly agencyId: string;
  readonly role: Role;
}

/** The participant consented; who recorded it, its form and evidence stay inside the platform. */
export interface CaseConsentGrantedV1 {
  readonly consentId: string;
  readonly purposes: readonly Purpose[];
  readonly dataCategories: readonly DataCategory[];
  readonly recipientAgencyIds: readonly string[];
  /** YYYY-MM-DD, the last day the consent holds; null: until withdrawn. */
  readonly validUntil: string | null;
}

export interface CaseConsentWithdrawnV1 {
  readonly consentId: string;
}

/** A health note exists. Metadata only: the text never leaves the platform. */
export interface CaseHealthNoteRecordedV1 {
  readonly noteId: string;
  /** Written by a health professional: secrecy-holder data (§ 76 SGB X). */
  readonly secrecy: boolean;
}

/** The participant's personal data were erased (end of retention); subscribers erase their copies. */
export type CaseParticipantErasedV1 = Readonly<Record<string, never>>;

const base = 'https://fallverbund.example/contracts/';

export const CASE_EVENT_SCHEMAS = {
  [CASE_EVENT_TYPES.opened]: closedObject(`${base}${CASE_EVENT_TYPES.opened}`, 'Case opened', {
    leadAgencyId: ID,
    leadAgencyType: enumOf(AGENCY_TYPES),
  }),
  [CASE_EVENT_TYPES.teamMemberAdded]: closedObject(
    `${base}${CASE_EVENT_TYPES.teamMemberAdded}`,
    'Case team member added',
    { agencyId: ID, role: enumOf(ROLES) },
  ),
  [CASE_EVENT_TYPES.consentGranted]: closedObject(`${base}${CASE_EVENT_TYPES.consentGranted}`, 'Consent granted', {
    consentId: ID,
    purposes: setOf(enumOf(PURPOSES)),
    dataCategories: setOf(enumOf(DATA_CATEGORIES)),
    // A consent may name only persons (secrecy holders), then no agency.
    recipientAgencyIds: setOf(ID, 0),
    validUntil: { anyOf: [DATE, { type: 'null' }] },
  }),
  [CASE_EVENT_TYPES.consentWithdrawn]: closedObject(
    `${base}${CASE_EVENT_TYPES.consentWithdrawn}`,
    'Consent withdrawn',
    { consentId: ID },
  ),
  [CASE_EVENT_TYPES.healthNoteRecorded]: closedObject(
    `${base}${CASE_EVENT_TYPES.healthNoteRecorded}`,
    'Health note recorded (metadata only)',
    { noteId: ID, secrecy: { type: 'boolean' } },
  ),
  [CASE_EVENT_TYPES.participantErased]: closedObject(
    `${base}${CASE_EVENT_TYPES.participantErased}`,
    'Participant data erased',
    {},
  ),
  [CASE_EVENT_TYPES.contactRecorded]: closedObject(
    `${base}${CASE_EVENT_TYPES.contactRecorded}`,
    'Contact recorded (metadata only)',
    {
      contactId: ID,
      kind: enumOf(CONTACT_KINDS_V1),
      occurredOn: DATE,
      durationMinutes: { type: 'integer', minimum: 1, maximum: 600 },
    },
  ),
  [CASE_EVENT_TYPES.contactCorrected]: closedObject(
    `${base}${CASE_EVENT_TYPES.contactCorrected}`,
    'Contact corrected (metadata only)',
    { contactId: ID, correctionId: ID },
  ),
  [CASE_EVENT_TYPES.statusChanged]: closedObject(`${base}${CASE_EVENT_TYPES.statusChanged}`, 'Case status changed', {
    status: enumOf(CASE_STATUSES_V1),
    exitReason: { anyOf: [enumOf(EXIT_REASONS_V1), { type: 'null' }] },
  }),
} as const satisfies Record<string, JsonSchema>;
