import { Query } from '@nestjs/cqrs';
import { type ConferenceAttendee } from '@fallverbund/cases-domain';
import { type DataCategory, type Erased } from '@fallverbund/kernel';
import { type RequestContext } from '../cases/request-context';

/**
 * A conference as the case team sees it: everything, topic and decisions opened from their seal, but
 * only the texts of categories the reader may read (a withheld topic is absent, withheld decisions are
 * left out); `withheldTexts` counts the others without naming their categories.
 */
export interface ConferenceView {
  readonly id: string;
  readonly pseudonym: string;
  readonly topic?: string | Erased;
  readonly topicCategory?: DataCategory;
  readonly invitedAgencyIds: readonly string[];
  readonly plannedFor: string;
  readonly scheduledBy: string;
  readonly scheduledAt: string;
  readonly agreement: {
    readonly agreed: boolean;
    readonly form: string;
    readonly recordedBy: string;
    readonly recordedAt: string;
  } | null;
  readonly held: boolean;
  readonly heldAt: string | null;
  /** With `identified`: whether each agency saw the participant by name at the conference. */
  readonly attendees: readonly ConferenceAttendee[];
  readonly sharedCategories: readonly string[];
  /** A decision of an erased category (issue 17) is `{ erased: true }` in its place. */
  readonly decisions: readonly (string | Erased)[] | Erased;
  /** The category of each decision shown, by position. */
  readonly decisionCategories: readonly DataCategory[];
  readonly minutesRecordedBy: string | null;
  readonly minutesRecordedAt: string | null;
  readonly withheldTexts: number;
  /** Invited or attending agencies left out: they reveal a category the reader may not read (an addiction service). */
  readonly withheldAgencies: number;
}

/**
 * A conference as an invited agency sees it; texts only of the categories the invitee's grant covers
 * (`conferenceTextReader`: case_admin alone when not identified). `identified`: the participant agreed to the conference
 * and the agency leads the case or an active consent names it for case_conference and identity (now,
 * not when the conference was held); only then are `caseId`, `participant` and `topic` present.
 * Otherwise the participant is only the `pseudonym`. `decisions` go to the agencies that took part.
 */
export interface InvitedConferenceView {
  readonly id: string;
  readonly identified: boolean;
  readonly pseudonym: string;
  readonly caseId?: string;
  readonly participant?: { givenName: string; familyName: string } | Erased;
  readonly topic?: string | Erased;
  readonly plannedFor: string;
  /** The agency that convenes: the case's lead agency (only it may convene), whom the invitees answer. */
  readonly convenedByAgencyId: string;
  readonly invitedAgencyIds: readonly string[];
  /** The participant's recorded answer; null while there is none. */
  readonly participantAgreed: boolean | null;
  readonly held: boolean;
  readonly heldAt: string | null;
  readonly attendees: readonly { agencyId: string; userIds: readonly string[] }[];
  readonly sharedCategories: readonly string[];
  readonly decisions?: readonly (string | Erased)[] | Erased;
  readonly decisionCategories?: readonly DataCategory[];
  /**
   * Texts this view would show (the topic when identified, the decisions to an agency that took part)
   * that are of a category the invitee's grant does not cover: left out, only counted.
   */
  readonly withheldTexts: number;
}

/** Category `case_admin`: the conferences of a case, by planned time. */
export class ListConferencesQuery extends Query<{ items: ConferenceView[] }> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** For staff of an invited agency, with purpose case_conference; no team membership needed. */
export class GetInvitedConferenceQuery extends Query<InvitedConferenceView> {
  constructor(
    readonly conferenceId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * One conference the actor's agency is invited to, as the invitee may see it in a list: the pseudonym,
 * and only when `identified` (as in `InvitedConferenceView`) the case id and the participant's name.
 * Never the topic or the decisions: `GET /api/conferences/{id}` answers those.
 */
export interface ConferenceInvitationView {
  readonly id: string;
  readonly identified: boolean;
  readonly pseudonym: string;
  readonly caseId?: string;
  readonly participant?: { givenName: string; familyName: string } | Erased;
  readonly plannedFor: string;
  /** The agency that convenes (the case's lead agency). */
  readonly convenedByAgencyId: string;
  readonly invitedAgencyIds: readonly string[];
  readonly participantAgreed: boolean | null;
  readonly held: boolean;
  readonly heldAt: string | null;
  /** Whether the actor's agency took part (the minutes name it). */
  readonly attendedByOwnAgency: boolean;
}

/** The conferences the actor's agency is invited to, latest planned first; purpose case_conference. */
export class ListConferenceInvitationsQuery extends Query<{
  items: ConferenceInvitationView[];
  nextOffset: number | null;
}> {
  constructor(
    readonly context: RequestContext,
    readonly limit: number,
    readonly offset: number,
  ) {
    super();
  }
}
