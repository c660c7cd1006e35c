import { type CommandContext, deciderSpec } from '@fallverbund/kernel';
import {
  type ConferenceAgreementRecorded,
  type ConferenceAttendee,
  type ConferenceCommand,
  type ConferenceHeld,
  ConferenceIllegalTransitionError,
  ConferenceNotFoundError,
  type ConferenceScheduled,
  conferenceDecisionCategories,
  conferencePseudonym,
  conferenceTopicCategory,
  InvalidConferenceError,
  type RecordConferenceAgreement,
  type RecordConferenceHeld,
  type ScheduleConference,
} from './case.conferences';
import { caseDecider } from './case.decide';
import { CaseClosedError, CaseNotFoundError, ParticipantAlreadyErasedError } from './case.errors';
import { type CaseEvent, type ConsentGranted, type ConsentWithdrawn } from './case.events';
import { anna, caseId, caseOpened, closed, erased, now, participantId } from './testing/case-fixtures';

const context = (): CommandContext => ({ now, actor: anna, purpose: 'case_conference' });
const conferenceId = '3c0f5e2a-1111-4000-8000-000000000001';
const at = now.toISOString();
const lead = 'jobcenter-mitte';
const youth = 'jugendamt-mitte';
const praxis = 'praxis-yilmaz';

const consent = (consentId: string, overrides: Partial<ConsentGranted['data']> = {}): ConsentGranted => ({
  type: 'ConsentGranted',
  data: {
    caseId,
    consentId,
    purposes: ['case_conference'],
    dataCategories: ['identity', 'plan'],
    recipientAgencyIds: [youth],
    recipientUserIds: [],
    validUntil: null,
    form: 'written',
    grantedBy: 'participant',
    evidenceRef: null,
    recordedBy: 'anna.coach',
    grantedAt: '2026-11-02T10:00:00.000Z',
    ...overrides,
  },
});
const withdrawn = (consentId: string): ConsentWithdrawn => ({
  type: 'ConsentWithdrawn',
  data: { caseId, consentId, withdrawnAt: '2026-11-20T10:00:00.000Z', recordedBy: 'anna.coach' },
});

const scheduled: ConferenceScheduled = {
  type: 'ConferenceScheduled',
  data: {
    caseId,
    conferenceId,
    participantId,
    topic: 'Übergang in die Reha',
    topicCategory: 'case_admin',
    invitedAgencyIds: [youth, praxis, lead],
    plannedFor: '2026-12-03T09:00:00.000Z',
    scheduledBy: 'anna.coach',
    scheduledAt: '2026-11-10T08:00:00.000Z',
  },
};
const agreement = (agreed: boolean, form = 'written'): ConferenceAgreementRecorded => ({
  type: 'ConferenceAgreementRecorded',
  data: { caseId, conferenceId, agreed, form, recordedBy: 'anna.coach', recordedAt: '2026-11-12T08:00:00.000Z' },
});
const held = (attendees: ConferenceAttendee[], overrides: Partial<ConferenceHeld['data']> = {}): ConferenceHeld => ({
  type: 'ConferenceHeld',
  data: {
    caseId,
    conferenceId,
    participantId,
    heldAt: '2026-11-24T09:00:00.000Z',
    attendees,
    pseudonym: 'TN-3C0F5E2A',
    sharedCategories: ['plan', 'progress'],
    decisions: ['Reha-Antrag stellen', 'Nächste Besprechung im Januar'],
    decisionCategories: ['case_admin', 'case_admin'],
    recordedBy: 'anna.coach',
    recordedAt: at,
    ...overrides,
  },
});

const schedule = (overrides: Partial<ScheduleConference['data']> = {}): ScheduleConference => ({
  type: 'ScheduleConference',
  data: {
    caseId,
    conferenceId,
    topic: '  Übergang in die Reha ',
    invitedAgencyIds: [youth, praxis, youth, lead],
    plannedFor: '2026-12-03T10:00:00+01:00',
    ...overrides,
  },
  metadata: context(),
});
const recordAgreement = (agreed: boolean, form = 'written'): RecordConferenceAgreement => ({
  type: 'RecordConferenceAgreement',
  data: { caseId, conferenceId, agreed, form },
  metadata: context(),
});
const attendeesIn = [
  { agencyId: lead, userIds: ['anna.coach', 'ben.lead', 'anna.coach'] },
  { agencyId: youth, userIds: ['clara.youth'] },
];
const recordHeld = (overrides: Partial<RecordConferenceHeld['data']> = {}): RecordConferenceHeld => ({
  type: 'RecordConferenceHeld',
  data: {
    caseId,
    conferenceId,
    heldAt: '2026-11-24T10:00:00+01:00',
    attendees: attendeesIn,
    sharedCategories: ['plan', 'progress', 'plan'],
    decisions: [' Reha-Antrag stellen ', 'Nächste Besprechung im Januar'],
    ...overrides,
  },
  metadata: context(),
});
const attendees = (leadIdentified: boolean, youthIdentified: boolean): ConferenceAttendee[] => [
  { agencyId: lead, userIds: ['anna.coach', 'ben.lead'], identified: leadIdentified },
  { agencyId: youth, userIds: ['clara.youth'], identified: youthIdentified },
];

const spec = deciderSpec(caseDecider);

describe('case conferences', () => {
  describe('ScheduleConference', () => {
    it('schedules a conference with a trimmed topic, the invitees once and the time in UTC', () =>
      spec
        .given([caseOpened])
        .when(schedule())
        .then([{ ...scheduled, data: { ...scheduled.data, scheduledAt: at } }]));
    it.each<[string, Partial<ScheduleConference['data']>]>([
      ['no invitee', { invitedAgencyIds: [] }],
      ['only the lead agency', { invitedAgencyIds: [lead, lead] }],
      ['a time that is no instant', { plannedFor: '2026-12-03' }],
      ['a time without an offset', { plannedFor: '2026-12-03T10:00:00' }],
      ['a time before the case was opened', { plannedFor: '2026-10-31T10:00:00Z' }],
      ['a time more than a day in the past', { plannedFor: '2026-11-24T09:29:00Z' }],
      ['a time more than two years ahead', { plannedFor: '2028-11-25T09:31:00Z' }],
      ['the year 9999', { plannedFor: '9999-12-31T10:00:00Z' }],
      ['a blank topic', { topic: '   ' }],
      ['a topic over 500 characters', { topic: 'x'.repeat(501) }],
    ])('refuses %s (400)', (_name, overrides) =>
      spec.given([caseOpened]).when(schedule(overrides)).thenThrows(InvalidConferenceError, 'CONFERENCE.INVALID'),
    );
    it.each([
      ['at short notice, earlier today', '2026-11-25T08:00:00Z'],
      ['two years ahead to the minute', '2028-11-25T09:30:00Z'],
    ])('schedules one %s', (_name, plannedFor) =>
      spec
        .given([caseOpened])
        .when(schedule({ plannedFor }))
        .then([
          {
            ...scheduled,
            data: { ...scheduled.data, plannedFor: new Date(plannedFor).toISOString(), scheduledAt: at },
          },
        ]),
    );
    it('refuses a conference id that exists (400)', () =>
      spec.given([caseOpened, scheduled]).when(schedule()).thenThrows(InvalidConferenceError, 'CONFERENCE.INVALID'));
  });

  describe('RecordConferenceAgreement', () => {
    it.each([
      [true, 'written'],
      [false, 'verbal'],
      [true, 'electronic'],
    ] as const)('records agreed=%s in the form %s', (agreed, form) =>
      spec
        .given([caseOpened, scheduled])
        .when(recordAgreement(agreed, form))
        .then([{ ...agreement(agreed, form), data: { ...agreement(agreed, form).data, recordedAt: at } }]),
    );
    it('records a change of mind before the conference', () =>
      spec
        .given([caseOpened, scheduled, agreement(true)])
        .when(recordAgreement(false))
        .then([{ ...agreement(false), data: { ...agreement(false).data, recordedAt: at } }]));
    it.each<[string, RecordConferenceAgreement]>([
      ['an unknown form', recordAgreement(true, 'nod')],
      ['an answer that is not yes or no', recordAgreement('yes' as unknown as boolean)],
    ])('refuses %s (400)', (_name, command) =>
      spec.given([caseOpened, scheduled]).when(command).thenThrows(InvalidConferenceError, 'CONFERENCE.INVALID'),
    );
    it.each([true, false])('is not recorded (agreed=%s) after the conference was held (409)', (agreed) =>
      spec
        .given([caseOpened, scheduled, agreement(true), held(attendees(true, true))])
        .when(recordAgreement(agreed))
        .thenThrows(ConferenceIllegalTransitionError, 'CONFERENCE.ILLEGAL_TRANSITION'),
    );
  });

  describe('RecordConferenceHeld', () => {
    const covering = consent('c1');
    it('records the minutes: attendees once, categories once, trimmed decisions, the pseudonym', () =>
      spec
        .given([caseOpened, covering, scheduled, agreement(true)])
        .when(recordHeld())
        .then([held(attendees(true, true))]));

    it('derives the pseudonym from the conference id, never from the participant or the case', () => {
      expect(conferencePseudonym(conferenceId)).toBe('TN-3C0F5E2A');
      expect(conferencePseudonym('k-2026/11:a')).toBe('TN-K202611A');
    });

    describe('who sees the participant identified', () => {
      it.each<[string, CaseEvent[], boolean, boolean]>([
        ['agreement and a consent for the agency: lead and agency', [covering, agreement(true)], true, true],
        ['agreement, no consent: only the lead', [agreement(true)], true, false],
        [
          'agreement, the consent was withdrawn: only the lead',
          [covering, withdrawn('c1'), agreement(true)],
          true,
          false,
        ],
        [
          'agreement, the consent has expired: only the lead',
          [consent('c1', { validUntil: '2026-11-24' }), agreement(true)],
          true,
          false,
        ],
        [
          'agreement, a consent for another purpose: only the lead',
          [consent('c1', { purposes: ['coordination'] }), agreement(true)],
          true,
          false,
        ],
        [
          'agreement, a consent without identity: only the lead',
          [consent('c1', { dataCategories: ['plan'] }), agreement(true)],
          true,
          false,
        ],
        [
          'agreement, a consent for another agency: only the lead',
          [consent('c1', { recipientAgencyIds: [praxis] }), agreement(true)],
          true,
          false,
        ],
        ['no agreement, a consent: nobody', [covering, agreement(false)], false, false],
        ['no agreement, no consent: nobody', [agreement(false)], false, false],
        ['agreement never recorded, a consent: nobody', [covering], false, false],
        [
          'agreement withdrawn before the conference: nobody',
          [covering, agreement(true), agreement(false)],
          false,
          false,
        ],
      ])('%s', (_name, history, leadIdentified, youthIdentified) =>
        spec
          .given([caseOpened, scheduled, ...history])
          .when(recordHeld())
          .then([held(attendees(leadIdentified, youthIdentified))]),
      );

      it('decides per agency: one consented agency identified, another pseudonymised', () =>
        spec
          .given([caseOpened, covering, scheduled, agreement(true)])
          .when(recordHeld({ attendees: [...attendeesIn, { agencyId: praxis, userIds: ['deniz.psych'] }] }))
          .then([held([...attendees(true, true), { agencyId: praxis, userIds: ['deniz.psych'], identified: false }])]));
    });

    it('accepts minutes without decisions and without shared categories', () =>
      spec
        .given([caseOpened, scheduled])
        .when(recordHeld({ sharedCategories: [], decisions: [] }))
        .then([held(attendees(false, false), { sharedCategories: [], decisions: [], decisionCategories: [] })]));

    it.each<[string, Partial<RecordConferenceHeld['data']>]>([
      ['a time that is no instant', { heldAt: '2026-11-24' }],
      ['a time in the future', { heldAt: '2026-11-25T09:30:01Z' }],
      ['a time before the case was opened', { heldAt: '2026-10-31T23:59:59Z' }],
      ['no attendee', { attendees: [] }],
      ['an agency that was not invited', { attendees: [...attendeesIn, { agencyId: 'drv-nord', userIds: ['x'] }] }],
      ['a category a conference does not share', { sharedCategories: ['plan', 'health'] }],
      ['more than 30 decisions', { decisions: Array.from({ length: 31 }, (_, i) => `Beschluss ${i}`) }],
      ['a blank decision', { decisions: ['  '] }],
      ['a decision over 1000 characters', { decisions: ['x'.repeat(1001)] }],
    ])('refuses %s (400)', (_name, overrides) =>
      spec
        .given([caseOpened, scheduled, agreement(true)])
        .when(recordHeld(overrides))
        .thenThrows(InvalidConferenceError, 'CONFERENCE.INVALID'),
    );

    it('is recorded once (409)', () =>
      spec
        .given([caseOpened, scheduled, agreement(true), held(attendees(true, false))])
        .when(recordHeld())
        .thenThrows(ConferenceIllegalTransitionError, 'CONFERENCE.ILLEGAL_TRANSITION'));
  });

  describe('text categories', () => {
    it('keeps the category the author chose for the topic, beside the sealed topic', () =>
      spec
        .given([caseOpened])
        .when(schedule({ topicCategory: 'addiction' }))
        .then([{ ...scheduled, data: { ...scheduled.data, scheduledAt: at, topicCategory: 'addiction' } }]));

    it('keeps the category of each decision by position', () =>
      spec
        .given([caseOpened, scheduled])
        .when(recordHeld({ decisionCategories: ['health', 'case_admin'] }))
        .then([held(attendees(false, false), { decisionCategories: ['health', 'case_admin'] })]));

    it.each<[string, Partial<RecordConferenceHeld['data']>]>([
      ['an unknown category of a decision', { decisionCategories: ['alcohol', 'case_admin'] }],
      ['fewer categories than decisions', { decisionCategories: ['case_admin'] }],
      ['more categories than decisions', { decisionCategories: ['case_admin', 'plan', 'plan'] }],
    ])('refuses minutes with %s (400)', (_, overrides) =>
      spec
        .given([caseOpened, scheduled])
        .when(recordHeld(overrides))
        .thenThrows(InvalidConferenceError, 'CONFERENCE.INVALID'),
    );

    it('refuses a topic under an unknown category (400)', () =>
      spec
        .given([caseOpened])
        .when(schedule({ topicCategory: 'Sucht' }))
        .thenThrows(InvalidConferenceError, 'CONFERENCE.INVALID'));

    it('reads a conference recorded before categories as case_admin throughout', () => {
      const { topicCategory: _topic, ...before } = scheduled.data;
      const { decisionCategories: _decisions, ...minutes } = held(attendees(false, false)).data;
      expect(conferenceTopicCategory(before)).toBe('case_admin');
      expect(conferenceDecisionCategories(minutes)).toEqual(['case_admin', 'case_admin']);
      expect(conferenceTopicCategory({ ...before, topicCategory: 'health' })).toBe('health');
    });
  });

  describe('every conference command', () => {
    const commands: [string, CaseEvent[], ConferenceCommand][] = [
      ['ScheduleConference', [], schedule()],
      ['RecordConferenceAgreement', [scheduled], recordAgreement(true)],
      ['RecordConferenceHeld', [scheduled, agreement(true)], recordHeld()],
    ];
    it.each(commands.slice(1))('%s needs the conference (404)', (_name, _history, command) =>
      spec
        .given([caseOpened, scheduled])
        .when({ ...command, data: { ...command.data, conferenceId: 'unknown' } } as ConferenceCommand)
        .thenThrows(ConferenceNotFoundError, 'CONFERENCE.NOT_FOUND'),
    );
    it.each(commands)('%s is refused on a closed case (409)', (_name, history, command) =>
      spec
        .given([caseOpened, ...history, closed])
        .when(command)
        .thenThrows(CaseClosedError, 'CASE.CLOSED'),
    );
    it.each(commands)('%s is refused after erasure (409)', (_name, history, command) =>
      spec
        .given([caseOpened, ...history, erased])
        .when(command)
        .thenThrows(ParticipantAlreadyErasedError, 'CASE.PARTICIPANT_ALREADY_ERASED'),
    );
    it.each(commands)('%s needs an existing case (404)', (_name, _history, command) =>
      spec.given([]).when(command).thenThrows(CaseNotFoundError, 'CASE.NOT_FOUND'),
    );
  });
});
