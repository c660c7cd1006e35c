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
} as const;

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
} as const satisfies Record<string, JsonSchema>;
