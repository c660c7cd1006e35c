import { type Actor, type CommandContext, deciderSpec, DomainError } from '@fallverbund/kernel';
import fc from 'fast-check';
import { caseDecider } from './case.decide';
import { CaseClosedError, CaseNotFoundError, ParticipantAlreadyErasedError } from './case.errors';
import { type CaseEvent, type ConsentGranted, type ConsentWithdrawn } from './case.events';
import { type Case } from './case.evolve';
import {
  type AcceptReferral,
  type CancelReferral,
  type CompleteReferral,
  type DeclineReferral,
  type FirstAppointmentPlanned,
  type FirstAppointmentRecorded,
  InvalidReferralError,
  type PlanFirstAppointment,
  type RecordFirstAppointment,
  type ReferralAccepted,
  type ReferralCancelled,
  type ReferralCommand,
  type ReferralCompleted,
  type ReferralDeclined,
  type ReferralEvent,
  ReferralIllegalTransitionError,
  ReferralNotCoveredByConsentError,
  ReferralNotFoundError,
  type ReferralSent,
  type ReferralStatus,
  REFERRAL_STATUSES,
  ReferralWrongSideError,
  type SendReferral,
} from './case.referrals';
import {
  anna,
  caseId,
  caseOpened,
  closed,
  demoActor,
  erased,
  now,
  participantId,
  reopened,
} from './testing/case-fixtures';

const ben = demoActor('ben.lead', 'team_lead', 'jobcenter-mitte', 'jobcenter');
const clara = demoActor('clara.youth', 'caseworker', 'jugendamt-mitte', 'youth_office');
const emil = demoActor('emil.counsel', 'partner_staff', 'suchtberatung-nord', 'network_partner');
const context = (by: Actor, at: Date = now): CommandContext => ({ now: at, actor: by, purpose: 'coordination' });

const referralId = '6f1c1e7e-0000-4000-8000-0000000000r1';
const partner = 'suchtberatung-nord';

const consent = (consentId: string, overrides: Partial<ConsentGranted['data']> = {}): ConsentGranted => ({
  type: 'ConsentGranted',
  data: {
    caseId,
    consentId,
    purposes: ['health_promotion', 'coordination'],
    dataCategories: ['identity', 'case_admin', 'addiction'],
    recipientAgencyIds: [partner],
    recipientUserIds: [],
    validUntil: '2027-06-30',
    form: 'written',
    grantedBy: 'participant',
    evidenceRef: 'scan-4711',
    recordedBy: 'anna.coach',
    grantedAt: '2026-11-02T10:00:00.000Z',
    ...overrides,
  },
});
const consentGranted = consent('c1');
const withdrawn = (consentId: string): ConsentWithdrawn => ({
  type: 'ConsentWithdrawn',
  data: { caseId, consentId, withdrawnAt: '2026-11-20T10:00:00.000Z', recordedBy: 'anna.coach' },
});

const sentAt = '2026-11-10T08:00:00.000Z';
const referralSent: ReferralSent = {
  type: 'ReferralSent',
  data: {
    caseId,
    referralId,
    participantId,
    partnerAgencyId: partner,
    purpose: 'health_promotion',
    sharedCategories: ['identity', 'addiction'],
    consentIds: ['c1'],
    reason: 'Beratung zum Alkoholkonsum',
    referredBy: 'anna.coach',
    referredByAgencyId: 'jobcenter-mitte',
    sentAt,
  },
};
const accepted: ReferralAccepted = {
  type: 'ReferralAccepted',
  data: { caseId, referralId, acceptedBy: 'emil.counsel', acceptedAt: '2026-11-11T09:00:00.000Z' },
};
const declined: ReferralDeclined = {
  type: 'ReferralDeclined',
  data: {
    caseId,
    referralId,
    reason: 'no_capacity',
    declinedBy: 'emil.counsel',
    declinedAt: '2026-11-11T09:00:00.000Z',
  },
};
const firstAppointment: FirstAppointmentRecorded = {
  type: 'FirstAppointmentRecorded',
  data: {
    caseId,
    referralId,
    appointmentAt: '2026-11-20T13:00:00.000Z',
    waitingDays: 10,
    recordedBy: 'emil.counsel',
    recordedAt: '2026-11-20T15:00:00.000Z',
  },
};
const completed: ReferralCompleted = {
  type: 'ReferralCompleted',
  data: {
    caseId,
    referralId,
    attestation: { attended: true, goalReached: true },
    completedBy: 'emil.counsel',
    completedAt: '2026-11-24T09:00:00.000Z',
  },
};
const cancelled: ReferralCancelled = {
  type: 'ReferralCancelled',
  data: {
    caseId,
    referralId,
    reason: 'participant_withdrew',
    cancelledBy: 'anna.coach',
    cancelledAt: '2026-11-24T09:00:00.000Z',
  },
};

const base: CaseEvent[] = [caseOpened, consentGranted, referralSent];
/** The history that leaves the referral in each status. */
const historyIn: Record<ReferralStatus, CaseEvent[]> = {
  sent: base,
  accepted: [...base, accepted],
  declined: [...base, declined],
  first_appointment: [...base, accepted, firstAppointment],
  completed: [...base, accepted, firstAppointment, completed],
  cancelled: [...base, accepted, cancelled],
};
const statusesBut = (...allowed: ReferralStatus[]): ReferralStatus[] =>
  REFERRAL_STATUSES.filter((s) => !allowed.includes(s));

const send = (overrides: Partial<SendReferral['data']> = {}, by: Actor = anna): SendReferral => ({
  type: 'SendReferral',
  data: {
    caseId,
    referralId,
    partnerAgencyId: partner,
    purpose: 'health_promotion',
    sharedCategories: ['identity', 'addiction', 'identity'],
    reason: '  Beratung zum Alkoholkonsum ',
    ...overrides,
  },
  metadata: context(by),
});
const accept = (by: Actor = emil): AcceptReferral => ({
  type: 'AcceptReferral',
  data: { caseId, referralId },
  metadata: context(by),
});
const decline = (reason = 'no_capacity', by: Actor = emil): DeclineReferral => ({
  type: 'DeclineReferral',
  data: { caseId, referralId, reason },
  metadata: context(by),
});
const recordAppointment = (appointmentAt = '2026-11-24T14:00:00+01:00', by: Actor = emil): RecordFirstAppointment => ({
  type: 'RecordFirstAppointment',
  data: { caseId, referralId, appointmentAt },
  metadata: context(by),
});
const complete = (
  attestation: CompleteReferral['data']['attestation'] = { attended: true, goalReached: false },
  by: Actor = emil,
): CompleteReferral => ({
  type: 'CompleteReferral',
  data: { caseId, referralId, attestation },
  metadata: context(by),
});
const cancel = (reason = 'need_met_elsewhere', by: Actor = anna): CancelReferral => ({
  type: 'CancelReferral',
  data: { caseId, referralId, reason },
  metadata: context(by),
});

const spec = deciderSpec(caseDecider);
const fold = (events: readonly CaseEvent[]): Case => events.reduce(caseDecider.evolve, caseDecider.initialState());
const thrownBy = (events: readonly CaseEvent[], command: ReferralCommand): unknown => {
  try {
    caseDecider.decide(command, fold(events));
  } catch (error) {
    return error;
  }
  return undefined;
};

describe('referrals', () => {
  describe('SendReferral', () => {
    const sent: ReferralSent = {
      ...referralSent,
      data: { ...referralSent.data, reason: 'Beratung zum Alkoholkonsum', sentAt: now.toISOString() },
    };

    it('sends a referral with the categories once, the covering consent and a trimmed reason', () =>
      spec.given([caseOpened, consentGranted]).when(send()).then([sent]));

    it('names every consent that covers a shared category, sorted', () =>
      spec
        .given([
          caseOpened,
          consent('c2', { dataCategories: ['addiction'] }),
          consent('c1', { dataCategories: ['identity'] }),
        ])
        .when(send())
        .then([{ ...sent, data: { ...sent.data, consentIds: ['c1', 'c2'] } }]));

    it('is covered on the last day of the consent', () =>
      spec
        .given([caseOpened, consent('c1', { validUntil: '2026-11-25' })])
        .when(send())
        .then([sent]));

    it('may be sent by another member of the referring agency', () =>
      spec
        .given([caseOpened, consentGranted])
        .when(send({}, ben))
        .then([{ ...sent, data: { ...sent.data, referredBy: 'ben.lead' } }]));

    describe('consent coverage (403 REFERRAL.NOT_COVERED_BY_CONSENT)', () => {
      it.each<[string, CaseEvent[]]>([
        ['no consent at all', [caseOpened]],
        ['a category the consent does not name', [caseOpened, consent('c1', { dataCategories: ['identity'] })]],
        ['a withdrawn consent', [caseOpened, consentGranted, withdrawn('c1')]],
        ['a consent for another agency', [caseOpened, consent('c1', { recipientAgencyIds: ['jugendamt-mitte'] })]],
        ['a consent for another purpose', [caseOpened, consent('c1', { purposes: ['integration'] })]],
        [
          'a consent that named the partner as a person only',
          [caseOpened, consent('c1', { recipientAgencyIds: [], recipientUserIds: ['emil.counsel'] })],
        ],
        ['a consent whose validUntil has passed', [caseOpened, consent('c1', { validUntil: '2026-11-24' })]],
      ])('refuses %s', (_name, given) =>
        spec.given(given).when(send()).thenThrows(ReferralNotCoveredByConsentError, 'REFERRAL.NOT_COVERED_BY_CONSENT'),
      );

      it('names the uncovered categories only, and the partner', () => {
        const error = thrownBy([caseOpened, consent('c1', { dataCategories: ['identity'] })], send());
        expect(error).toBeInstanceOf(ReferralNotCoveredByConsentError);
        expect(error).toMatchObject({ kind: 'forbidden', partnerAgencyId: partner, uncovered: ['addiction'] });
      });

      it('is not rescued by a second consent that covers only part', () =>
        spec
          .given([caseOpened, consentGranted, withdrawn('c1'), consent('c2', { dataCategories: ['identity'] })])
          .when(send())
          .thenThrows(ReferralNotCoveredByConsentError));
    });

    describe('validation (400 REFERRAL.INVALID)', () => {
      it.each<[string, Partial<SendReferral['data']>]>([
        ['no shared category', { sharedCategories: [] }],
        ['a blank reason', { reason: '   ' }],
        ['a reason over 1000 characters', { reason: 'x'.repeat(1001) }],
        ['the evaluation purpose', { purpose: 'evaluation' }],
        ['the audit purpose', { purpose: 'audit' }],
        ['the child-protection purpose', { purpose: 'child_protection' }],
        ['a referral to the referring agency itself', { partnerAgencyId: 'jobcenter-mitte' }],
      ])('refuses %s', (_name, overrides) =>
        spec
          .given([caseOpened, consent('c1', { recipientAgencyIds: [partner, 'jobcenter-mitte'] })])
          .when(send(overrides))
          .thenThrows(InvalidReferralError, 'REFERRAL.INVALID'),
      );

      it('accepts a reason of exactly 1000 characters', () =>
        spec
          .given([caseOpened, consentGranted])
          .when(send({ reason: 'x'.repeat(1000) }))
          .then([{ ...sent, data: { ...sent.data, reason: 'x'.repeat(1000) } }]));

      it('refuses a referral id that exists', () =>
        spec.given(base).when(send()).thenThrows(InvalidReferralError, 'REFERRAL.INVALID'));
    });

    it('is refused on a closed case, and works again once it is reopened', () => {
      spec.given([caseOpened, consentGranted, closed]).when(send()).thenThrows(CaseClosedError, 'CASE.CLOSED');
      spec.given([caseOpened, consentGranted, closed, reopened]).when(send()).then([sent]);
    });
    it('is refused after the participant data were erased', () =>
      spec
        .given([caseOpened, consentGranted, erased])
        .when(send())
        .thenThrows(ParticipantAlreadyErasedError, 'CASE.PARTICIPANT_ALREADY_ERASED'));
    it('needs an existing case', () => spec.given([]).when(send()).thenThrows(CaseNotFoundError, 'CASE.NOT_FOUND'));
  });

  describe('AcceptReferral', () => {
    const acceptedNow: ReferralAccepted = {
      ...accepted,
      data: { ...accepted.data, acceptedAt: now.toISOString() },
    };
    it('is accepted by the partner', () => spec.given(historyIn.sent).when(accept()).then([acceptedNow]));
    it.each(statusesBut('sent'))('is not accepted when %s (409)', (status) =>
      spec
        .given(historyIn[status])
        .when(accept())
        .thenThrows(ReferralIllegalTransitionError, 'REFERRAL.ILLEGAL_TRANSITION'),
    );
    it.each([
      ['the referring agency', anna],
      ['a third agency', clara],
    ])('is not accepted by %s (403)', (_name, by) =>
      spec.given(historyIn.sent).when(accept(by)).thenThrows(ReferralWrongSideError, 'REFERRAL.WRONG_SIDE'),
    );
  });

  describe('DeclineReferral', () => {
    const declinedNow = (reason: ReferralDeclined['data']['reason']): ReferralDeclined => ({
      ...declined,
      data: { ...declined.data, reason, declinedAt: now.toISOString() },
    });
    it.each(['no_capacity', 'not_suitable', 'outside_area', 'participant_unreachable', 'other'] as const)(
      'is declined by the partner for %s',
      (reason) =>
        spec
          .given(historyIn.sent)
          .when(decline(reason))
          .then([declinedNow(reason)]),
    );
    it('refuses a reason outside the list (400)', () =>
      spec.given(historyIn.sent).when(decline('no time')).thenThrows(InvalidReferralError, 'REFERRAL.INVALID'));
    it.each(statusesBut('sent'))('is not declined when %s (409)', (status) =>
      spec
        .given(historyIn[status])
        .when(decline())
        .thenThrows(ReferralIllegalTransitionError, 'REFERRAL.ILLEGAL_TRANSITION'),
    );
    it.each([
      ['the referring agency', anna],
      ['a third agency', clara],
    ])('is not declined by %s (403)', (_name, by) =>
      spec
        .given(historyIn.sent)
        .when(decline('no_capacity', by))
        .thenThrows(ReferralWrongSideError, 'REFERRAL.WRONG_SIDE'),
    );
  });

  describe('RecordFirstAppointment', () => {
    const recorded = (appointmentAt: string, waitingDays: number): FirstAppointmentRecorded => ({
      ...firstAppointment,
      data: { ...firstAppointment.data, appointmentAt, waitingDays, recordedAt: now.toISOString() },
    });
    it('records the appointment in UTC with the whole days waited since sending', () =>
      spec
        .given(historyIn.accepted)
        .when(recordAppointment())
        .then([recorded('2026-11-24T13:00:00.000Z', 14)]));
    it('counts 0 days for an appointment on the day of sending, and accepts one at the request instant', () => {
      spec
        .given(historyIn.accepted)
        .when(recordAppointment('2026-11-10T08:00:00Z'))
        .then([recorded('2026-11-10T08:00:00.000Z', 0)]);
      spec
        .given(historyIn.accepted)
        .when(recordAppointment(now.toISOString()))
        .then([recorded(now.toISOString(), 15)]);
    });
    it.each([
      ['an appointment that is no instant', '2026-11-24'],
      ['an appointment in the future', '2026-11-25T09:30:01Z'],
      ['an appointment before the referral was sent', '2026-11-10T07:59:59Z'],
    ])('refuses %s (400)', (_name, at) =>
      spec.given(historyIn.accepted).when(recordAppointment(at)).thenThrows(InvalidReferralError, 'REFERRAL.INVALID'),
    );
    it.each(statusesBut('accepted'))('is not recorded when %s (409)', (status) =>
      spec
        .given(historyIn[status])
        .when(recordAppointment())
        .thenThrows(ReferralIllegalTransitionError, 'REFERRAL.ILLEGAL_TRANSITION'),
    );
    it.each([
      ['the referring agency', anna],
      ['a third agency', clara],
    ])('is not recorded by %s (403)', (_name, by) =>
      spec
        .given(historyIn.accepted)
        .when(recordAppointment(undefined, by))
        .thenThrows(ReferralWrongSideError, 'REFERRAL.WRONG_SIDE'),
    );
  });

  describe('PlanFirstAppointment (planned, then confirmed as held)', () => {
    const plan = (appointmentAt: string, reason?: string, by: Actor = emil): PlanFirstAppointment => ({
      type: 'PlanFirstAppointment',
      data: { caseId, referralId, appointmentAt, ...(reason !== undefined ? { reason } : {}) },
      metadata: context(by),
    });
    const planned = (
      appointmentAt: string,
      previous: FirstAppointmentPlanned['data']['previous'] = null,
    ): FirstAppointmentPlanned => ({
      type: 'FirstAppointmentPlanned',
      data: { caseId, referralId, appointmentAt, previous, plannedBy: 'emil.counsel', plannedAt: now.toISOString() },
    });
    const confirm = (appointmentAt?: string): RecordFirstAppointment => ({
      type: 'RecordFirstAppointment',
      data: { caseId, referralId, ...(appointmentAt !== undefined ? { appointmentAt } : {}) },
      metadata: context(emil),
    });
    const recordedAt = (at: string, appointmentAt: string, waitingDays: number): FirstAppointmentRecorded => ({
      ...firstAppointment,
      data: { ...firstAppointment.data, appointmentAt, waitingDays, recordedAt: at },
    });

    it('plans an appointment in the future; the referral stays accepted', () => {
      spec
        .given(historyIn.accepted)
        .when(plan('2026-12-02T10:00:00+01:00'))
        .then([planned('2026-12-02T09:00:00.000Z')]);
      const state = fold([...historyIn.accepted, planned('2026-12-02T09:00:00.000Z')]);
      expect(state.status === 'open' && state.referrals[0]).toMatchObject({
        status: 'accepted',
        plannedAppointmentAt: '2026-12-02T09:00:00.000Z',
      });
    });
    it('confirms the planned appointment as held once it took place, waiting time counted to it', () => {
      const later = new Date('2026-12-02T12:00:00.000Z');
      spec
        .given([...historyIn.accepted, planned('2026-12-02T09:00:00.000Z')])
        .when({ ...confirm(), metadata: context(emil, later) })
        .then([recordedAt(later.toISOString(), '2026-12-02T09:00:00.000Z', 22)]);
    });
    it('does not confirm a planned appointment that lies ahead, nor one when none is planned and no date is given', () => {
      spec
        .given([...historyIn.accepted, planned('2026-12-02T09:00:00.000Z')])
        .when(confirm())
        .thenThrows(InvalidReferralError, 'REFERRAL.INVALID');
      spec.given(historyIn.accepted).when(confirm()).thenThrows(InvalidReferralError, 'REFERRAL.INVALID');
    });
    it('plans again when the appointment was missed or moved, naming the one it replaces', () => {
      spec
        .given([...historyIn.accepted, planned('2026-11-20T09:00:00.000Z')])
        .when(plan('2026-12-01T09:00:00Z', 'missed'))
        .then([planned('2026-12-01T09:00:00.000Z', { appointmentAt: '2026-11-20T09:00:00.000Z', reason: 'missed' })]);
      spec
        .given([...historyIn.accepted, planned('2026-12-02T09:00:00.000Z')])
        .when(plan('2026-12-09T09:00:00Z', 'moved'))
        .then([planned('2026-12-09T09:00:00.000Z', { appointmentAt: '2026-12-02T09:00:00.000Z', reason: 'moved' })]);
    });
    it.each([
      ['no reason when one is planned already', [planned('2026-12-02T09:00:00.000Z')], plan('2026-12-09T09:00:00Z')],
      ['a reason for the first plan', [], plan('2026-12-09T09:00:00Z', 'moved')],
      ['an unknown reason', [planned('2026-12-02T09:00:00.000Z')], plan('2026-12-09T09:00:00Z', 'weather')],
      ['missed before it was due', [planned('2026-12-02T09:00:00.000Z')], plan('2026-12-09T09:00:00Z', 'missed')],
      ['an appointment before sending', [], plan('2026-11-10T07:59:59Z')],
      ['an appointment more than 366 days ahead', [], plan('2027-11-27T09:30:00Z')],
      ['no instant', [], plan('2026-12-02')],
    ])('refuses %s (400)', (_name, extra, command) =>
      spec
        .given([...historyIn.accepted, ...extra])
        .when(command)
        .thenThrows(InvalidReferralError, 'REFERRAL.INVALID'),
    );
    it.each(statusesBut('accepted'))('is not planned when %s (409)', (status) =>
      spec
        .given(historyIn[status])
        .when(plan('2026-12-02T09:00:00Z'))
        .thenThrows(ReferralIllegalTransitionError, 'REFERRAL.ILLEGAL_TRANSITION'),
    );
    it('is planned by the partner only (403)', () =>
      spec
        .given(historyIn.accepted)
        .when(plan('2026-12-02T09:00:00Z', undefined, anna))
        .thenThrows(ReferralWrongSideError, 'REFERRAL.WRONG_SIDE'));
  });

  describe('CompleteReferral', () => {
    const completedWith = (attended: boolean, goalReached: boolean): ReferralCompleted => ({
      ...completed,
      data: { ...completed.data, attestation: { attended, goalReached }, completedAt: now.toISOString() },
    });
    it.each([
      [true, true],
      [true, false],
      [false, false],
    ])('is completed by the partner with the attestation attended=%s, goalReached=%s', (attended, goalReached) =>
      spec
        .given(historyIn.first_appointment)
        .when(complete({ attended, goalReached }))
        .then([completedWith(attended, goalReached)]),
    );
    it('keeps nothing but the attestation', () =>
      spec
        .given(historyIn.first_appointment)
        .when(complete({ attended: true, goalReached: false, notes: 'Therapie begonnen' } as never))
        .then([completedWith(true, false)]));
    it.each<[string, unknown]>([
      ['a goal reached without attending', { attended: false, goalReached: true }],
      ['an attestation that is not yes or no', { attended: 'yes', goalReached: false }],
      ['an attestation without goalReached', { attended: true }],
    ])('refuses %s (400)', (_name, attestation) =>
      spec
        .given(historyIn.first_appointment)
        .when(complete(attestation as CompleteReferral['data']['attestation']))
        .thenThrows(InvalidReferralError, 'REFERRAL.INVALID'),
    );
    it.each(statusesBut('first_appointment'))('is not completed when %s (409)', (status) =>
      spec
        .given(historyIn[status])
        .when(complete())
        .thenThrows(ReferralIllegalTransitionError, 'REFERRAL.ILLEGAL_TRANSITION'),
    );
    it.each([
      ['the referring agency', anna],
      ['a third agency', clara],
    ])('is not completed by %s (403)', (_name, by) =>
      spec
        .given(historyIn.first_appointment)
        .when(complete(undefined, by))
        .thenThrows(ReferralWrongSideError, 'REFERRAL.WRONG_SIDE'),
    );
  });

  describe('CancelReferral', () => {
    const cancelledNow = (by: Actor = anna): ReferralCancelled => ({
      ...cancelled,
      data: { ...cancelled.data, reason: 'need_met_elsewhere', cancelledBy: by.userId, cancelledAt: now.toISOString() },
    });
    it.each(['sent', 'accepted', 'first_appointment'] as const)(
      'is cancelled by the referring agency when %s',
      (status) => spec.given(historyIn[status]).when(cancel()).then([cancelledNow()]),
    );
    it('may be cancelled by another member of the referring agency', () =>
      spec
        .given(historyIn.sent)
        .when(cancel(undefined, ben))
        .then([cancelledNow(ben)]));
    it('refuses a reason outside the list (400)', () =>
      spec.given(historyIn.sent).when(cancel('changed mind')).thenThrows(InvalidReferralError, 'REFERRAL.INVALID'));
    it.each(statusesBut('sent', 'accepted', 'first_appointment'))('is not cancelled when %s (409)', (status) =>
      spec
        .given(historyIn[status])
        .when(cancel())
        .thenThrows(ReferralIllegalTransitionError, 'REFERRAL.ILLEGAL_TRANSITION'),
    );
    it.each([
      ['the partner', emil],
      ['a third agency', clara],
    ])('is not cancelled by %s (403)', (_name, by) =>
      spec
        .given(historyIn.accepted)
        .when(cancel(undefined, by))
        .thenThrows(ReferralWrongSideError, 'REFERRAL.WRONG_SIDE'),
    );
  });

  describe('every step after sending', () => {
    const steps: [string, ReferralStatus, ReferralCommand][] = [
      ['AcceptReferral', 'sent', accept()],
      ['DeclineReferral', 'sent', decline()],
      ['RecordFirstAppointment', 'accepted', recordAppointment()],
      ['CompleteReferral', 'first_appointment', complete()],
      ['CancelReferral', 'sent', cancel()],
    ];
    it.each(steps)('%s needs the referral (404)', (_name, status, command) =>
      spec
        .given(historyIn[status])
        .when({ ...command, data: { ...command.data, referralId: 'unknown' } } as ReferralCommand)
        .thenThrows(ReferralNotFoundError, 'REFERRAL.NOT_FOUND'),
    );
    it.each(steps)('%s is refused on a closed case (409)', (_name, status, command) =>
      spec
        .given([...historyIn[status], closed])
        .when(command)
        .thenThrows(CaseClosedError, 'CASE.CLOSED'),
    );
    it.each(steps)('%s is refused after erasure (409)', (_name, status, command) =>
      spec
        .given([...historyIn[status], erased])
        .when(command)
        .thenThrows(ParticipantAlreadyErasedError, 'CASE.PARTICIPANT_ALREADY_ERASED'),
    );
    it.each(steps)('%s needs an existing case (404)', (_name, _status, command) =>
      spec.given([]).when(command).thenThrows(CaseNotFoundError, 'CASE.NOT_FOUND'),
    );
    it('moves only its own referral', () => {
      const other: ReferralSent = { ...referralSent, data: { ...referralSent.data, referralId: 'r2' } };
      spec
        .given([...historyIn.sent, other, { ...declined, data: { ...declined.data, referralId: 'r2' } }])
        .when(accept())
        .then([{ ...accepted, data: { ...accepted.data, acceptedAt: now.toISOString() } }]);
    });
  });

  describe('the closed loop, for random steps by random sides', () => {
    type Step = 'accept' | 'decline' | 'firstAppointment' | 'complete' | 'cancel';
    type Side = 'partner' | 'referrer' | 'third';
    const SIDES: Record<Side, Actor> = { partner: emil, referrer: ben, third: clara };
    const PARTNER_STEPS: readonly Step[] = ['accept', 'decline', 'firstAppointment', 'complete'];
    /** The loop as the domain model states it: status → step → next status. */
    const LOOP: Record<ReferralStatus, Partial<Record<Step, ReferralStatus>>> = {
      sent: { accept: 'accepted', decline: 'declined', cancel: 'cancelled' },
      accepted: { firstAppointment: 'first_appointment', cancel: 'cancelled' },
      first_appointment: { complete: 'completed', cancel: 'cancelled' },
      declined: {},
      completed: {},
      cancelled: {},
    };
    const commandFor = (step: Step, by: Actor): ReferralCommand => {
      switch (step) {
        case 'accept':
          return accept(by);
        case 'decline':
          return decline('not_suitable', by);
        case 'firstAppointment':
          return recordAppointment('2026-11-20T13:00:00Z', by);
        case 'complete':
          return complete({ attended: true, goalReached: false }, by);
        case 'cancel':
          return cancel('other', by);
      }
    };
    const statusOf = (state: Case): ReferralStatus | undefined =>
      state.status === 'none' ? undefined : state.referrals.find((r) => r.referralId === referralId)?.status;
    const actorOf = (event: ReferralEvent): string | undefined => {
      switch (event.type) {
        case 'ReferralSent':
          return event.data.referredBy;
        case 'ReferralAccepted':
          return event.data.acceptedBy;
        case 'ReferralDeclined':
          return event.data.declinedBy;
        case 'FirstAppointmentPlanned':
          return event.data.plannedBy;
        case 'FirstAppointmentRecorded':
          return event.data.recordedBy;
        case 'ReferralCompleted':
          return event.data.completedBy;
        case 'ReferralCancelled':
          return event.data.cancelledBy;
      }
    };

    it('never leaves the loop and never takes a step from the wrong side', () =>
      fc.assert(
        fc.property(
          fc.array(
            fc.record({
              step: fc.constantFrom<Step>('accept', 'decline', 'firstAppointment', 'complete', 'cancel'),
              side: fc.constantFrom<Side>('partner', 'referrer', 'third'),
            }),
            { maxLength: 12 },
          ),
          (moves) => {
            let state = fold(base);
            for (const { step, side } of moves) {
              const before = statusOf(state);
              expect(before).toBeDefined();
              if (before === undefined) return;
              const rightSide = PARTNER_STEPS.includes(step) ? 'partner' : 'referrer';
              const expected = LOOP[before][step];
              let events: readonly CaseEvent[] = [];
              let error: unknown;
              try {
                events = caseDecider.decide(commandFor(step, SIDES[side]), state);
              } catch (caught) {
                error = caught;
              }
              if (side !== rightSide) {
                expect(error).toBeInstanceOf(ReferralWrongSideError);
              } else if (expected === undefined) {
                expect(error).toBeInstanceOf(ReferralIllegalTransitionError);
              } else {
                expect(error).toBeUndefined();
              }
              if (error !== undefined) {
                expect(error).toBeInstanceOf(DomainError);
                expect(events).toEqual([]);
                continue;
              }
              expect(events).toHaveLength(1);
              const [event] = events as [ReferralEvent];
              expect(actorOf(event)).toBe(SIDES[rightSide].userId);
              state = caseDecider.evolve(state, event);
              const after = statusOf(state);
              expect(after).toBe(expected);
              expect(REFERRAL_STATUSES).toContain(after);
            }
          },
        ),
        { numRuns: 300 },
      ));
  });
});
