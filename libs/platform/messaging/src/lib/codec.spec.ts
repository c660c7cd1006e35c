import {
  CASE_EVENT_TYPES,
  CONTRACT_EXAMPLES,
  EVALUATION_EVENT_TYPES,
  INTEGRATION_EVENT_TYPES,
  exampleEvent as exampleContractEvent,
  TOPICS,
  type IntegrationEvent,
  type IntegrationEventType,
} from '@fallverbund/contracts';
import { CE, decodeMessage, encodeEvent } from './cloudevents-kafka';
import { ContractValidator } from './contract-validator';

const tolerant = new ContractValidator('tolerant');
const strict = new ContractValidator('strict');

const exampleEvent = (type: IntegrationEventType, n = 1): IntegrationEvent =>
  exampleContractEvent(type, { id: `evt-${type}-${n}`, sequence: n });

const wire = (
  event: IntegrationEvent,
  overrides: { headers?: Record<string, string | undefined>; value?: string } = {},
) => {
  const encoded = encodeEvent(event, event.subject ?? 'k');
  const headers: Record<string, string> = { ...encoded.headers };
  for (const [name, value] of Object.entries(overrides.headers ?? {})) {
    if (value === undefined) delete headers[name];
    else headers[name] = value;
  }
  return { topic: 'test.topic', value: Buffer.from(overrides.value ?? encoded.value), headers };
};

describe('CloudEvents Kafka binding (binary mode)', () => {
  it('encodes attributes as ce_* headers with string values only, data as the JSON value', () => {
    const event = exampleEvent(CASE_EVENT_TYPES.consentGranted, 7);
    const encoded = encodeEvent(event, 'case-42');
    expect(encoded).toEqual({
      key: 'case-42',
      value: JSON.stringify(CONTRACT_EXAMPLES[CASE_EVENT_TYPES.consentGranted]),
      headers: {
        ce_specversion: '1.0',
        ce_id: event.id,
        ce_type: 'cases.case.consent_granted.v1',
        ce_source: '/fallverbund/cases',
        ce_time: '2026-11-02T10:00:00.123Z',
        ce_subject: 'case-42',
        ce_category: 'case_admin',
        ce_sequence: '7',
        'content-type': 'application/json',
      },
    });
    const evaluation = encodeEvent(exampleEvent(EVALUATION_EVENT_TYPES.caseOpened), 'evaluation');
    expect(Object.keys(evaluation.headers)).not.toEqual(expect.arrayContaining([CE.subject]));
    expect(evaluation.headers).not.toHaveProperty(CE.category);
    expect(evaluation.headers).not.toHaveProperty(CE.sequence);
  });

  it.each(INTEGRATION_EVENT_TYPES)('round-trips %s and its example passes the strict schema', (type) => {
    const event = exampleEvent(type);
    expect(strict.problem(type, event.data)).toBeUndefined();
    expect(decodeMessage(wire(event), tolerant)).toEqual({ ok: true, event });
  });

  it.each([
    [{ headers: { ce_id: undefined } }, 'invalid_envelope', 'missing header ce_id'],
    [{ headers: { ce_specversion: '0.3' } }, 'invalid_envelope', 'ce_specversion 0.3 is not 1.0'],
    [{ headers: { ce_time: 'yesterday' } }, 'invalid_envelope', 'ce_time yesterday is not an RFC 3339 timestamp'],
    [{ headers: { ce_sequence: '-1' } }, 'invalid_envelope', 'ce_sequence -1 is not a positive integer'],
    [{ headers: { ce_category: 'gossip' } }, 'invalid_envelope', 'ce_category gossip is not a data category'],
    [
      { headers: { 'content-type': 'application/cloudevents+json' } },
      'invalid_envelope',
      expect.stringMatching(/binary mode/),
    ],
    [{ headers: { ce_type: 'cases.case.opened.v9' } }, 'unknown_type', 'cases.case.opened.v9'],
    [{ value: '{"leadAgencyId": "x",' }, 'malformed_json', expect.stringMatching(/JSON/)],
    [{ value: '{"leadAgencyId":"x"}' }, 'schema_violation', "/ must have required property 'leadAgencyType'"],
    [
      { value: '{"leadAgencyId":"x","leadAgencyType":"bakery"}' },
      'schema_violation',
      expect.stringMatching(/^\/leadAgencyType must be equal to one of the allowed values/),
    ],
    [{ headers: { ce_subject: undefined } }, 'schema_violation', expect.stringMatching(/needs a subject/)],
    [{ headers: { ce_category: 'health' } }, 'schema_violation', expect.stringMatching(/the contract says case_admin/)],
  ])('refuses %j as %s', (overrides, code, detail: unknown) => {
    expect(decodeMessage(wire(exampleEvent(CASE_EVENT_TYPES.opened), overrides), tolerant)).toEqual({
      ok: false,
      code,
      detail,
    });
  });

  it('refuses a case event on the evaluation topic (it would leak a case id)', () => {
    const message = { ...wire(exampleEvent(CASE_EVENT_TYPES.opened)), topic: TOPICS.evaluation };
    expect(decodeMessage(message, tolerant)).toEqual({
      ok: false,
      code: 'wrong_topic',
      detail: 'cases.case.opened.v1 does not belong on cases.evaluation.v1',
    });
  });

  it('reads tolerantly: a property added within the major version is dropped, not refused', () => {
    const value = JSON.stringify({ ...CONTRACT_EXAMPLES[CASE_EVENT_TYPES.healthNoteRecorded], text: 'never' });
    const decoded = decodeMessage(wire(exampleEvent(CASE_EVENT_TYPES.healthNoteRecorded), { value }), tolerant);
    expect(decoded.ok && decoded.event.data).toEqual(CONTRACT_EXAMPLES[CASE_EVENT_TYPES.healthNoteRecorded]);
    expect(strict.problem(CASE_EVENT_TYPES.healthNoteRecorded, JSON.parse(value) as unknown)).toBe(
      '/ must NOT have additional properties (text)',
    );
  });

  it('takes the first value of a repeated header and reads Buffer headers', () => {
    const message = wire(exampleEvent(CASE_EVENT_TYPES.consentWithdrawn));
    const headers = Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, [Buffer.from(v), 'other']]));
    expect(decodeMessage({ ...message, headers }, tolerant).ok).toBe(true);
  });
});
