import { type CommandContext, type DataCategory, DomainError, type Event } from '@fallverbund/kernel';
import { type ExistingCase } from './case.evolve';
import { assertOpenForWork, boundedText, consentsCovering, parseInstant } from './case.rules';
import { chosenTextCategory } from './case.texts';

/**
 * Case conferences (Fallbesprechung, Teilhabeplankonferenz § 20, § 23 SGB IX), category `case_admin`.
 * Invitees come from several agencies. An agency sees the participant identified only when the
 * participant agreed to the conference and, for an agency other than the lead, an active consent names
 * it for `case_conference` and `identity`; every other agency takes part pseudonymised.
 */

export type ConferenceScheduled = Event<
  'ConferenceScheduled',
  {
    caseId: string;
    conferenceId: string;
    participantId: string;
    /** Personal (sealed). */
    topic: string;
    /** The topic's data category, chosen by its author (`case_admin` by default; absent before issue 11: `case_admin`). */
    topicCategory?: DataCategory;
    invitedAgencyIds: string[];
    plannedFor: string;
    scheduledBy: string;
    scheduledAt: string;
  }
>;

export type ConferenceAgreementRecorded = Event<
  'ConferenceAgreementRecorded',
  { caseId: string; conferenceId: string; agreed: boolean; form: string; recordedBy: string; recordedAt: string }
>;

export interface ConferenceAttendee {
  readonly agencyId: string;
  readonly userIds: readonly string[];
  /** Saw the participant by name; otherwise only the conference's pseudonym. */
  readonly identified: boolean;
}

/** `decisions` are personal (sealed); `sharedCategories` says what was discussed. */
export type ConferenceHeld = Event<
  'ConferenceHeld',
  {
    caseId: string;
    conferenceId: string;
    participantId: string;
    heldAt: string;
    attendees: ConferenceAttendee[];
    pseudonym: string;
    sharedCategories: string[];
    decisions: string[];
    /** The data category of each decision, by position (`case_admin` by default; absent before issue 11: all `case_admin`). */
    decisionCategories?: DataCategory[];
    recordedBy: string;
    recordedAt: string;
  }
>;

export type ConferenceEvent = ConferenceScheduled | ConferenceAgreementRecorded | ConferenceHeld;

export interface ScheduleConference {
  readonly type: 'ScheduleConference';
  readonly data: {
    caseId: string;
    conferenceId: string;
    topic: string;
    /** The topic's data category; `case_admin` when absent. */
    topicCategory?: string;
    invitedAgencyIds: readonly string[];
    plannedFor: string;
  };
  readonly metadata: CommandContext;
}
export interface RecordConferenceAgreement {
  readonly type: 'RecordConferenceAgreement';
  readonly data: { caseId: string; conferenceId: string; agreed: boolean; form: string };
  readonly metadata: CommandContext;
}
export interface RecordConferenceHeld {
  readonly type: 'RecordConferenceHeld';
  readonly data: {
    caseId: string;
    conferenceId: string;
    heldAt: string;
    attendees: readonly { agencyId: string; userIds: readonly string[] }[];
    sharedCategories: readonly string[];
    decisions: readonly string[];
    /** The data category of each decision, by position; all `case_admin` when absent. */
    decisionCategories?: readonly string[];
  };
  readonly metadata: CommandContext;
}

export type ConferenceCommand = ScheduleConference | RecordConferenceAgreement | RecordConferenceHeld;

export interface ConferenceState {
  readonly conferenceId: string;
  readonly invitedAgencyIds: readonly string[];
  readonly agreed: boolean | null;
  readonly held: boolean;
}

export class InvalidConferenceError extends DomainError {
  readonly code = 'CONFERENCE.INVALID';
  readonly kind = 'invalid';
}

export class ConferenceNotFoundError extends DomainError {
  readonly code = 'CONFERENCE.NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly conferenceId: string) {
    super(`no conference ${conferenceId} on this case`);
  }
}

export class ConferenceIllegalTransitionError extends DomainError {
  readonly code = 'CONFERENCE.ILLEGAL_TRANSITION';
  readonly kind = 'conflict';
}

const MAX_TOPIC = 500;
const MAX_DECISION = 1_000;
const MAX_DECISIONS = 30;
const AGREEMENT_FORMS = ['written', 'electronic', 'verbal'];
const CONFERENCE_CATEGORIES = ['identity', 'case_admin', 'plan', 'progress'];

/** The topic's category; a conference scheduled before categories reads as `case_admin`. */
export const conferenceTopicCategory = (data: {
  readonly conferenceId: string;
  readonly topicCategory?: DataCategory | undefined;
}): DataCategory => data.topicCategory ?? 'case_admin';

/** The category of each decision, by position; minutes recorded before categories read as `case_admin`. */
export const conferenceDecisionCategories = (data: {
  readonly decisions: readonly unknown[];
  readonly decisionCategories?: readonly DataCategory[] | undefined;
}): DataCategory[] => data.decisions.map((_, i) => data.decisionCategories?.[i] ?? 'case_admin');

const textCategory = (value: string | undefined, what: string): DataCategory => {
  const category = chosenTextCategory(value, 'case_admin');
  if (category === null) throw new InvalidConferenceError(`the category of ${what} is no data category`);
  return category;
};

const conferenceOf = (state: ExistingCase, conferenceId: string): ConferenceState => {
  const conference = state.conferences.find((c) => c.conferenceId === conferenceId);
  if (!conference) throw new ConferenceNotFoundError(conferenceId);
  return conference;
};

/** A stable pseudonym for the participant within one conference: no name, no case id. */
export const conferencePseudonym = (conferenceId: string): string =>
  `TN-${conferenceId
    .replace(/[^0-9a-z]/gi, '')
    .slice(0, 8)
    .toUpperCase()}`;

/** A conference is convened for a time to come: from a day back (one called at short notice) to two years ahead. */
const PLANNED_FOR_PAST_MS = 24 * 60 * 60 * 1000;
const PLANNED_FOR_AHEAD_YEARS = 2;

const assertPlausiblePlannedFor = (plannedFor: number, now: Date, openedAt: string): void => {
  if (plannedFor < Date.parse(openedAt)) throw new InvalidConferenceError('plannedFor lies before the case was opened');
  if (plannedFor < now.getTime() - PLANNED_FOR_PAST_MS)
    throw new InvalidConferenceError('plannedFor lies in the past: a conference is convened for a time to come');
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + PLANNED_FOR_AHEAD_YEARS);
  if (plannedFor > latest.getTime())
    throw new InvalidConferenceError(`plannedFor lies more than ${PLANNED_FOR_AHEAD_YEARS} years ahead`);
};

export const scheduleConference = (
  { data, metadata }: ScheduleConference,
  state: ExistingCase,
): ConferenceScheduled => {
  assertOpenForWork(state);
  if (state.conferences.some((c) => c.conferenceId === data.conferenceId))
    throw new InvalidConferenceError(`conference ${data.conferenceId} exists`);
  const invited = [...new Set(data.invitedAgencyIds)];
  if (!invited.some((id) => id !== state.leadAgencyId))
    throw new InvalidConferenceError('a case conference invites at least one agency besides the lead agency');
  const plannedFor = parseInstant(data.plannedFor);
  if (plannedFor === null) throw new InvalidConferenceError(`plannedFor ${data.plannedFor} is not an ISO 8601 instant`);
  assertPlausiblePlannedFor(Date.parse(plannedFor), metadata.now, state.openedAt);
  const topic = boundedText(data.topic, MAX_TOPIC);
  if (topic === null) throw new InvalidConferenceError(`a topic has 1 to ${MAX_TOPIC} characters`);
  const topicCategory = textCategory(data.topicCategory, 'the topic');
  return {
    type: 'ConferenceScheduled',
    data: {
      caseId: data.caseId,
      conferenceId: data.conferenceId,
      participantId: state.participantId,
      topic,
      topicCategory,
      invitedAgencyIds: invited,
      plannedFor,
      scheduledBy: metadata.actor.userId,
      scheduledAt: metadata.now.toISOString(),
    },
  };
};

export const recordConferenceAgreement = (
  { data, metadata }: RecordConferenceAgreement,
  state: ExistingCase,
): ConferenceAgreementRecorded => {
  assertOpenForWork(state);
  const conference = conferenceOf(state, data.conferenceId);
  if (conference.held) throw new ConferenceIllegalTransitionError('the conference was held: its agreement is settled');
  if (typeof data.agreed !== 'boolean') throw new InvalidConferenceError('agreed is yes or no');
  if (!AGREEMENT_FORMS.includes(data.form))
    throw new InvalidConferenceError(`form must be one of ${AGREEMENT_FORMS.join(', ')}`);
  return {
    type: 'ConferenceAgreementRecorded',
    data: {
      caseId: data.caseId,
      conferenceId: data.conferenceId,
      agreed: data.agreed,
      form: data.form,
      recordedBy: metadata.actor.userId,
      recordedAt: metadata.now.toISOString(),
    },
  };
};

export const recordConferenceHeld = ({ data, metadata }: RecordConferenceHeld, state: ExistingCase): ConferenceHeld => {
  assertOpenForWork(state);
  const conference = conferenceOf(state, data.conferenceId);
  if (conference.held)
    throw new ConferenceIllegalTransitionError(`conference ${data.conferenceId} was recorded as held`);
  const heldAt = parseInstant(data.heldAt);
  if (heldAt === null) throw new InvalidConferenceError(`heldAt ${data.heldAt} is not an ISO 8601 instant`);
  if (Date.parse(heldAt) > metadata.now.getTime()) throw new InvalidConferenceError('heldAt lies in the future');
  if (Date.parse(heldAt) < Date.parse(state.openedAt))
    throw new InvalidConferenceError('heldAt lies before the case was opened');
  const stranger = data.attendees.find(
    (a) => a.agencyId !== state.leadAgencyId && !conference.invitedAgencyIds.includes(a.agencyId),
  );
  if (stranger) throw new InvalidConferenceError(`${stranger.agencyId} was not invited`);
  if (data.attendees.length === 0) throw new InvalidConferenceError('a conference that was held had attendees');
  const shared = [...new Set(data.sharedCategories)];
  const outside = shared.filter((c) => !CONFERENCE_CATEGORIES.includes(c));
  if (outside.length > 0)
    throw new InvalidConferenceError(
      `a conference shares only ${CONFERENCE_CATEGORIES.join(', ')}, not ${outside.join(', ')}`,
    );
  if (data.decisions.length > MAX_DECISIONS) throw new InvalidConferenceError(`at most ${MAX_DECISIONS} decisions`);
  const decisions = data.decisions.map((d) => {
    const decision = boundedText(d, MAX_DECISION);
    if (decision === null) throw new InvalidConferenceError(`a decision has 1 to ${MAX_DECISION} characters`);
    return decision;
  });
  if (data.decisionCategories !== undefined && data.decisionCategories.length !== data.decisions.length)
    throw new InvalidConferenceError('decisionCategories names one category for each decision');
  const decisionCategories = data.decisions.map((_, i) =>
    textCategory(data.decisionCategories?.[i], `decision ${i + 1}`),
  );
  const agreed = conference.agreed === true;
  const attendees = data.attendees.map((a): ConferenceAttendee => ({
    agencyId: a.agencyId,
    userIds: [...new Set(a.userIds)],
    identified:
      agreed &&
      (a.agencyId === state.leadAgencyId ||
        consentsCovering(state, a.agencyId, 'case_conference', 'identity', metadata.now).length > 0),
  }));
  return {
    type: 'ConferenceHeld',
    data: {
      caseId: data.caseId,
      conferenceId: data.conferenceId,
      participantId: state.participantId,
      heldAt,
      attendees,
      pseudonym: conferencePseudonym(data.conferenceId),
      sharedCategories: shared,
      decisions,
      decisionCategories,
      recordedBy: metadata.actor.userId,
      recordedAt: metadata.now.toISOString(),
    },
  };
};

export const decideConference = (command: ConferenceCommand, state: ExistingCase): ConferenceEvent[] => {
  switch (command.type) {
    case 'ScheduleConference':
      return [scheduleConference(command, state)];
    case 'RecordConferenceAgreement':
      return [recordConferenceAgreement(command, state)];
    case 'RecordConferenceHeld':
      return [recordConferenceHeld(command, state)];
  }
};

export const evolveConference = (state: ExistingCase, event: ConferenceEvent): ExistingCase => {
  const update = (conferenceId: string, change: Partial<ConferenceState>): ExistingCase => ({
    ...state,
    conferences: state.conferences.map((c) => (c.conferenceId === conferenceId ? { ...c, ...change } : c)),
  });
  switch (event.type) {
    case 'ConferenceScheduled': {
      const { conferenceId, invitedAgencyIds } = event.data;
      return {
        ...state,
        conferences: [...state.conferences, { conferenceId, invitedAgencyIds, agreed: null, held: false }],
      };
    }
    case 'ConferenceAgreementRecorded':
      return update(event.data.conferenceId, { agreed: event.data.agreed });
    case 'ConferenceHeld':
      return update(event.data.conferenceId, { held: true });
  }
};
