import { type DataCategory } from '@fallverbund/kernel';

/** Where case events come from (CloudEvents `source`). */
export const CASES_SOURCE = '/fallverbund/cases';

/**
 * Topics are `<context>.<aggregate>.v<major>`. A breaking change to any event type on a topic is a
 * new major version and a new topic; additions within a major version are backward compatible.
 */
export const TOPICS = {
  /** Every integration event of every case. Internal: only the platform's own router reads it. */
  caseEvents: 'cases.case.v1',
  /** Anonymised evaluation records: no case id, no person, no content. */
  evaluation: 'cases.evaluation.v1',
} as const;

/** The consent-aware stream of one registered subscriber. */
export const partnerTopic = (subscriberId: string): string => `partners.${subscriberId}.v1`;

/** Messages a consumer cannot accept go here, with the reason in a header. */
export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/**
 * An integration event: the public, minimised form of something that happened in a case. It
 * travels as a CloudEvent (Kafka binding, binary mode: attributes in `ce_*` headers, `data` as the
 * JSON value). Never names, never health, addiction or youth-welfare content: categories say what
 * kind of data an event is about, so delivery can be filtered on them.
 */
export interface IntegrationEvent<Type extends string = string, Data = unknown> {
  /** Unique and stable across redeliveries: consumers de-duplicate on it (`ce_id`). */
  readonly id: string;
  /** `<context>.<aggregate>.<event>.v<major>` (`ce_type`). */
  readonly type: Type;
  /** `ce_source`. */
  readonly source: string;
  /** The pseudonymous case id, also the Kafka key (`ce_subject`); absent on evaluation records. */
  readonly subject?: string;
  /** ISO 8601 instant the fact was recorded (`ce_time`). */
  readonly time: string;
  /**
   * The data category the event belongs to (extension `ce_category`); delivery to partners is
   * filtered on it. Absent on anonymised evaluation records, which belong to no case.
   */
  readonly category?: DataCategory;
  /**
   * Position of the event in its case, 1-based, for ordering checks (extension `ce_sequence`); on a
   * partner stream it counts the events of the case that stream received.
   */
  readonly sequence?: number;
  readonly data: Data;
}
