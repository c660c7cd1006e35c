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
import { closedObject, COUNT, DATE, enumOf, ID, setOf, type JsonSchema } from './json-schema';

/** A plan version number: 1, 2, … */
const VERSION: JsonSchema = { type: 'integer', minimum: 1 };

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
  referralSent: 'cases.case.referral_sent.v1',
  referralStatusChanged: 'cases.case.referral_status_changed.v1',
  planChanged: 'cases.case.plan_changed.v1',
  planStepCompleted: 'cases.case.plan_step_completed.v1',
  conferenceScheduled: 'cases.case.conference_scheduled.v1',
  conferenceHeld: 'cases.case.conference_held.v1',
  progressAssessed: 'cases.case.progress_assessed.v1',
  categoryErased: 'cases.case.category_erased.v1',
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

/** Where a referral stands after it was sent (`sent` is its own type, with the partner and purpose). */
export const REFERRAL_STATUSES_V1 = ['accepted', 'declined', 'first_appointment', 'completed', 'cancelled'] as const;
export const PLAN_STATUSES_V1 = ['draft', 'agreed', 'disputed', 'mediation_requested', 'mediation_concluded'] as const;
export const PROGRESS_PERSPECTIVES_V1 = ['coach', 'self'] as const;
export const PROGRESS_DIMENSIONS_V1 = [
  'health_stability',
  'daily_structure',
  'housing',
  'finances',
  'social_participation',
  'self_efficacy',
  'work_readiness',
] as const;
export type ProgressDimensionV1 = (typeof PROGRESS_DIMENSIONS_V1)[number];

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

/** The participant's data of these categories were erased (keys per data category); subscribers erase their copies of them. */
export interface CaseCategoryErasedV1 {
  readonly categories: readonly DataCategory[];
}

/** A referral went to a partner agency, for a purpose, sharing these categories. Never its reason. */
export interface CaseReferralSentV1 {
  readonly referralId: string;
  readonly partnerAgencyId: string;
  readonly purpose: Purpose;
  readonly sharedCategories: readonly DataCategory[];
}

/** What a partner may report back: yes/no only, no content. */
export interface ReferralAttestationV1 {
  readonly attended: boolean;
  readonly goalReached: boolean;
}

/**
 * A referral moved on. Decline and cancel reasons stay inside the platform; `waitingDays` only with
 * `first_appointment`, `attestation` only with `completed`, else null.
 */
export interface CaseReferralStatusChangedV1 {
  readonly referralId: string;
  readonly status: (typeof REFERRAL_STATUSES_V1)[number];
  /** Whole days from sending to the first appointment. */
  readonly waitingDays: number | null;
  readonly attestation: ReferralAttestationV1 | null;
}

/** The plan's latest version is `version` and stands at `status` (a new version is `draft`). No content. */
export interface CasePlanChangedV1 {
  readonly version: number;
  readonly status: (typeof PLAN_STATUSES_V1)[number];
}

/** A step of plan version `version` was done. Not which one: step ids are the client's words. */
export interface CasePlanStepCompletedV1 {
  readonly version: number;
}

/** A case conference was convened with these agencies for that day (UTC). Never its topic. */
export interface CaseConferenceScheduledV1 {
  readonly conferenceId: string;
  readonly invitedAgencyIds: readonly string[];
  /** YYYY-MM-DD (UTC) */
  readonly plannedOn: string;
}

/** A case conference was held: which agencies attended and which categories were shared. No minutes. */
export interface CaseConferenceHeldV1 {
  readonly conferenceId: string;
  /** YYYY-MM-DD (UTC) */
  readonly heldOn: string;
  readonly attendingAgencyIds: readonly string[];
  readonly sharedCategories: readonly DataCategory[];
}

/** Progress was assessed from a perspective on these dimensions. Not the ratings (those go to evaluation, anonymised). */
export interface CaseProgressAssessedV1 {
  readonly assessmentId: string;
  readonly perspective: (typeof PROGRESS_PERSPECTIVES_V1)[number];
  readonly dimensions: readonly ProgressDimensionV1[];
  /** YYYY-MM-DD (UTC) */
  readonly assessedOn: string;
}

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
  [CASE_EVENT_TYPES.categoryErased]: closedObject(
    `${base}${CASE_EVENT_TYPES.categoryErased}`,
    'Data of some categories erased',
    { categories: setOf(enumOf(DATA_CATEGORIES)) },
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
  [CASE_EVENT_TYPES.referralSent]: closedObject(`${base}${CASE_EVENT_TYPES.referralSent}`, 'Referral sent', {
    referralId: ID,
    partnerAgencyId: ID,
    purpose: enumOf(PURPOSES),
    sharedCategories: setOf(enumOf(DATA_CATEGORIES)),
  }),
  [CASE_EVENT_TYPES.referralStatusChanged]: closedObject(
    `${base}${CASE_EVENT_TYPES.referralStatusChanged}`,
    'Referral status changed',
    {
      referralId: ID,
      status: enumOf(REFERRAL_STATUSES_V1),
      waitingDays: { anyOf: [COUNT, { type: 'null' }] },
      attestation: {
        anyOf: [
          {
            type: 'object',
            properties: { attended: { type: 'boolean' }, goalReached: { type: 'boolean' } },
            required: ['attended', 'goalReached'],
            additionalProperties: false,
          },
          { type: 'null' },
        ],
      },
    },
  ),
  [CASE_EVENT_TYPES.planChanged]: closedObject(`${base}${CASE_EVENT_TYPES.planChanged}`, 'Plan changed', {
    version: VERSION,
    status: enumOf(PLAN_STATUSES_V1),
  }),
  [CASE_EVENT_TYPES.planStepCompleted]: closedObject(
    `${base}${CASE_EVENT_TYPES.planStepCompleted}`,
    'Plan step completed',
    { version: VERSION },
  ),
  [CASE_EVENT_TYPES.conferenceScheduled]: closedObject(
    `${base}${CASE_EVENT_TYPES.conferenceScheduled}`,
    'Case conference scheduled',
    { conferenceId: ID, invitedAgencyIds: setOf(ID), plannedOn: DATE },
  ),
  [CASE_EVENT_TYPES.conferenceHeld]: closedObject(
    `${base}${CASE_EVENT_TYPES.conferenceHeld}`,
    'Case conference held (no minutes)',
    {
      conferenceId: ID,
      heldOn: DATE,
      attendingAgencyIds: setOf(ID),
      sharedCategories: setOf(enumOf(DATA_CATEGORIES), 0),
    },
  ),
  [CASE_EVENT_TYPES.progressAssessed]: closedObject(
    `${base}${CASE_EVENT_TYPES.progressAssessed}`,
    'Progress assessed (no ratings)',
    {
      assessmentId: ID,
      perspective: enumOf(PROGRESS_PERSPECTIVES_V1),
      dimensions: setOf(enumOf(PROGRESS_DIMENSIONS_V1)),
      assessedOn: DATE,
    },
  ),
} as const satisfies Record<string, JsonSchema>;
