import { SENSITIVE_CATEGORIES } from '@fallverbund/kernel';
import {
  CASE_EVENT_TYPES,
  CASE_TOPIC_TYPES,
  CONTRACT_EXAMPLES,
  CONTRACTS,
  envelopeProblem,
  EVALUATION_EVENT_TYPES,
  EVALUATION_TOPIC_TYPES,
  INTEGRATION_EVENT_TYPES,
  integrationEvent,
  isKnownType,
  monthOf,
  PARTNER_EVENT_TYPES,
  PARTNER_TOPIC_TYPES,
  TOPICS,
  CASES_SOURCE,
  partnerTopic,
  deadLetterTopic,
  typesOfTopic,
  type JsonSchema,
} from '../index';

/** Every property name a schema declares, at any depth. */
const propertyNames = (schema: JsonSchema): string[] => {
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const record = node as Record<string, unknown>;
    if (record['properties'] && typeof record['properties'] === 'object') {
      names.push(...Object.keys(record['properties']));
    }
    Object.values(record).forEach(walk);
  };
  walk(schema);
  return names;
};

describe('integration event contracts', () => {
  it('names every type <context>.<aggregate>.<event>.v<major> and knows exactly the registered ones', () => {
    expect(INTEGRATION_EVENT_TYPES).toHaveLength(27);
    for (const type of INTEGRATION_EVENT_TYPES) {
      expect(type).toMatch(/^[a-z]+\.[a-z]+\.[a-z_]+\.v[1-9][0-9]*$/);
      expect(isKnownType(type)).toBe(true);
    }
    expect(isKnownType('cases.case.opened.v9')).toBe(false);
    expect(isKnownType('toString')).toBe(false);
  });

  it('gives every case type a category, cover-ended none, evaluation records neither category nor subject', () => {
    for (const type of CASE_TOPIC_TYPES) {
      expect(CONTRACTS[type].category).toBeDefined();
      expect(CONTRACTS[type].subject).toBe('case');
    }
    expect(CONTRACTS[CASE_EVENT_TYPES.healthNoteRecorded].category).toBe('health');
    expect(CONTRACTS[PARTNER_EVENT_TYPES.coverEnded]).toEqual(expect.objectContaining({ subject: 'case' }));
    expect(CONTRACTS[PARTNER_EVENT_TYPES.coverEnded].category).toBeUndefined();
    for (const type of EVALUATION_TOPIC_TYPES) {
      expect(CONTRACTS[type].category).toBeUndefined();
      expect(CONTRACTS[type].subject).toBe('none');
    }
  });

  it('is minimised: no names, no person ids, no free text in any schema, and every schema is closed', () => {
    const forbidden = [
      'participant',
      'participantId',
      'givenName',
      'familyName',
      'birthDate',
      'name',
      'text',
      'userId',
      'authorUserId',
      'recipientUserIds',
      'justification',
      'evidenceRef',
      'recordedBy',
      'openedBy',
      'addedBy',
      'reason' /* allowed only on cover-ended, as an enum */,
    ];
    for (const type of INTEGRATION_EVENT_TYPES) {
      const names = propertyNames(CONTRACTS[type].schema);
      const allowed = type === PARTNER_EVENT_TYPES.coverEnded ? ['reason'] : [];
      expect(names.filter((name) => forbidden.includes(name) && !allowed.includes(name))).toEqual([]);
      expect(CONTRACTS[type].schema['additionalProperties']).toBe(false);
    }
    expect(propertyNames(CONTRACTS[CASE_EVENT_TYPES.healthNoteRecorded].schema).sort()).toEqual(['noteId', 'secrecy']);
  });

  it('never puts a sensitive category on a type other than the metadata-only health note', () => {
    for (const type of INTEGRATION_EVENT_TYPES) {
      const category = CONTRACTS[type].category;
      if (category && SENSITIVE_CATEGORIES.includes(category)) expect(type).toBe(CASE_EVENT_TYPES.healthNoteRecorded);
    }
  });

  it('keeps ids that could link to a person or a case out of evaluation records', () => {
    for (const type of EVALUATION_TOPIC_TYPES) {
      expect(propertyNames(CONTRACTS[type].schema).filter((name) => /ids?$/i.test(name))).toEqual([]);
      expect(propertyNames(CONTRACTS[type].schema)).toContain('month');
    }
  });

  it('has an example for every type', () => {
    expect(Object.keys(CONTRACT_EXAMPLES).sort()).toEqual([...INTEGRATION_EVENT_TYPES].sort());
  });

  it('builds events with source and category from the registry', () => {
    const event = integrationEvent(CASE_EVENT_TYPES.healthNoteRecorded, {
      id: 'e1',
      time: '2026-11-02T10:00:00.000Z',
      subject: 'case-1',
      sequence: 4,
      data: { noteId: 'n1', secrecy: true },
    });
    expect(event).toEqual({
      id: 'e1',
      type: 'cases.case.health_note_recorded.v1',
      source: CASES_SOURCE,
      time: '2026-11-02T10:00:00.000Z',
      subject: 'case-1',
      category: 'health',
      sequence: 4,
      data: { noteId: 'n1', secrecy: true },
    });
    expect(envelopeProblem(event)).toBeUndefined();
    const record = integrationEvent(EVALUATION_EVENT_TYPES.consentWithdrawn, {
      id: 'e2',
      time: '2026-11-02T10:00:00.000Z',
      data: { month: '2026-11' },
    });
    expect(record).not.toHaveProperty('category');
    expect(record).not.toHaveProperty('subject');
    expect(envelopeProblem(record)).toBeUndefined();
  });

  it('finds envelopes that break the contract', () => {
    const base = { id: 'e', source: CASES_SOURCE, time: '2026-11-02T10:00:00Z', data: {} };
    expect(envelopeProblem({ ...base, type: CASE_EVENT_TYPES.opened, category: 'case_admin' })).toMatch(/subject/);
    expect(envelopeProblem({ ...base, type: CASE_EVENT_TYPES.opened, subject: 'c' })).toMatch(/category/);
    expect(
      envelopeProblem({ ...base, type: CASE_EVENT_TYPES.healthNoteRecorded, subject: 'c', category: 'case_admin' }),
    ).toMatch(/category case_admin, the contract says health/);
    expect(envelopeProblem({ ...base, type: EVALUATION_EVENT_TYPES.caseOpened, subject: 'c' })).toMatch(/must not/);
    expect(envelopeProblem({ ...base, type: 'cases.case.opened.v9', subject: 'c' })).toMatch(/unknown/);
  });

  it('knows which types each topic carries', () => {
    expect(typesOfTopic(TOPICS.caseEvents)).toEqual(CASE_TOPIC_TYPES);
    expect(typesOfTopic(TOPICS.evaluation)).toEqual(EVALUATION_TOPIC_TYPES);
    expect(typesOfTopic(partnerTopic('jugendamt-mitte'))).toEqual(PARTNER_TOPIC_TYPES);
    expect(typesOfTopic(deadLetterTopic(TOPICS.evaluation))).toBeUndefined();
    expect(typesOfTopic('something.else')).toBeUndefined();
  });

  it('takes the month of an instant in UTC', () => {
    expect(monthOf('2026-11-30T23:30:00.000Z')).toBe('2026-11');
    expect(monthOf('2026-12-01T00:30:00+01:00')).toBe('2026-11');
  });
});
