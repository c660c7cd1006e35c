import { envelopeProblem, isKnownType, typesOfTopic, type IntegrationEvent } from '@fallverbund/contracts';
import { isDataCategory } from '@fallverbund/kernel';
import { type ContractValidator } from './contract-validator';

/**
 * The CloudEvents 1.0 Kafka protocol binding, binary content mode: the event's attributes travel
 * as `ce_*` headers, its `data` as the JSON message value, the case id as the key.
 * Hand-written rather than through the `cloudevents` SDK: see docs/decisions.md (issue 6).
 */
export const CE = {
  specversion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  time: 'ce_time',
  subject: 'ce_subject',
  /** Extension: the data category of the event (partner delivery is filtered on it). */
  category: 'ce_category',
  /** Extension (CloudEvents "sequence"): position of the event in its case, decimal. */
  sequence: 'ce_sequence',
} as const;
export const CONTENT_TYPE = 'content-type';
export const JSON_CONTENT_TYPE = 'application/json';
export const SPEC_VERSION = '1.0';

/** Headers as kafkajs delivers them. */
export type RawHeaders = Readonly<Record<string, Buffer | string | readonly (Buffer | string)[] | undefined>>;

/** A message as it is on the wire: what kafkajs accepts for sending. */
export interface WireMessage {
  readonly key: string;
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
}

/** Why a message was refused; the dead-letter reason starts with the code. */
export type DeadLetterCode =
  'invalid_envelope' | 'unknown_type' | 'wrong_topic' | 'malformed_json' | 'schema_violation' | 'handler_failed';

export type DecodeResult =
  | { readonly ok: true; readonly event: IntegrationEvent }
  | { readonly ok: false; readonly code: DeadLetterCode; readonly detail: string };

export const reasonOf = (code: DeadLetterCode, detail: string): string => `${code}: ${detail}`;

export const encodeEvent = (event: IntegrationEvent, key: string): WireMessage => {
  const headers: Record<string, string> = {
    [CE.specversion]: SPEC_VERSION,
    [CE.id]: event.id,
    [CE.type]: event.type,
    [CE.source]: event.source,
    [CE.time]: event.time,
    [CONTENT_TYPE]: JSON_CONTENT_TYPE,
  };
  if (event.subject !== undefined) headers[CE.subject] = event.subject;
  if (event.category !== undefined) headers[CE.category] = event.category;
  if (event.sequence !== undefined) headers[CE.sequence] = String(event.sequence);
  return { key, value: JSON.stringify(event.data), headers };
};

/** Header values as strings (kafkajs gives Buffers; a repeated header counts by its first value). */
export const headersToStrings = (headers: RawHeaders | undefined): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers ?? {})) {
    const value: Buffer | string | undefined = Array.isArray(raw)
      ? (raw as (Buffer | string)[])[0]
      : (raw as Buffer | string | undefined);
    if (value !== undefined) result[name] = typeof value === 'string' ? value : value.toString('utf8');
  }
  return result;
};

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * Decodes and checks one message, in this order: envelope (`ce_*` headers) → known type and major
 * version → type allowed on this topic → JSON → JSON Schema → envelope against the contract
 * (subject, category). The first failure is the result.
 */
export const decodeMessage = (
  message: { readonly topic: string; readonly value: Buffer | string | null; readonly headers?: RawHeaders },
  validator: ContractValidator,
): DecodeResult => {
  const h = headersToStrings(message.headers);
  const fail = (code: DeadLetterCode, detail: string): DecodeResult => ({ ok: false, code, detail });

  for (const name of [CE.specversion, CE.id, CE.type, CE.source, CE.time]) {
    if (!h[name]) return fail('invalid_envelope', `missing header ${name}`);
  }
  if (h[CE.specversion] !== SPEC_VERSION) {
    return fail('invalid_envelope', `${CE.specversion} ${h[CE.specversion]} is not ${SPEC_VERSION}`);
  }
  const time = h[CE.time] ?? '';
  if (!RFC3339.test(time) || Number.isNaN(Date.parse(time))) {
    return fail('invalid_envelope', `${CE.time} ${time} is not an RFC 3339 timestamp`);
  }
  const contentType = h[CONTENT_TYPE];
  if (contentType !== undefined && !contentType.toLowerCase().startsWith(JSON_CONTENT_TYPE)) {
    return fail('invalid_envelope', `content-type ${contentType} is not ${JSON_CONTENT_TYPE} (binary mode only)`);
  }
  const category = h[CE.category];
  if (category !== undefined && !isDataCategory(category)) {
    return fail('invalid_envelope', `${CE.category} ${category} is not a data category`);
  }
  const sequenceText = h[CE.sequence];
  const sequence = sequenceText === undefined ? undefined : Number(sequenceText);
  if (sequence !== undefined && !(Number.isSafeInteger(sequence) && sequence >= 1)) {
    return fail('invalid_envelope', `${CE.sequence} ${sequenceText} is not a positive integer`);
  }

  const type = h[CE.type] ?? '';
  if (!isKnownType(type)) return fail('unknown_type', type);
  const allowed = typesOfTopic(message.topic);
  if (allowed && !allowed.includes(type)) return fail('wrong_topic', `${type} does not belong on ${message.topic}`);

  if (message.value === null) return fail('malformed_json', 'empty value');
  let data: unknown;
  try {
    data = JSON.parse(typeof message.value === 'string' ? message.value : message.value.toString('utf8'));
  } catch (error) {
    return fail('malformed_json', error instanceof Error ? error.message : String(error));
  }
  const schemaProblem = validator.problem(type, data);
  if (schemaProblem) return fail('schema_violation', schemaProblem);

  const event: IntegrationEvent = {
    id: h[CE.id] ?? '',
    type,
    source: h[CE.source] ?? '',
    time,
    ...(h[CE.subject] === undefined ? {} : { subject: h[CE.subject] }),
    ...(category === undefined || !isDataCategory(category) ? {} : { category }),
    ...(sequence === undefined ? {} : { sequence }),
    data,
  };
  const envelope = envelopeProblem(event);
  if (envelope) return fail('schema_violation', envelope);
  return { ok: true, event };
};
