import { type Actor, type CommandContext, deciderSpec } from '@fallverbund/kernel';
import { caseDecider } from './case.decide';
import {
  type DecideErasureRequest,
  ErasureDataAlreadyErasedError,
  ErasureDecisionByDpoOnlyError,
  erasureAnswerDueAt,
  ErasureRequestAlreadyDecidedError,
  ErasureRequestAlreadyOpenError,
  type ErasureRequestDecided,
  type ErasureRequested,
  ErasureRequestNotFoundError,
  ErasureRequestNotGrantedError,
  InvalidErasureDecisionError,
  InvalidErasureRequestError,
  type RequestErasure,
  type RetentionDuty,
} from './case.erasure-request';
import { CaseAlreadyRestrictedError, type CaseRestricted } from './case.restriction';
import { anna, caseId, caseOpened, closed, demoActor, erased, now } from './testing/case-fixtures';

const frieda = demoActor('frieda.dpo', 'data_protection_officer', 'jobcenter-mitte', 'jobcenter');
const dpo = (actor: Actor = frieda): CommandContext => ({ now, actor, purpose: 'audit' });
const requestId = 'e7a1c1e7-0000-4000-8000-000000000001';
const sgb2File: RetentionDuty = {
  id: 'sgb2-file',
  legalSource: '§ 84 Abs. 2 SGB X with § 45 Abs. 3 SGB X (ten years)',
  categories: ['identity', 'case_admin'],
};

const byParticipant = (scope: unknown = 'case', ground?: unknown): RequestErasure => ({
  type: 'RequestErasure',
  data: { caseId, requestId, channel: 'participant', scope, ...(ground === undefined ? {} : { ground }) },
  metadata: { now, actor: { userId: 'pia.participant', role: 'participant' } },
});
const byStaff = (scope: unknown = 'case', actor: Actor = anna): RequestErasure => ({
  type: 'RequestErasure',
  data: { caseId, requestId, channel: 'staff', scope, ground: 'objection' },
  metadata: { now, actor },
});
const decide = (
  decision: unknown,
  reason: unknown,
  retention: RetentionDuty | null = null,
  actor: Actor = frieda,
  id = requestId,
): DecideErasureRequest => ({
  type: 'DecideErasureRequest',
  data: { caseId, requestId: id, decision, reason, retention },
  metadata: dpo(actor),
});

const requested = (overrides: Partial<ErasureRequested['data']> = {}): ErasureRequested => ({
  type: 'ErasureRequested',
  data: {
    caseId,
    requestId,
    channel: 'participant',
    scope: 'case',
    ground: 'not_stated',
    requestedBy: 'pia.participant',
    requestedAt: now.toISOString(),
    dueAt: '2026-12-25T09:30:00.000Z',
    ...overrides,
  },
});
const decided = (overrides: Partial<ErasureRequestDecided['data']>): ErasureRequestDecided => ({
  type: 'ErasureRequestDecided',
  data: {
    caseId,
    requestId,
    decision: 'granted',
    reason: 'no_longer_necessary',
    legalSource: 'Art. 17 Abs. 1 lit. a DSGVO, § 84 Abs. 2 SGB X',
    retentionClass: null,
    decidedBy: 'frieda.dpo',
    decidedAt: now.toISOString(),
    ...overrides,
  },
});

const spec = deciderSpec(caseDecider);

describe('a request for erasure (Art. 17 GDPR, § 84 SGB X)', () => {
  it('is made by the person herself, due one month after receipt (Art. 12 Abs. 3)', () =>
    spec.given([caseOpened]).when(byParticipant()).then([requested()]));

  it('is recorded by staff for the person, for named categories, with a coded ground', () =>
    spec
      .given([caseOpened])
      .when(byStaff(['finances', 'contacts']))
      .then([
        requested({
          channel: 'staff',
          scope: ['contacts', 'finances'],
          ground: 'objection',
          requestedBy: 'anna.coach',
        }),
      ]));

  it('counts the month as Regulation 1182/71 does: the last day of a shorter month', () => {
    expect(erasureAnswerDueAt(new Date('2027-01-31T10:00:00Z')).toISOString()).toBe('2027-02-28T10:00:00.000Z');
    expect(erasureAnswerDueAt(new Date('2026-12-15T10:00:00Z')).toISOString()).toBe('2027-01-15T10:00:00.000Z');
  });

  it.each<[string, unknown, unknown]>([
    ['an empty scope', [], undefined],
    ['an unknown category', ['diary'], undefined],
    ['a free-text scope', 'please delete everything', undefined],
    ['a free-text ground', 'case', 'I do not like it'],
  ])('refuses %s (400)', (_name, scope, ground) =>
    spec
      .given([caseOpened])
      .when(byParticipant(scope, ground))
      .thenThrows(InvalidErasureRequestError, 'ERASURE.REQUEST_INVALID'),
  );

  it('refuses staff posing as the person, and the officer who decides recording one', () => {
    spec
      .given([caseOpened])
      .when({ ...byStaff(), data: { ...byStaff().data, channel: 'participant' } })
      .thenThrows(InvalidErasureRequestError);
    spec.given([caseOpened]).when(byStaff('case', frieda)).thenThrows(ErasureDecisionByDpoOnlyError);
  });

  it('refuses a second request while one is open (409), and one after the data were erased', () => {
    spec.given([caseOpened, requested()]).when(byParticipant()).thenThrows(ErasureRequestAlreadyOpenError);
    spec.given([caseOpened, erased]).when(byParticipant()).thenThrows(ErasureDataAlreadyErasedError);
  });
});

describe('the decision on a request for erasure', () => {
  it('is granted with a coded reason and its legal source', () =>
    spec
      .given([caseOpened, requested()])
      .when(decide('granted', 'no_longer_necessary'))
      .then([decided({})]));

  it('is refused because a retention duty applies, naming the class and its source', () =>
    spec
      .given([caseOpened, closed, requested()])
      .when(decide('refused_retention_duty', 'retention_duty', sgb2File))
      .then([
        decided({
          decision: 'refused_retention_duty',
          reason: 'retention_duty',
          retentionClass: 'sgb2-file',
          legalSource:
            'Art. 17 Abs. 3 lit. b DSGVO, § 84 Abs. 2 SGB X; sgb2-file: § 84 Abs. 2 SGB X with § 45 Abs. 3 SGB X (ten years)',
        }),
      ]));

  it('restricts instead, with the restriction of processing in the same decision', () => {
    const restricted: CaseRestricted = {
      type: 'CaseRestricted',
      data: {
        caseId,
        scope: ['health'],
        reason: 'erasure_barred_by_retention',
        decidedBy: 'frieda.dpo',
        restrictedAt: now.toISOString(),
      },
    };
    spec
      .given([caseOpened, requested({ scope: ['health'] })])
      .when(decide('restricted_instead', 'retention_duty', sgb2File))
      .then([
        decided({
          decision: 'restricted_instead',
          reason: 'retention_duty',
          retentionClass: 'sgb2-file',
          legalSource: '§ 84 Abs. 3 Nr. 1 SGB X; sgb2-file: § 84 Abs. 2 SGB X with § 45 Abs. 3 SGB X (ten years)',
        }),
        restricted,
      ]);
    spec
      .given([caseOpened, requested(), restricted])
      .when(decide('restricted_instead', 'would_harm_interests'))
      .thenThrows(CaseAlreadyRestrictedError);
  });

  it('is the data protection officer’s alone (403)', () =>
    spec
      .given([caseOpened, requested()])
      .when(decide('granted', 'no_longer_necessary', null, anna))
      .thenThrows(ErasureDecisionByDpoOnlyError, 'ERASURE.DPO_ONLY'));

  it.each<[string, unknown, unknown, RetentionDuty | null]>([
    ['an unknown decision', 'maybe', 'retention_duty', sgb2File],
    ['a reason of another decision', 'granted', 'retention_duty', sgb2File],
    ['a retention duty without its class', 'refused_retention_duty', 'retention_duty', null],
    ['a class without a retention duty', 'granted', 'no_longer_necessary', sgb2File],
  ])('refuses %s (400)', (_name, decision, reason, retention) =>
    spec
      .given([caseOpened, requested()])
      .when(decide(decision, reason, retention))
      .thenThrows(InvalidErasureDecisionError, 'ERASURE.DECISION_INVALID'),
  );

  it('decides a request once (409), and only one that exists (404)', () => {
    spec
      .given([caseOpened, requested(), decided({})])
      .when(decide('refused_retention_duty', 'retention_duty', sgb2File))
      .thenThrows(ErasureRequestAlreadyDecidedError, 'ERASURE.REQUEST_ALREADY_DECIDED');
    spec
      .given([caseOpened, requested()])
      .when(decide('granted', 'no_longer_necessary', null, frieda, 'other'))
      .thenThrows(ErasureRequestNotFoundError, 'ERASURE.REQUEST_NOT_FOUND');
  });

  it('confirms the execution of a granted request only', () => {
    const confirm = {
      type: 'ConfirmErasureExecuted' as const,
      data: { caseId, requestId },
      metadata: dpo(),
    };
    spec
      .given([caseOpened, requested(), decided({}), erased])
      .when(confirm)
      .then([
        {
          type: 'ErasureRequestExecuted',
          data: { caseId, requestId, scope: 'case', executedBy: 'frieda.dpo', executedAt: now.toISOString() },
        },
      ]);
    spec
      .given([caseOpened, requested(), decided({ decision: 'refused_retention_duty', reason: 'retention_duty' })])
      .when(confirm)
      .thenThrows(ErasureRequestNotGrantedError);
  });

  it('records the recipients told (Art. 19), sorted and without repeats', () =>
    spec
      .given([caseOpened, erased])
      .when({
        type: 'NotifyRecipients',
        data: {
          caseId,
          trigger: 'participant_erased',
          categories: ['health', 'identity'],
          agencyIds: ['suchtberatung-nord', 'jugendamt-mitte', 'suchtberatung-nord'],
          partnerSubscriberIds: ['jugendamt-mitte'],
        },
        metadata: dpo(),
      })
      .then([
        {
          type: 'RecipientsNotified',
          data: {
            caseId,
            trigger: 'participant_erased',
            categories: ['identity', 'health'],
            agencyIds: ['jugendamt-mitte', 'suchtberatung-nord'],
            partnerSubscriberIds: ['jugendamt-mitte'],
            notifiedBy: 'frieda.dpo',
            notifiedAt: now.toISOString(),
          },
        },
      ]));
});
