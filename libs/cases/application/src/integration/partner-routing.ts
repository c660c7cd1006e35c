import {
  type AgencyProfile,
  agencyRevealsTo,
  type CaseFacts,
  decidePartnerCover,
  type PartnerCover,
  partnerCoverEnd,
  type PartnerSubscriber,
} from '@fallverbund/access-policy';
import { CASE_EVENT_TYPES, type IntegrationEvent } from '@fallverbund/contracts';
import { type DataCategory, isDataCategory } from '@fallverbund/kernel';
import { type RecordedEvent } from '@fallverbund/event-store';
import { type OutgoingMessage } from '@fallverbund/messaging';
import {
  caseTopicMessage,
  evaluationMessage,
  partnerMessage,
  art19NoticeOf,
  toArt19Notice,
  toCaseIntegrationEvent,
  toCoverEnded,
  toEvaluationRecords,
  toPartnerCopy,
} from './case-integration-events';

/** Where one subscriber's stream stands for one case; the relay stores it with its checkpoint. */
export interface CoverState {
  readonly subscriberId: string;
  readonly caseId: string;
  /** `covered`: the subscriber received something of the case and its cover holds; `ended`: cover-ended was sent. */
  readonly state: 'covered' | 'ended';
  /** The domain event id that started the current (or last) stretch of cover. */
  readonly episode: string;
  /** The last sequence number used on the subscriber's stream for this case. */
  readonly sequence: number;
  /** While covered: when the cover runs out unless the facts change (ISO); null when it does not. */
  readonly until: string | null;
}

export const coverKey = (subscriberId: string, caseId: string): string => `${subscriberId}\u0000${caseId}`;

export interface RoutedMessages {
  readonly messages: OutgoingMessage[];
  /** Cover states that changed, to be stored once the messages were acknowledged. */
  readonly covers: CoverState[];
  readonly counts: { caseEvents: number; evaluation: number; partner: number; coverEnded: number; notified: number };
}

export interface RoutePageInput {
  readonly page: readonly RecordedEvent[];
  readonly subscribers: readonly PartnerSubscriber[];
  /** The case's facts as the relay knows them now: never older than the end of the page. */
  readonly factsOf: (caseId: string) => CaseFacts | undefined;
  /** The stored cover states of the page's cases (absent: the subscriber never received the case). */
  readonly covers: ReadonlyMap<string, CoverState>;
  /** Delivery time. */
  readonly now: Date;
  /** The agencies as the disclosure rules see them: a copy naming an addiction service is addiction data. */
  readonly agencies: (agencyId: string) => AgencyProfile;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

/**
 * The categories a case event reveals to a subscriber beyond its own category: what the agencies it
 * names reveal (a referral to, a consent for, a team member or conference invitee from an addiction
 * service or a health provider; not to the subscriber's own agency), the categories a consent names.
 * A copy goes out only when the cover includes every one of them.
 */
export const revealedBy = (
  event: IntegrationEvent,
  subscriber: Pick<PartnerSubscriber, 'agencyId'>,
  facts: CaseFacts,
  agencies: (agencyId: string) => AgencyProfile,
): DataCategory[] => {
  const data = (event.data ?? {}) as Record<string, unknown>;
  const ofAgencies = (ids: readonly string[]): DataCategory[] =>
    ids.flatMap((id) => agencyRevealsTo(subscriber, agencies(id)));
  const ofConsent = (consentId: unknown): DataCategory[] => {
    const consent = facts.consents.find((c) => c.consentId === consentId);
    // A consent the relay does not know is withheld: it reveals what it does not say.
    return consent ? [...consent.dataCategories, ...ofAgencies(consent.recipientAgencyIds)] : ['case_admin', 'health'];
  };
  switch (event.type) {
    case CASE_EVENT_TYPES.referralSent:
      return ofAgencies(strings([data['partnerAgencyId']]));
    case CASE_EVENT_TYPES.referralStatusChanged: {
      const referral = facts.referrals.find((r) => r.referralId === data['referralId']);
      return referral ? ofAgencies([referral.partnerAgencyId]) : ['health', 'addiction'];
    }
    case CASE_EVENT_TYPES.consentGranted:
      return [
        ...strings(data['dataCategories']).filter(isDataCategory),
        ...ofAgencies(strings(data['recipientAgencyIds'])),
      ];
    case CASE_EVENT_TYPES.consentWithdrawn:
      return ofConsent(data['consentId']);
    case CASE_EVENT_TYPES.teamMemberAdded:
      return ofAgencies(strings([data['agencyId']]));
    case CASE_EVENT_TYPES.conferenceScheduled:
      return ofAgencies(strings(data['invitedAgencyIds']));
    case CASE_EVENT_TYPES.conferenceHeld:
      return ofAgencies(strings(data['attendingAgencyIds']));
    default:
      return [];
  }
};

class Router {
  readonly messages: OutgoingMessage[] = [];
  readonly counts = { caseEvents: 0, evaluation: 0, partner: 0, coverEnded: 0, notified: 0 };
  private readonly working = new Map<string, CoverState>();
  private readonly changed = new Set<string>();

  constructor(
    private readonly stored: ReadonlyMap<string, CoverState>,
    private readonly now: Date,
  ) {}

  covers(): CoverState[] {
    return [...this.changed].map((key) => this.working.get(key) as CoverState);
  }

  state(key: string): CoverState | undefined {
    return this.working.get(key) ?? this.stored.get(key);
  }

  set(key: string, state: CoverState): void {
    this.working.set(key, state);
    this.changed.add(key);
  }

  /** Sends cover-ended once for a stream that was covered, and marks it ended. */
  end(subscriber: PartnerSubscriber, facts: CaseFacts | undefined, current: CoverState): void {
    const { reason, at } = facts
      ? partnerCoverEnd({ subscriber, facts, now: this.now })
      : { reason: 'no_longer_covered' as const, at: this.now };
    const sequence = current.sequence + 1;
    this.messages.push(
      partnerMessage(
        subscriber.id,
        toCoverEnded({
          subscriberId: subscriber.id,
          caseId: current.caseId,
          episode: current.episode,
          reason,
          at,
          sequence,
        }),
      ),
    );
    this.counts.coverEnded += 1;
    this.set(coverKey(subscriber.id, current.caseId), { ...current, state: 'ended', sequence, until: null });
  }
}

const untilOf = (cover: PartnerCover): string | null => cover.until?.toISOString() ?? null;

/**
 * Turns a page of the global log into the messages to publish: every published case event on the
 * case topic, the evaluation records, and for each subscriber the copies its cover allows. A copy
 * goes out only if the subscriber's cover includes the event's category now, at delivery, with the
 * case's facts as the relay knows them (a consent withdrawn or run out since stops delivery at
 * once), by a grant that already held when the event was recorded (no consent reaches back before
 * its grant). When a
 * covered stream loses its cover, it gets one cover-ended and nothing more of the case until a
 * consent covers it again.
 */
export const routePage = (input: RoutePageInput): RoutedMessages => {
  const router = new Router(input.covers, input.now);
  const coverNow = new Map<string, PartnerCover>();
  for (const recorded of input.page) {
    const event = toCaseIntegrationEvent(recorded);
    if (event) {
      router.messages.push(caseTopicMessage(event));
      router.counts.caseEvents += 1;
    }
    for (const record of toEvaluationRecords(recorded)) {
      router.messages.push(evaluationMessage(record));
      router.counts.evaluation += 1;
    }
    // Art. 19 GDPR: every stream that ever received the case is told of an erasure or restriction,
    // before anything else this event changes on it (a cover-ended may follow).
    const notice = art19NoticeOf(recorded);
    if (notice) {
      for (const subscriber of input.subscribers) {
        const key = coverKey(subscriber.id, notice.caseId);
        const current = router.state(key);
        if (!current) continue;
        const sequence = current.sequence + 1;
        router.messages.push(partnerMessage(subscriber.id, toArt19Notice(notice, recorded, subscriber.id, sequence)));
        router.counts.notified += 1;
        router.set(key, { ...current, sequence });
      }
    }
    if (!event?.subject || input.subscribers.length === 0) continue;
    const caseId = event.subject;
    const facts = input.factsOf(caseId);
    for (const subscriber of input.subscribers) {
      const key = coverKey(subscriber.id, caseId);
      const current = router.state(key);
      if (!facts) {
        if (current?.state === 'covered') router.end(subscriber, facts, current);
        continue;
      }
      let now = coverNow.get(key);
      if (!now) {
        now = decidePartnerCover({ subscriber, facts, now: input.now });
        coverNow.set(key, now);
      }
      if (!now.covered) {
        if (current?.state === 'covered') router.end(subscriber, facts, current);
        continue;
      }
      deliver(router, subscriber, recorded, event, now, current, revealedBy(event, subscriber, facts, input.agencies));
    }
  }
  return { messages: router.messages, covers: router.covers(), counts: router.counts };
};

/** A list of shared categories in a copy is reduced to those the cover includes (a referral's, a conference's). */
const reducedTo = (event: IntegrationEvent, cover: PartnerCover): IntegrationEvent => {
  const data = event.data as Record<string, unknown> | undefined;
  const shared = data?.['sharedCategories'];
  if (!data || !Array.isArray(shared)) return event;
  return {
    ...event,
    data: { ...data, sharedCategories: shared.filter((c) => isDataCategory(c) && cover.heldSince(c) !== null) },
  };
};

const deliver = (
  router: Router,
  subscriber: PartnerSubscriber,
  recorded: RecordedEvent,
  event: IntegrationEvent,
  now: PartnerCover,
  current: CoverState | undefined,
  reveals: readonly DataCategory[],
): void => {
  const caseId = event.subject as string;
  const key = coverKey(subscriber.id, caseId);
  const category = event.category;
  // The grants that cover the category, and every category the event reveals, now must already have
  // held when the event was recorded.
  const recordedAt = Date.parse(recorded.metadata.occurredAt);
  const coveredThen =
    category !== undefined &&
    [category, ...reveals].every((c) => {
      const since = now.heldSince(c);
      return since !== null && since <= recordedAt;
    });
  if (!coveredThen) {
    if (current?.state === 'covered' && current.until !== untilOf(now)) {
      router.set(key, { ...current, until: untilOf(now) });
    }
    return;
  }
  const stretch: CoverState =
    current?.state === 'covered'
      ? current
      : {
          subscriberId: subscriber.id,
          caseId,
          state: 'covered',
          episode: recorded.eventId,
          sequence: current?.sequence ?? 0,
          until: null,
        };
  const sequence = stretch.sequence + 1;
  router.messages.push(partnerMessage(subscriber.id, toPartnerCopy(reducedTo(event, now), subscriber.id, sequence)));
  router.counts.partner += 1;
  router.set(key, { ...stretch, sequence, until: untilOf(now) });
};

/**
 * The timer's part: covered streams whose cover may have run out (`until` has passed) are decided
 * again at `now`; those no longer covered get their cover-ended.
 */
export const routeExpiries = (input: {
  readonly due: readonly CoverState[];
  readonly subscribers: readonly PartnerSubscriber[];
  readonly factsOf: (caseId: string) => CaseFacts | undefined;
  readonly now: Date;
}): RoutedMessages => {
  const router = new Router(new Map(), input.now);
  for (const current of input.due) {
    if (current.state !== 'covered') continue;
    const subscriber = input.subscribers.find((s) => s.id === current.subscriberId);
    // A subscriber no longer registered gets nothing, not even a cover-ended.
    if (!subscriber) continue;
    const facts = input.factsOf(current.caseId);
    const cover = facts ? decidePartnerCover({ subscriber, facts, now: input.now }) : undefined;
    if (cover?.covered) {
      router.set(coverKey(current.subscriberId, current.caseId), { ...current, until: untilOf(cover) });
    } else {
      router.end(subscriber, facts, current);
    }
  }
  return { messages: router.messages, covers: router.covers(), counts: router.counts };
};
