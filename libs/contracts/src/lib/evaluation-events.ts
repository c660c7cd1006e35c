import {
  EXIT_REASONS_V1,
  PROGRESS_DIMENSIONS_V1,
  PROGRESS_PERSPECTIVES_V1,
  type ProgressDimensionV1,
} from './case-events';
import { AGENCY_TYPES, PURPOSES, ROLES, type AgencyType, type Purpose, type Role } from '@fallverbund/kernel';
import { closedObject, COUNT, enumOf, MONTH, setOf, type JsonSchema } from './json-schema';

/**
 * Anonymised evaluation records (topic `cases.evaluation.v1`): no subject, no case id, no id of a
 * consent, note or person, no exact time in the data — only the month. The CloudEvent's `time` is
 * the first instant of that month. Its `id` is derived (a name-based UUID) from the domain event it
 * comes from, so a redelivery carries the same id and a subscriber's inbox absorbs it; without the
 * event store, the id cannot be traced back to the case.
 */
export const EVALUATION_EVENT_TYPES = {
  caseOpened: 'cases.evaluation.case_opened.v1',
  consentGranted: 'cases.evaluation.consent_granted.v1',
  consentWithdrawn: 'cases.evaluation.consent_withdrawn.v1',
  teamMemberAdded: 'cases.evaluation.team_member_added.v1',
  caseClosed: 'cases.evaluation.case_closed.v1',
  referralWaited: 'cases.evaluation.referral_waited.v1',
  progressAssessed: 'cases.evaluation.progress_assessed.v1',
} as const;

export interface EvaluationCaseClosedV1 {
  readonly exitReason: (typeof EXIT_REASONS_V1)[number];
  readonly month: string;
}

export interface EvaluationCaseOpenedV1 {
  readonly leadAgencyType: AgencyType;
  /** YYYY-MM */
  readonly month: string;
}

export interface EvaluationConsentGrantedV1 {
  readonly purposes: readonly Purpose[];
  readonly categoryCount: number;
  readonly recipientCount: number;
  readonly month: string;
}

export interface EvaluationConsentWithdrawnV1 {
  readonly month: string;
}

export interface EvaluationTeamMemberAddedV1 {
  readonly role: Role;
  readonly month: string;
}

/**
 * A referral's first appointment took place after this many whole days. Neither the partner nor its
 * type: the domain event names only the referral, and the relay maps each event on its own, without
 * the agency directory.
 */
export interface EvaluationReferralWaitedV1 {
  readonly waitingDays: number;
  readonly month: string;
}

/** One progress assessment: its perspective and the rating (1–5) of each dimension it rated. */
export interface EvaluationProgressAssessedV1 {
  readonly perspective: (typeof PROGRESS_PERSPECTIVES_V1)[number];
  readonly ratings: Readonly<Partial<Record<ProgressDimensionV1, number>>>;
  readonly month: string;
}

const RATING: JsonSchema = { type: 'integer', minimum: 1, maximum: 5 };

const base = 'https://fallverbund.example/contracts/';

export const EVALUATION_EVENT_SCHEMAS = {
  [EVALUATION_EVENT_TYPES.caseOpened]: closedObject(
    `${base}${EVALUATION_EVENT_TYPES.caseOpened}`,
    'Evaluation: case opened',
    { leadAgencyType: enumOf(AGENCY_TYPES), month: MONTH },
  ),
  [EVALUATION_EVENT_TYPES.consentGranted]: closedObject(
    `${base}${EVALUATION_EVENT_TYPES.consentGranted}`,
    'Evaluation: consent granted',
    { purposes: setOf(enumOf(PURPOSES)), categoryCount: COUNT, recipientCount: COUNT, month: MONTH },
  ),
  [EVALUATION_EVENT_TYPES.consentWithdrawn]: closedObject(
    `${base}${EVALUATION_EVENT_TYPES.consentWithdrawn}`,
    'Evaluation: consent withdrawn',
    { month: MONTH },
  ),
  [EVALUATION_EVENT_TYPES.teamMemberAdded]: closedObject(
    `${base}${EVALUATION_EVENT_TYPES.teamMemberAdded}`,
    'Evaluation: team member added',
    { role: enumOf(ROLES), month: MONTH },
  ),
  [EVALUATION_EVENT_TYPES.caseClosed]: closedObject(
    `${base}${EVALUATION_EVENT_TYPES.caseClosed}`,
    'Evaluation: case closed',
    { exitReason: enumOf(EXIT_REASONS_V1), month: MONTH },
  ),
  [EVALUATION_EVENT_TYPES.referralWaited]: closedObject(
    `${base}${EVALUATION_EVENT_TYPES.referralWaited}`,
    'Evaluation: waiting time of a referral',
    { waitingDays: COUNT, month: MONTH },
  ),
  [EVALUATION_EVENT_TYPES.progressAssessed]: closedObject(
    `${base}${EVALUATION_EVENT_TYPES.progressAssessed}`,
    'Evaluation: progress assessed',
    {
      perspective: enumOf(PROGRESS_PERSPECTIVES_V1),
      // Closed too: only the known dimensions, each a whole number from 1 to 5, at least one.
      ratings: {
        type: 'object',
        properties: Object.fromEntries(PROGRESS_DIMENSIONS_V1.map((dimension) => [dimension, RATING])),
        minProperties: 1,
        additionalProperties: false,
      },
      month: MONTH,
    },
  ),
} as const satisfies Record<string, JsonSchema>;

/** `YYYY-MM` of an ISO 8601 instant, in UTC. */
export const monthOf = (isoInstant: string): string => new Date(isoInstant).toISOString().slice(0, 7);
