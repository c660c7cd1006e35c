import { CASE_EVENT_TYPES, EVALUATION_EVENT_TYPES, envelopeProblem, isKnownType, TOPICS } from '@fallverbund/contracts';
import { type Ratings } from '@fallverbund/cases-domain';
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
    h.entrustedNote(at),
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
      null, // nor is an entrusted note (§ 65 SGB VIII), not even that one exists
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
    expect(published.map((e) => e?.sequence ?? null)).toEqual([1, 2, 3, 4, null, null, 7, 8]);
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
      'Stiefvater',
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

describe('case work → integration events (referrals, plan, conferences, progress)', () => {
  const conferenceId = '7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
  const caseWork = () => {
    const h = new CaseHistory();
    const opened = h.opened(at);
    const referral = h.referral(at, { sharedCategories: ['case_admin', 'referrals', 'referrals'] });
    const events = recorded(
      h,
      opened,
      referral,
      h.referralAccepted(at, referral.referralId),
      h.firstAppointment('2026-11-25T09:00:00.000Z', referral.referralId, 12),
      h.referralCompleted(at, referral.referralId, { attended: true, goalReached: false }),
    );
    const declined = h.referral(at, { partnerAgencyId: 'drv-nord', purpose: 'rehabilitation' });
    events.push(
      ...recorded(
        h,
        declined,
        h.referralDeclined(at, declined.referralId),
        h.referralCancelled(at, declined.referralId),
        h.planDrafted(at, 1),
        h.planDisputed(at, 1),
        h.mediationRequested(at, 1),
        h.mediationConcluded(at, 1),
        h.planAgreed(at, 1),
        h.planStepCompleted(at, 1),
        h.conferenceScheduled(at, conferenceId, ['jugendamt-mitte', 'praxis-yilmaz']),
        h.conferenceAgreement(at, conferenceId),
        h.conferenceHeld('2026-12-03T09:45:00.000Z', conferenceId),
      ),
    );
    const self = h.progress(at, 'self', { work_readiness: 2, daily_structure: 4 });
    events.push(...recorded(h, self));
    return { h, events, referral, declined, self };
  };

  it('maps each to a contract-valid, minimised event in its category', () => {
    const { h, events, referral, declined, self } = caseWork();
    const published = events.map(toCaseIntegrationEvent);
    expect(published.map((e) => (e ? [e.type, e.category, e.data] : null))).toEqual([
      [CASE_EVENT_TYPES.opened, 'case_admin', { leadAgencyId: 'jobcenter-mitte', leadAgencyType: 'jobcenter' }],
      [
        CASE_EVENT_TYPES.referralSent,
        'referrals',
        {
          referralId: referral.referralId,
          partnerAgencyId: 'suchtberatung-nord',
          purpose: 'coordination',
          sharedCategories: ['case_admin', 'referrals'],
        },
      ],
      [
        CASE_EVENT_TYPES.referralStatusChanged,
        'referrals',
        { referralId: referral.referralId, status: 'accepted', waitingDays: null, attestation: null },
      ],
      [
        CASE_EVENT_TYPES.referralStatusChanged,
        'referrals',
        { referralId: referral.referralId, status: 'first_appointment', waitingDays: 12, attestation: null },
      ],
      [
        CASE_EVENT_TYPES.referralStatusChanged,
        'referrals',
        {
          referralId: referral.referralId,
          status: 'completed',
          waitingDays: null,
          attestation: { attended: true, goalReached: false },
        },
      ],
      [
        CASE_EVENT_TYPES.referralSent,
        'referrals',
        {
          referralId: declined.referralId,
          partnerAgencyId: 'drv-nord',
          purpose: 'rehabilitation',
          sharedCategories: ['case_admin', 'referrals'],
        },
      ],
      [
        CASE_EVENT_TYPES.referralStatusChanged,
        'referrals',
        { referralId: declined.referralId, status: 'declined', waitingDays: null, attestation: null },
      ],
      [
        CASE_EVENT_TYPES.referralStatusChanged,
        'referrals',
        { referralId: declined.referralId, status: 'cancelled', waitingDays: null, attestation: null },
      ],
      [CASE_EVENT_TYPES.planChanged, 'plan', { version: 1, status: 'draft' }],
      [CASE_EVENT_TYPES.planChanged, 'plan', { version: 1, status: 'disputed' }],
      [CASE_EVENT_TYPES.planChanged, 'plan', { version: 1, status: 'mediation_requested' }],
      [CASE_EVENT_TYPES.planChanged, 'plan', { version: 1, status: 'mediation_concluded' }],
      [CASE_EVENT_TYPES.planChanged, 'plan', { version: 1, status: 'agreed' }],
      [CASE_EVENT_TYPES.planStepCompleted, 'plan', { version: 1 }],
      [
        CASE_EVENT_TYPES.conferenceScheduled,
        'case_admin',
        { conferenceId, invitedAgencyIds: ['jugendamt-mitte', 'praxis-yilmaz'], plannedOn: '2026-12-03' },
      ],
      null, // ConferenceAgreementRecorded is not published
      [
        CASE_EVENT_TYPES.conferenceHeld,
        'case_admin',
        {
          conferenceId,
          heldOn: '2026-12-03',
          attendingAgencyIds: ['jobcenter-mitte', 'jugendamt-mitte'],
          sharedCategories: ['case_admin', 'plan'],
        },
      ],
      [
        CASE_EVENT_TYPES.progressAssessed,
        'progress',
        {
          assessmentId: self.assessmentId,
          perspective: 'self',
          dimensions: ['daily_structure', 'work_readiness'],
          assessedOn: '2026-11-25',
        },
      ],
    ]);
    for (const [index, event] of published.entries()) {
      if (!event) continue;
      if (!isKnownType(event.type)) throw new Error(event.type);
      expect(validator.problem(event.type, event.data)).toBeUndefined();
      expect(envelopeProblem(event)).toBeUndefined();
      expect(event.subject).toBe(h.caseId);
      expect(event.sequence).toBe(index + 1);
    }
  });

  it('never lets a sealed field, a free text, a person or a rating out', () => {
    const { h, events } = caseWork();
    const published = events.map(toCaseIntegrationEvent).filter((e) => e !== null);
    const text = JSON.stringify(published);
    for (const secret of [
      // sealed: referral reason, goals, steps, the participant's words, dispute reason, topic, decisions
      'Alkoholkonsum',
      'Sparkasse',
      'Schuldnerberatung vereinbaren',
      'schuldenfrei',
      'Pflege der Mutter',
      'Räumungsklage',
      'Hilfe zur Erziehung',
      // not sealed, still not published: ids of persons, the step and goal ids (the client's words),
      // the legal basis, the pseudonym, consents behind a referral, reasons and outcomes
      h.participantId,
      'anna.coach',
      'emil.counsel',
      'clara.youth',
      'ben.lead',
      'termin-schuldnerberatung',
      'g-schulden',
      'SGB II',
      'TN-PSEUDO01',
      'participant_unreachable',
      'need_met_elsewhere',
      'agreement_reached',
      'verbal',
      'written',
      // the categories of free texts (issue 11): a text's category says what the text is about
      'textCategories',
      'topicCategory',
      'decisionCategories',
      'youth_welfare',
    ]) {
      expect([secret, text.includes(secret)]).toEqual([secret, false]);
    }
    for (const event of published) {
      expect(Object.keys(event.data as object)).not.toEqual(
        expect.arrayContaining([expect.stringMatching(/ratings|reason|participant|topic|decisions|pseudonym|userIds/)]),
      );
    }
  });

  it('derives the same events on every redelivery: each is mapped on its own, without the case state', () => {
    const { events } = caseWork();
    const first = [...events.map(toCaseIntegrationEvent), ...events.flatMap(toEvaluationRecords)];
    // Mapped alone and in another order, each event gives the same id and data.
    const alone = [...events]
      .reverse()
      .map((e) => [toCaseIntegrationEvent(e), ...toEvaluationRecords(e)])
      .reverse();
    expect([...alone.map((a) => a[0] ?? null), ...alone.flatMap((a) => a.slice(1))]).toEqual(first);
  });

  it('makes anonymised evaluation records of waiting days and ratings: the month, no case, referral or assessment', () => {
    const { h, events, referral, self } = caseWork();
    const records = events.flatMap(toEvaluationRecords);
    expect(records.map((r) => [r.type, r.data])).toEqual([
      [EVALUATION_EVENT_TYPES.caseOpened, { leadAgencyType: 'jobcenter', month: '2026-11' }],
      [EVALUATION_EVENT_TYPES.referralWaited, { waitingDays: 12, month: '2026-11' }],
      [
        EVALUATION_EVENT_TYPES.progressAssessed,
        { perspective: 'self', ratings: { daily_structure: 4, work_readiness: 2 }, month: '2026-11' },
      ],
    ]);
    for (const record of records) {
      if (!isKnownType(record.type)) throw new Error(record.type);
      expect(validator.problem(record.type, record.data)).toBeUndefined();
      expect(envelopeProblem(record)).toBeUndefined();
      expect(record).not.toHaveProperty('subject');
      expect(record).not.toHaveProperty('sequence');
      expect(record).not.toHaveProperty('category');
      expect(record.time).toBe('2026-11-01T00:00:00.000Z');
    }
    const text = JSON.stringify(records);
    for (const id of [h.caseId, referral.referralId, self.assessmentId, 'suchtberatung-nord', h.participantId]) {
      expect(text).not.toContain(id);
    }
    const caseTopicIds = events.map(toCaseIntegrationEvent).map((e) => e?.id);
    for (const record of records) expect(caseTopicIds).not.toContain(record.id);
  });

  it('publishes no planned first appointment: the loop stays accepted, the waiting time counts to the held one', () => {
    const h = new CaseHistory();
    const referral = h.referral(at, {});
    const [planned] = recorded(h, h.appointmentPlanned(at, referral.referralId, '2026-12-10T09:00:00.000Z'));
    expect(planned && toCaseIntegrationEvent(planned)).toBeNull();
    expect(planned && toEvaluationRecords(planned)).toEqual([]);
  });

  it('publishes no progress event that would break its schema (no known dimension rated)', () => {
    const h = new CaseHistory();
    const [, odd] = recorded(h, h.opened(at), h.progress(at, 'coach', { someday: 3 } as Ratings));
    expect(toCaseIntegrationEvent(odd!)).toBeNull();
    expect(toEvaluationRecords(odd!)).toEqual([]);
  });
});
