import { CASE_EVENT_TYPES } from './case-events';
import { EVALUATION_EVENT_TYPES } from './evaluation-events';
import { CONTRACT_EXAMPLES } from './examples';
import { CASES_SOURCE, deadLetterTopic, partnerTopic, TOPICS } from './integration-event';
import { type JsonSchema } from './json-schema';
import { PARTNER_EVENT_TYPES } from './partner-events';
import { CONTRACTS, EVALUATION_TOPIC_TYPES, PARTNER_TOPIC_TYPES, type IntegrationEventType } from './registry';

/** One line per type, for the AsyncAPI file and the catalogue. */
export const CONTRACT_SUMMARIES: { readonly [T in IntegrationEventType]: string } = {
  [CASE_EVENT_TYPES.opened]: 'A case was opened; which agency leads it.',
  [CASE_EVENT_TYPES.teamMemberAdded]: 'Staff of an agency joined the case team in a role (the person is not named).',
  [CASE_EVENT_TYPES.consentGranted]:
    'The participant consented: purposes, data categories, recipient agencies, last valid day. Form, grantor, evidence and named persons stay inside the platform.',
  [CASE_EVENT_TYPES.consentWithdrawn]: 'A consent was withdrawn; it stops covering anything from now on.',
  [CASE_EVENT_TYPES.healthNoteRecorded]:
    'A health note exists (id and secrecy flag only). Never the text; category health, so only subscribers whose consent names health receive it.',
  [CASE_EVENT_TYPES.participantErased]:
    "The participant's personal data were erased (end of retention): delete what you hold of this case.",
  [CASE_EVENT_TYPES.categoryErased]:
    "The participant's data of these categories were erased (end of their retention class): delete what you hold of them for this case; the rest stays.",
  [CASE_EVENT_TYPES.contactRecorded]:
    'A contact took place: its kind, the day (UTC) and its duration. Never the summary, never who took part.',
  [CASE_EVENT_TYPES.contactCorrected]:
    'A contact was corrected (the original stays in the platform); which contact and the id of the correction only.',
  [CASE_EVENT_TYPES.statusChanged]:
    'The case moved to aftercare, was closed (with its exit reason), or is active again after reopening.',
  [CASE_EVENT_TYPES.referralSent]:
    'A referral went to a partner agency: for which purpose, sharing which categories. Never its reason.',
  [CASE_EVENT_TYPES.referralStatusChanged]:
    'A referral was accepted, declined, had its first appointment (with the waiting days), was completed (with the yes/no attestation) or cancelled. No reasons.',
  [CASE_EVENT_TYPES.planChanged]:
    "The plan's latest version and its status: a new version (draft), agreed, disputed, mediation requested or concluded. Never goals, steps or the participant's words.",
  [CASE_EVENT_TYPES.planStepCompleted]:
    'A step of this plan version was completed (not which one: step ids are chosen by the user).',
  [CASE_EVENT_TYPES.conferenceScheduled]:
    'A case conference was convened: the invited agencies and the day. Never the topic.',
  [CASE_EVENT_TYPES.conferenceHeld]:
    'A case conference took place: the day, the attending agencies and the shared categories. Never the minutes, the staff or the pseudonym.',
  [CASE_EVENT_TYPES.progressAssessed]:
    'Progress was assessed by the coach or by the participant (self) on these dimensions and that day. Not the ratings.',
  [PARTNER_EVENT_TYPES.coverEnded]:
    'Partner streams only: your cover for this case ended. Delivered once; nothing more of the case follows until a new consent covers it.',
  [PARTNER_EVENT_TYPES.erasureNotified]:
    'Partner streams only (Art. 19 GDPR): data of this case that your stream once carried were erased (these categories, then, on this basis). Sent also after your cover ended; erase what you hold of them.',
  [PARTNER_EVENT_TYPES.restrictionNotified]:
    'Partner streams only (Art. 19 GDPR): processing of these categories of the case was restricted (§ 84 Abs. 3 SGB X), or the restriction lifted. Keep, but do not use, what you hold of them while restricted.',
  [EVALUATION_EVENT_TYPES.caseOpened]: 'Anonymised: a case was opened by an agency of this type in this month.',
  [EVALUATION_EVENT_TYPES.consentGranted]:
    'Anonymised: a consent for these purposes, with this many categories and recipients, in this month.',
  [EVALUATION_EVENT_TYPES.consentWithdrawn]: 'Anonymised: a consent was withdrawn in this month.',
  [EVALUATION_EVENT_TYPES.teamMemberAdded]: 'Anonymised: someone joined a case team in this role in this month.',
  [EVALUATION_EVENT_TYPES.caseClosed]: 'Anonymised: a case was closed with this exit reason in this month.',
  [EVALUATION_EVENT_TYPES.referralWaited]:
    "Anonymised: a referral's first appointment took place after this many days, in this month (no partner, no type).",
  [EVALUATION_EVENT_TYPES.progressAssessed]:
    'Anonymised: a progress assessment from this perspective with these ratings (1–5 per dimension), in this month.',
};

const ref = (path: string) => ({ $ref: path });
const messageId = (type: string): string => type.replace(/\./g, '_');

/** The schema as AsyncAPI's default schema format (a superset of draft 07) expects it. */
const asyncApiSchema = (schema: JsonSchema): JsonSchema => {
  const { $schema: _dialect, $id: _id, ...rest } = schema;
  return rest;
};

const string = (description: string, extra: JsonSchema = {}): JsonSchema => ({ type: 'string', description, ...extra });

const CE_HEADERS: Record<string, JsonSchema> = {
  ce_specversion: string('CloudEvents version', { const: '1.0' }),
  ce_id: string('Unique event id, stable across redeliveries: de-duplicate on it'),
  ce_type: string('The event type, `<context>.<aggregate>.<event>.v<major>`'),
  ce_source: string('Where the event comes from', { const: CASES_SOURCE }),
  ce_time: string('When the fact was recorded (RFC 3339)', { format: 'date-time' }),
  'content-type': string('Binary content mode: the value is the JSON data', { const: 'application/json' }),
};

const headersOf = (type: IntegrationEventType): JsonSchema => {
  const contract = CONTRACTS[type];
  const properties: Record<string, JsonSchema> = { ...CE_HEADERS, ce_type: { ...CE_HEADERS['ce_type'], const: type } };
  const required = Object.keys(CE_HEADERS);
  if (contract.subject === 'case') {
    properties['ce_subject'] = string('The pseudonymous case id (also the message key)');
    properties['ce_sequence'] = string('Position of the event in its case, 1-based, decimal', {
      pattern: '^[1-9][0-9]*$',
    });
    required.push('ce_subject');
  }
  if (contract.category) {
    properties['ce_category'] = string('The data category the event belongs to (extension)', {
      const: contract.category,
    });
    required.push('ce_category');
  }
  return { type: 'object', properties, required };
};

const message = (type: IntegrationEventType) => {
  const contract = CONTRACTS[type];
  const headers: Record<string, string> = {
    ce_specversion: '1.0',
    ce_id: '7d0c4f7e-6a43-4b5b-9a0e-52b1c1f0a9d3',
    ce_type: type,
    ce_source: CASES_SOURCE,
    ce_time: '2026-11-02T10:00:00.123Z',
    'content-type': 'application/json',
  };
  if (contract.subject === 'case') {
    headers['ce_subject'] = '3f2b8c1a-5d6e-4f70-8a9b-0c1d2e3f4a5b';
    headers['ce_sequence'] = '4';
  }
  if (contract.category) headers['ce_category'] = contract.category;
  return {
    name: type,
    title: type,
    summary: CONTRACT_SUMMARIES[type],
    contentType: 'application/json',
    headers: headersOf(type),
    payload: asyncApiSchema(contract.schema),
    bindings: {
      kafka: {
        key:
          contract.subject === 'case'
            ? string('The pseudonymous case id: all events of a case are on one partition, in order')
            : string('The month (YYYY-MM): evaluation records need no order among them'),
        bindingVersion: '0.5.0',
      },
    },
    examples: [{ name: 'example', headers, payload: CONTRACT_EXAMPLES[type] }],
  };
};

const messagesOf = (types: readonly IntegrationEventType[]) =>
  Object.fromEntries(types.map((type) => [messageId(type), ref(`#/components/messages/${messageId(type)}`)]));

const DLQ_DESCRIPTION =
  'Messages a consumer refused: the original key, value (as it was, possibly not JSON) and headers, plus `dlq_reason` ' +
  '(`invalid_envelope`, `unknown_type` (also an unknown major version), `wrong_topic`, `malformed_json`, `schema_violation` ' +
  'or `handler_failed`, then `: ` and the detail), `dlq_topic`, `dlq_partition`, `dlq_offset`. One partition. ' +
  'Written by the consumer library (`@fallverbund/messaging`); read it with plain Kafka tools.';

const kafkaTopic = (partitions: number) => ({ kafka: { partitions, bindingVersion: '0.5.0' } });

/** The AsyncAPI 3.0 document of all topics, built from the contracts registry. */
export const asyncApiDocument = () => ({
  asyncapi: '3.0.0',
  info: {
    title: 'Fallverbund integration events',
    version: '1.0.0',
    description: [
      'Integration events of the Fallverbund case platform on Apache Kafka. Generated from `libs/contracts`',
      '(`asyncApiDocument()`); `libs/contracts/src/lib/asyncapi.spec.ts` fails when this file and the contracts differ,',
      'and `UPDATE_ASYNCAPI=1 npx jest -c libs/contracts/jest.config.js asyncapi` rewrites it.',
      '',
      'Every message is a CloudEvent 1.0 in the Kafka binding, binary content mode: the attributes are `ce_*` headers',
      '(string values), the value is the JSON `data`, the key is the pseudonymous case id (the month on the',
      'evaluation topic). Delivery is at-least-once: de-duplicate on `ce_id`. Within a major version changes are',
      'backward compatible (new optional properties only; consumers ignore properties they do not know); a breaking',
      'change is a new major version, a new type name and a new topic.',
      '',
      'Payloads are minimised: no names, no participant or user ids, no free text, and never health, addiction or',
      'youth-welfare content. The payload schemas are JSON Schema draft 2020-12 in the library; here they are given',
      'without `$schema`/`$id`, using only keywords AsyncAPI schemas share with draft 07.',
    ].join('\n'),
  },
  defaultContentType: 'application/json',
  servers: {
    development: {
      host: '127.0.0.1:9092',
      protocol: 'kafka',
      description:
        'The local single-node broker of `deploy/kafka/kafka.sh` (plaintext, no auth; development and CI only).',
    },
  },
  channels: {
    caseEvents: {
      address: TOPICS.caseEvents,
      title: 'Case events (INTERNAL)',
      description:
        'INTERNAL: every integration event of every case, unfiltered. Only the platform itself reads it (the partner ' +
        'router that applies consent). No subscriber outside the platform is given access to this topic.',
      messages: messagesOf(Object.values(CASE_EVENT_TYPES)),
      bindings: kafkaTopic(3),
    },
    partnerStream: {
      address: partnerTopic('{subscriberId}'),
      title: 'Consent-aware stream of one registered subscriber',
      description:
        'The case events a registered subscriber is entitled to: only while an active consent (or a statute) covers ' +
        "its agency, its purpose and the event's category (`ce_category`), decided at delivery time by the platform's " +
        'access policy. When the cover ends the stream carries `partners.cover.ended.v1` for that case once, and ' +
        'nothing more of it.',
      parameters: {
        subscriberId: { description: 'The id the subscriber was registered with, e.g. `jugendamt-mitte`.' },
      },
      messages: messagesOf(PARTNER_TOPIC_TYPES),
      bindings: kafkaTopic(3),
    },
    evaluation: {
      address: TOPICS.evaluation,
      title: 'Anonymised evaluation records',
      description:
        'Records for statistics and evaluation: no subject, no case id, no ids that link to a person, only the month. ' +
        'The example subscriber `apps/evaluation-subscriber` reads it.',
      messages: messagesOf(EVALUATION_TOPIC_TYPES),
      bindings: kafkaTopic(3),
    },
    caseEventsDeadLetters: {
      address: deadLetterTopic(TOPICS.caseEvents),
      description: DLQ_DESCRIPTION,
      messages: { deadLetter: ref('#/components/messages/deadLetter') },
      bindings: kafkaTopic(1),
    },
    partnerStreamDeadLetters: {
      address: deadLetterTopic(partnerTopic('{subscriberId}')),
      description: DLQ_DESCRIPTION,
      parameters: { subscriberId: { description: 'As on the partner stream.' } },
      messages: { deadLetter: ref('#/components/messages/deadLetter') },
      bindings: kafkaTopic(1),
    },
    evaluationDeadLetters: {
      address: deadLetterTopic(TOPICS.evaluation),
      description: DLQ_DESCRIPTION,
      messages: { deadLetter: ref('#/components/messages/deadLetter') },
      bindings: kafkaTopic(1),
    },
  },
  operations: {
    publishCaseEvents: {
      action: 'send',
      channel: ref('#/channels/caseEvents'),
      summary: 'The relay publishes every case event (idempotent producer, acks from all in-sync replicas).',
      messages: Object.values(CASE_EVENT_TYPES).map((type) => ref(`#/channels/caseEvents/messages/${messageId(type)}`)),
    },
    receivePartnerStream: {
      action: 'receive',
      channel: ref('#/channels/partnerStream'),
      summary: 'A registered subscriber reads its own stream.',
      messages: PARTNER_TOPIC_TYPES.map((type) => ref(`#/channels/partnerStream/messages/${messageId(type)}`)),
    },
    receiveEvaluation: {
      action: 'receive',
      channel: ref('#/channels/evaluation'),
      summary: 'Statistics subscribers read the anonymised records.',
      messages: EVALUATION_TOPIC_TYPES.map((type) => ref(`#/channels/evaluation/messages/${messageId(type)}`)),
    },
    deadLetterCaseEvents: {
      action: 'send',
      channel: ref('#/channels/caseEventsDeadLetters'),
      summary: 'A consumer of the case topic dead-letters a message it refused.',
      messages: [ref('#/channels/caseEventsDeadLetters/messages/deadLetter')],
    },
    deadLetterPartnerStream: {
      action: 'send',
      channel: ref('#/channels/partnerStreamDeadLetters'),
      summary: 'A partner subscriber dead-letters a message it refused.',
      messages: [ref('#/channels/partnerStreamDeadLetters/messages/deadLetter')],
    },
    deadLetterEvaluation: {
      action: 'send',
      channel: ref('#/channels/evaluationDeadLetters'),
      summary: 'An evaluation subscriber dead-letters a message it refused.',
      messages: [ref('#/channels/evaluationDeadLetters/messages/deadLetter')],
    },
  },
  components: {
    messages: {
      ...Object.fromEntries(
        (Object.keys(CONTRACTS) as IntegrationEventType[]).map((type) => [messageId(type), message(type)]),
      ),
      deadLetter: {
        name: 'deadLetter',
        title: 'Dead letter',
        summary: 'A refused message with the reason.',
        headers: {
          type: 'object',
          properties: {
            dlq_reason: string('`<code>: <detail>`', {
              pattern: '^(invalid_envelope|unknown_type|wrong_topic|malformed_json|schema_violation|handler_failed): ',
            }),
            dlq_topic: string('The topic the message came from'),
            dlq_partition: string('Its partition, decimal'),
            dlq_offset: string('Its offset, decimal'),
          },
          required: ['dlq_reason', 'dlq_topic', 'dlq_partition', 'dlq_offset'],
          additionalProperties: { type: 'string', description: 'The original headers (ce_* and others)' },
        },
        payload: { description: 'The original value, byte for byte (it may not be valid JSON).' },
      },
    },
  },
});
