import { type DataCategory } from '@fallverbund/kernel';
import {
  CASE_EVENT_SCHEMAS,
  CASE_EVENT_TYPES,
  type CaseConferenceHeldV1,
  type CaseConferenceScheduledV1,
  type CaseConsentGrantedV1,
  type CaseContactCorrectedV1,
  type CaseContactRecordedV1,
  type CaseStatusChangedV1,
  type CaseConsentWithdrawnV1,
  type CaseHealthNoteRecordedV1,
  type CaseOpenedV1,
  type CaseParticipantErasedV1,
  type CaseCategoryErasedV1,
  type CasePlanChangedV1,
  type CasePlanStepCompletedV1,
  type CaseProgressAssessedV1,
  type CaseReferralSentV1,
  type CaseReferralStatusChangedV1,
  type CaseTeamMemberAddedV1,
} from './case-events';
import {
  EVALUATION_EVENT_SCHEMAS,
  EVALUATION_EVENT_TYPES,
  type EvaluationCaseClosedV1,
  type EvaluationCaseOpenedV1,
  type EvaluationConsentGrantedV1,
  type EvaluationConsentWithdrawnV1,
  type EvaluationProgressAssessedV1,
  type EvaluationReferralWaitedV1,
  type EvaluationTeamMemberAddedV1,
} from './evaluation-events';
import { CASES_SOURCE, TOPICS, type IntegrationEvent } from './integration-event';
import { type JsonSchema } from './json-schema';
import {
  PARTNER_EVENT_SCHEMAS,
  PARTNER_EVENT_TYPES,
  type CoverEndedV1,
  type ErasureNotifiedV1,
  type RestrictionNotifiedV1,
} from './partner-events';

/** The data of every integration event type: the one place that ties a type name to its TS type. */
export interface IntegrationEventDataByType {
  [CASE_EVENT_TYPES.opened]: CaseOpenedV1;
  [CASE_EVENT_TYPES.teamMemberAdded]: CaseTeamMemberAddedV1;
  [CASE_EVENT_TYPES.consentGranted]: CaseConsentGrantedV1;
  [CASE_EVENT_TYPES.consentWithdrawn]: CaseConsentWithdrawnV1;
  [CASE_EVENT_TYPES.healthNoteRecorded]: CaseHealthNoteRecordedV1;
  [CASE_EVENT_TYPES.participantErased]: CaseParticipantErasedV1;
  [CASE_EVENT_TYPES.categoryErased]: CaseCategoryErasedV1;
  [CASE_EVENT_TYPES.contactRecorded]: CaseContactRecordedV1;
  [CASE_EVENT_TYPES.contactCorrected]: CaseContactCorrectedV1;
  [CASE_EVENT_TYPES.statusChanged]: CaseStatusChangedV1;
  [CASE_EVENT_TYPES.referralSent]: CaseReferralSentV1;
  [CASE_EVENT_TYPES.referralStatusChanged]: CaseReferralStatusChangedV1;
  [CASE_EVENT_TYPES.planChanged]: CasePlanChangedV1;
  [CASE_EVENT_TYPES.planStepCompleted]: CasePlanStepCompletedV1;
  [CASE_EVENT_TYPES.conferenceScheduled]: CaseConferenceScheduledV1;
  [CASE_EVENT_TYPES.conferenceHeld]: CaseConferenceHeldV1;
  [CASE_EVENT_TYPES.progressAssessed]: CaseProgressAssessedV1;
  [PARTNER_EVENT_TYPES.coverEnded]: CoverEndedV1;
  [PARTNER_EVENT_TYPES.erasureNotified]: ErasureNotifiedV1;
  [PARTNER_EVENT_TYPES.restrictionNotified]: RestrictionNotifiedV1;
  [EVALUATION_EVENT_TYPES.caseOpened]: EvaluationCaseOpenedV1;
  [EVALUATION_EVENT_TYPES.consentGranted]: EvaluationConsentGrantedV1;
  [EVALUATION_EVENT_TYPES.consentWithdrawn]: EvaluationConsentWithdrawnV1;
  [EVALUATION_EVENT_TYPES.teamMemberAdded]: EvaluationTeamMemberAddedV1;
  [EVALUATION_EVENT_TYPES.caseClosed]: EvaluationCaseClosedV1;
  [EVALUATION_EVENT_TYPES.referralWaited]: EvaluationReferralWaitedV1;
  [EVALUATION_EVENT_TYPES.progressAssessed]: EvaluationProgressAssessedV1;
}

export type IntegrationEventType = keyof IntegrationEventDataByType;

/** An integration event whose data type follows from its type name. */
export type TypedIntegrationEvent<T extends IntegrationEventType = IntegrationEventType> = {
  [K in T]: IntegrationEvent<K, IntegrationEventDataByType[K]>;
}[T];

export interface Contract {
  readonly schema: JsonSchema;
  /**
   * The data category of every event of this type (`ce_category`); partner delivery is filtered on
   * it. Absent on cover-ended (it is about the cover, not about case data) and on evaluation records.
   */
  readonly category?: DataCategory;
  /** `case`: `subject` (and the Kafka key) is the pseudonymous case id. `none`: no subject at all. */
  readonly subject: 'case' | 'none';
}

/** Every integration event type there is. A type not in here is unknown to every consumer. */
export const CONTRACTS: { readonly [T in IntegrationEventType]: Contract } = {
  [CASE_EVENT_TYPES.opened]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.opened],
    category: 'case_admin',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.teamMemberAdded]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.teamMemberAdded],
    category: 'case_admin',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.consentGranted]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.consentGranted],
    category: 'case_admin',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.consentWithdrawn]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.consentWithdrawn],
    category: 'case_admin',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.healthNoteRecorded]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.healthNoteRecorded],
    category: 'health',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.participantErased]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.participantErased],
    category: 'case_admin',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.categoryErased]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.categoryErased],
    category: 'case_admin',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.contactRecorded]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.contactRecorded],
    category: 'contacts',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.contactCorrected]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.contactCorrected],
    category: 'contacts',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.statusChanged]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.statusChanged],
    category: 'case_admin',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.referralSent]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.referralSent],
    category: 'referrals',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.referralStatusChanged]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.referralStatusChanged],
    category: 'referrals',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.planChanged]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.planChanged],
    category: 'plan',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.planStepCompleted]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.planStepCompleted],
    category: 'plan',
    subject: 'case',
  },
  // Conferences belong to case_admin, as in the domain and the access policy (docs/decisions.md).
  [CASE_EVENT_TYPES.conferenceScheduled]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.conferenceScheduled],
    category: 'case_admin',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.conferenceHeld]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.conferenceHeld],
    category: 'case_admin',
    subject: 'case',
  },
  [CASE_EVENT_TYPES.progressAssessed]: {
    schema: CASE_EVENT_SCHEMAS[CASE_EVENT_TYPES.progressAssessed],
    category: 'progress',
    subject: 'case',
  },
  [PARTNER_EVENT_TYPES.coverEnded]: { schema: PARTNER_EVENT_SCHEMAS[PARTNER_EVENT_TYPES.coverEnded], subject: 'case' },
  [PARTNER_EVENT_TYPES.erasureNotified]: {
    schema: PARTNER_EVENT_SCHEMAS[PARTNER_EVENT_TYPES.erasureNotified],
    subject: 'case',
  },
  [PARTNER_EVENT_TYPES.restrictionNotified]: {
    schema: PARTNER_EVENT_SCHEMAS[PARTNER_EVENT_TYPES.restrictionNotified],
    subject: 'case',
  },
  [EVALUATION_EVENT_TYPES.caseOpened]: {
    schema: EVALUATION_EVENT_SCHEMAS[EVALUATION_EVENT_TYPES.caseOpened],
    subject: 'none',
  },
  [EVALUATION_EVENT_TYPES.consentGranted]: {
    schema: EVALUATION_EVENT_SCHEMAS[EVALUATION_EVENT_TYPES.consentGranted],
    subject: 'none',
  },
  [EVALUATION_EVENT_TYPES.consentWithdrawn]: {
    schema: EVALUATION_EVENT_SCHEMAS[EVALUATION_EVENT_TYPES.consentWithdrawn],
    subject: 'none',
  },
  [EVALUATION_EVENT_TYPES.teamMemberAdded]: {
    schema: EVALUATION_EVENT_SCHEMAS[EVALUATION_EVENT_TYPES.teamMemberAdded],
    subject: 'none',
  },
  [EVALUATION_EVENT_TYPES.caseClosed]: {
    schema: EVALUATION_EVENT_SCHEMAS[EVALUATION_EVENT_TYPES.caseClosed],
    subject: 'none',
  },
  [EVALUATION_EVENT_TYPES.referralWaited]: {
    schema: EVALUATION_EVENT_SCHEMAS[EVALUATION_EVENT_TYPES.referralWaited],
    subject: 'none',
  },
  [EVALUATION_EVENT_TYPES.progressAssessed]: {
    schema: EVALUATION_EVENT_SCHEMAS[EVALUATION_EVENT_TYPES.progressAssessed],
    subject: 'none',
  },
};

export const INTEGRATION_EVENT_TYPES = Object.keys(CONTRACTS) as readonly IntegrationEventType[];

/** Known means: this exact name and major version is in the registry (`….v9` is not known). */
export const isKnownType = (type: string): type is IntegrationEventType => Object.hasOwn(CONTRACTS, type);

export const CASE_TOPIC_TYPES: readonly IntegrationEventType[] = Object.values(CASE_EVENT_TYPES);
export const PARTNER_TOPIC_TYPES: readonly IntegrationEventType[] = [
  ...CASE_TOPIC_TYPES,
  PARTNER_EVENT_TYPES.coverEnded,
  PARTNER_EVENT_TYPES.erasureNotified,
  PARTNER_EVENT_TYPES.restrictionNotified,
];
export const EVALUATION_TOPIC_TYPES: readonly IntegrationEventType[] = Object.values(EVALUATION_EVENT_TYPES);

const PARTNER_TOPIC = /^partners\.[a-z0-9][a-z0-9_-]*\.v1$/;

/**
 * The types a topic of this platform may carry, or undefined for a topic it does not know (then
 * any known type is accepted). A case event on the evaluation topic would be a leak, so consumers
 * refuse it.
 */
export const typesOfTopic = (topic: string): readonly IntegrationEventType[] | undefined => {
  if (topic === TOPICS.caseEvents) return CASE_TOPIC_TYPES;
  if (topic === TOPICS.evaluation) return EVALUATION_TOPIC_TYPES;
  if (PARTNER_TOPIC.test(topic)) return PARTNER_TOPIC_TYPES;
  return undefined;
};

/**
 * Builds an integration event with `source` and `category` taken from the registry, so producers
 * cannot get them wrong. The id and time come from the caller (this library does no I/O and no
 * randomness); the id must be stable across retries of the same fact.
 */
export const integrationEvent = <T extends IntegrationEventType>(
  type: T,
  fields: {
    readonly id: string;
    readonly time: string;
    readonly subject?: string;
    readonly sequence?: number;
    readonly data: IntegrationEventDataByType[T];
  },
): IntegrationEvent<T, IntegrationEventDataByType[T]> => {
  const contract: Contract = CONTRACTS[type];
  return {
    id: fields.id,
    type,
    source: CASES_SOURCE,
    time: fields.time,
    ...(fields.subject === undefined ? {} : { subject: fields.subject }),
    ...(contract.category === undefined ? {} : { category: contract.category }),
    ...(fields.sequence === undefined ? {} : { sequence: fields.sequence }),
    data: fields.data,
  };
};

/**
 * Checks what a schema cannot: the envelope against the contract (subject present or absent,
 * category as registered). Returns the first problem, or undefined.
 */
export const envelopeProblem = (event: IntegrationEvent): string | undefined => {
  if (!isKnownType(event.type)) return `unknown type ${event.type}`;
  const contract: Contract = CONTRACTS[event.type];
  if (contract.subject === 'case' && !event.subject) return `${event.type} needs a subject (the case id)`;
  if (contract.subject === 'none' && event.subject !== undefined) return `${event.type} must not have a subject`;
  if (event.category !== contract.category) {
    return `${event.type} has category ${event.category ?? '(none)'}, the contract says ${contract.category ?? '(none)'}`;
  }
  return undefined;
};

/**
 * Narrows a delivered event to one type, so its `data` has the contract's TS type. The consumer
 * has already checked the data against the schema, so this is a check of the name only.
 */
export const hasType = <T extends IntegrationEventType>(
  event: IntegrationEvent,
  type: T,
): event is IntegrationEvent<T, IntegrationEventDataByType[T]> => event.type === type;
