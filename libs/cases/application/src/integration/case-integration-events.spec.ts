import { CASE_EVENT_TYPES, EVALUATION_EVENT_TYPES, envelopeProblem, isKnownType, TOPICS } from '@fallverbund/contracts';
import { ContractValidator } from '@fallverbund/messaging';
import { toCaseIntegrationEvent, toEvaluationRecords, toPartnerCopy } from './case-integration-events';
import { CaseHistory, recorded } from './testing/case-history';

const at = '2026-11-25T10:00:00.000Z';
const validator = new ContractValidator('strict');

const everyKind = () => {
  const h = new CaseHistory();
  const opened = h.opened(at);
  const member = h.teamMember(at);
  const consent = h.consent(at, { evidenceRef: 'scan-geheim-0815', recipientUserIds: ['clara.youth'] });
  const events = recorded(
    h,
    opened,
    member,
    consent,
    h.healthNote(at, 'Diagnose F32.1, Medikation Sertralin'),
    h.childProtection(at),
    h.withdraw(at, consent.consentId),
    h.erased(at),
  );
  return { h, events };
};

describe('case events → integration events', () => {
  it('maps every published domain event to a contract-valid, minimised event keyed by the case', () => {
    const { h, events } = everyKind();
    const published = events.map(toCaseIntegrationEvent);
    expect(published.map((e) => e?.type ?? null)).toEqual([
      CASE_EVENT_TYPES.opened,
      CASE_EVENT_TYPES.teamMemberAdded,
      CASE_EVENT_TYPES.consentGranted,
      CASE_EVENT_TYPES.healthNoteRecorded,
      null, // ChildProtectionAccessDeclared is never published
      CASE_EVENT_TYPES.consentWithdrawn,
      CASE_EVENT_TYPES.participantErased,
    ]);
    for (const event of published) {
      if (!event) continue;
      expect(isKnownType(event.type)).toBe(true);
      if (!isKnownType(event.type)) continue;
      expect(validator.problem(event.type, event.data)).toBeUndefined();
      expect(envelopeProblem(event)).toBeUndefined();
      expect(event.subject).toBe(h.caseId);
      expect(event.time).toBe(at);
    }
    expect(published.map((e) => e?.sequence ?? null)).toEqual([1, 2, 3, 4, null, 6, 7]);
    expect(published[3]?.category).toBe('health');
    // No name, no participant id, no person, no note text, no evidence, no justification, no reason.
    const text = JSON.stringify(published);
    for (const secret of [
      'Mara',
      'Beispiel',
      '1990-04-01',
      h.participantId,
      'anna.coach',
      'clara.youth',
      'F32.1',
      'scan-geheim',
      'Kita meldet',
      'end of retention',
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it('derives the same ids on every redelivery, and different ids per topic and per subscriber', () => {
    const { events } = everyKind();
    const first = events.map(toCaseIntegrationEvent);
    const again = events.map(toCaseIntegrationEvent);
    expect(again.map((e) => e?.id)).toEqual(first.map((e) => e?.id));
    const ids = first.filter((e) => e !== null).map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).not.toContain(events[0]?.eventId);
    const opened = first[0];
    if (!opened) throw new Error('opened not published');
    const copyA = toPartnerCopy(opened, 'a', 1);
    expect(toPartnerCopy(opened, 'a', 1).id).toBe(copyA.id);
    expect(toPartnerCopy(opened, 'b', 1).id).not.toBe(copyA.id);
    expect(copyA.id).not.toBe(opened.id);
    expect(copyA).toMatchObject({ type: opened.type, subject: opened.subject, data: opened.data, sequence: 1 });
  });

  it('makes anonymised evaluation records: no subject, no case or consent id, the month only', () => {
    const { h, events } = everyKind();
    const records = events.flatMap(toEvaluationRecords);
    expect(records.map((r) => r.type)).toEqual([
      EVALUATION_EVENT_TYPES.caseOpened,
      EVALUATION_EVENT_TYPES.teamMemberAdded,
      EVALUATION_EVENT_TYPES.consentGranted,
      EVALUATION_EVENT_TYPES.consentWithdrawn,
    ]);
    for (const record of records) {
      if (!isKnownType(record.type)) throw new Error(record.type);
      expect(validator.problem(record.type, record.data)).toBeUndefined();
      expect(envelopeProblem(record)).toBeUndefined();
      expect(record.subject).toBeUndefined();
      expect(record.sequence).toBeUndefined();
      expect(record.time).toBe('2026-11-01T00:00:00.000Z');
      expect(record.data).toMatchObject({ month: '2026-11' });
    }
    expect(records[2]?.data).toEqual({
      purposes: ['coordination'],
      categoryCount: 2,
      recipientCount: 2,
      month: '2026-11',
    });
    const text = JSON.stringify(records);
    expect(text).not.toContain(h.caseId);
    expect(text).not.toContain('jugendamt-mitte');
    const caseIds = events.map(toCaseIntegrationEvent).map((e) => e?.id);
    for (const record of records) expect(caseIds).not.toContain(record.id);
    expect(events.flatMap(toEvaluationRecords).map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(TOPICS.evaluation).toBe('cases.evaluation.v1');
  });
});
