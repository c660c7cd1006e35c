import { type CaseEvent, PROGRESS_DIMENSIONS, restrictedCategories } from '@fallverbund/cases-domain';
import {
  CASE_EVENT_TYPES,
  CASES_SOURCE,
  type CasePlanChangedV1,
  type CaseReferralStatusChangedV1,
  CONTRACTS,
  type CoverEndedReason,
  EVALUATION_EVENT_TYPES,
  integrationEvent,
  type IntegrationEvent,
  type IntegrationEventDataByType,
  type IntegrationEventType,
  monthOf,
  PARTNER_EVENT_TYPES,
  partnerTopic,
  PROGRESS_DIMENSIONS_V1,
  type ProgressDimensionV1,
  TOPICS,
} from '@fallverbund/contracts';
import { DATA_CATEGORIES, isDataCategory } from '@fallverbund/kernel';
import { type RecordedEvent } from '@fallverbund/event-store';
import { type OutgoingMessage } from '@fallverbund/messaging';
import { derivedId } from './integration-ids';

// Pure functions from the log to integration events: no I/O, no clock, no randomness. Ids are
// derived from the domain event id (and the topic), so a redelivered event has the same id.

const CASE_STREAM = /^case-/;

/** The domain event as the case aggregate knows it, or undefined for a stream that is not a case. */
const caseEventOf = (recorded: RecordedEvent): CaseEvent | undefined =>
  CASE_STREAM.test(recorded.streamId) ? ({ type: recorded.type, data: recorded.data } as CaseEvent) : undefined;

const unique = <T>(values: readonly T[]): T[] => [...new Set(values)];

/**
 * A case event with source and category from the contract registry (as `integrationEvent` makes it,
 * built in one literal: the relay makes one per domain event and per partner copy).
 */
const caseEvent = <T extends IntegrationEventType>(
  type: T,
  recorded: RecordedEvent,
  caseId: string,
  data: IntegrationEventDataByType[T],
): IntegrationEvent<T, IntegrationEventDataByType[T]> => ({
  id: derivedId(`${TOPICS.caseEvents}|${recorded.eventId}`),
  type,
  source: CASES_SOURCE,
  time: recorded.metadata.occurredAt,
  subject: caseId,
  category: CONTRACTS[type].category,
  sequence: recorded.version,
  data,
});

/** `cases.case.referral_status_changed.v1`: waiting days and attestation only where the step has them. */
const referralStatus = (
  recorded: RecordedEvent,
  caseId: string,
  referralId: string,
  status: CaseReferralStatusChangedV1['status'],
  extra: Partial<Pick<CaseReferralStatusChangedV1, 'waitingDays' | 'attestation'>> = {},
): IntegrationEvent =>
  caseEvent(CASE_EVENT_TYPES.referralStatusChanged, recorded, caseId, {
    referralId,
    status,
    waitingDays: extra.waitingDays ?? null,
    attestation: extra.attestation ?? null,
  });

const planChanged = (
  recorded: RecordedEvent,
  caseId: string,
  version: number,
  status: CasePlanChangedV1['status'],
): IntegrationEvent => caseEvent(CASE_EVENT_TYPES.planChanged, recorded, caseId, { version, status });

// A dimension the domain adds must be added to the contract first (tsc fails here until it is).
const _everyDimensionInTheContract: readonly ProgressDimensionV1[] = PROGRESS_DIMENSIONS;

/**
 * The rated dimensions with their ratings, in the contract's order; only known dimensions with a
 * whole-number rating from 1 to 5 (the decider allows no other), so an event never breaks its
 * schema: a producer refuses the whole page for one that does, and the relay would stop there.
 */
const ratedDimensions = (ratings: Readonly<Record<string, number | undefined>>): [ProgressDimensionV1, number][] =>
  PROGRESS_DIMENSIONS_V1.flatMap((dimension): [ProgressDimensionV1, number][] => {
    const rating = ratings[dimension];
    return rating !== undefined && Number.isInteger(rating) && rating >= 1 && rating <= 5 ? [[dimension, rating]] : [];
  });

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** `YYYY-MM` in UTC; the recorded times are ISO instants in UTC already, so mostly a slice. */
const monthOfInstant = (iso: string): string => (ISO_UTC.test(iso) ? iso.slice(0, 7) : monthOf(iso));
/** `YYYY-MM-DD` in UTC, likewise. */
const dayOfInstant = (iso: string): string =>
  ISO_UTC.test(iso) ? iso.slice(0, 10) : new Date(iso).toISOString().slice(0, 10);

/** An anonymised evaluation record: no subject, no category, no sequence. */
const evaluationRecord = <T extends IntegrationEventType>(
  type: T,
  recorded: RecordedEvent,
  month: string,
  data: IntegrationEventDataByType[T],
): IntegrationEvent<T, IntegrationEventDataByType[T]> => ({
  id: derivedId(`${TOPICS.evaluation}|${recorded.eventId}`),
  type,
  source: CASES_SOURCE,
  time: `${month}-01T00:00:00.000Z`,
  data,
});

/**
 * The case-topic form of one domain event, or null when it is not published. Minimised: the
 * pseudonymous case id as subject, agencies and roles but no person, no participant id, no free
 * text (no names, note text, evidence reference or erasure reason, no referral, dispute or
 * conference topic, no plan content, no ratings). Each event is mapped on its own, without the
 * case's state, so a re-sent page carries the same data. Not published at all:
 * `ConferenceAgreementRecorded` (the participant's answer decides inside the platform who sees the
 * name at the conference; no other system acts on it), and
 * `ChildProtectionAccessDeclared` — its mere existence says that a child-protection concern
 * (§ 8a SGB VIII) was raised, which is youth-welfare content; it grants one named person access for
 * 72 hours and changes nothing another system needs to know; the DPO sees it through the API.
 */
export const toCaseIntegrationEvent = (recorded: RecordedEvent): IntegrationEvent | null => {
  const event = caseEventOf(recorded);
  if (!event) return null;
  const caseId = event.data.caseId;
  switch (event.type) {
    case 'CaseOpened':
      return caseEvent(CASE_EVENT_TYPES.opened, recorded, caseId, {
        leadAgencyId: event.data.leadAgencyId,
        leadAgencyType: event.data.leadAgencyType,
      });
    case 'TeamMemberAdded':
      return caseEvent(CASE_EVENT_TYPES.teamMemberAdded, recorded, caseId, {
        agencyId: event.data.agencyId,
        role: event.data.role,
      });
    case 'ConsentGranted':
      return caseEvent(CASE_EVENT_TYPES.consentGranted, recorded, caseId, {
        consentId: event.data.consentId,
        purposes: unique(event.data.purposes),
        dataCategories: unique(event.data.dataCategories),
        recipientAgencyIds: unique(event.data.recipientAgencyIds),
        validUntil: event.data.validUntil,
      });
    case 'ConsentWithdrawn':
      return caseEvent(CASE_EVENT_TYPES.consentWithdrawn, recorded, caseId, { consentId: event.data.consentId });
    case 'HealthNoteRecorded':
      return caseEvent(CASE_EVENT_TYPES.healthNoteRecorded, recorded, caseId, {
        noteId: event.data.noteId,
        secrecy: event.data.secrecy,
      });
    case 'ParticipantDataErased':
      return caseEvent(CASE_EVENT_TYPES.participantErased, recorded, caseId, {});
    // Which categories, never the reason (issue 17).
    case 'CategoryDataErased':
      return caseEvent(CASE_EVENT_TYPES.categoryErased, recorded, caseId, {
        categories: unique(event.data.categories),
      });
    // § 65 SGB VIII: an entrusted note reaches no one without the entrusting person's consent, and a
    // subscriber is a system no consent names as a person; not even its existence leaves the platform.
    case 'ChildProtectionAccessDeclared':
    case 'EntrustedNoteRecorded':
      return null;
    // Not yet a contract: telling the recipients of a restriction (Art. 19 GDPR) is a later step.
    case 'CaseRestricted':
    case 'CaseRestrictionLifted':
    case 'AccuracyDisputed':
    case 'AccuracyDisputeResolved':
      return null;
    // The end of retention is the lead agency's matter; partners are not told (issue 17). The person's
    // request and its decision stay inside; the relay tells partner streams of an erasure or restriction
    // with partners.*.notified.v1 (partner-routing.ts), and RecipientsNotified is the record.
    case 'RetentionHoldPlaced':
    case 'RetentionHoldReleased':
    case 'RecordsOfferedToArchive':
    case 'ArchiveAnswerRecorded':
    case 'ErasureRequested':
    case 'ErasureRequestDecided':
    case 'ErasureRequestExecuted':
    case 'RecipientsNotified':
      return null;
    case 'ContactRecorded':
      // No summary and no participants: only that a contact of this kind took place on that day.
      return caseEvent(CASE_EVENT_TYPES.contactRecorded, recorded, caseId, {
        contactId: event.data.contactId,
        kind: event.data.kind,
        occurredOn: event.data.occurredAt.slice(0, 10),
        durationMinutes: event.data.durationMinutes,
      });
    case 'ContactCorrected':
      return caseEvent(CASE_EVENT_TYPES.contactCorrected, recorded, caseId, {
        contactId: event.data.contactId,
        correctionId: event.data.correctionId,
      });
    case 'AftercareStarted':
      return caseEvent(CASE_EVENT_TYPES.statusChanged, recorded, caseId, { status: 'aftercare', exitReason: null });
    case 'CaseClosed':
      return caseEvent(CASE_EVENT_TYPES.statusChanged, recorded, caseId, {
        status: 'closed',
        exitReason: event.data.exitReason,
      });
    case 'CaseReopened':
      return caseEvent(CASE_EVENT_TYPES.statusChanged, recorded, caseId, { status: 'active', exitReason: null });
    case 'ReferralSent':
      // Not the reason (personal), nor who referred, nor the consents behind it.
      return caseEvent(CASE_EVENT_TYPES.referralSent, recorded, caseId, {
        referralId: event.data.referralId,
        partnerAgencyId: event.data.partnerAgencyId,
        purpose: event.data.purpose,
        sharedCategories: unique(event.data.sharedCategories),
      });
    case 'ReferralAccepted':
      return referralStatus(recorded, caseId, event.data.referralId, 'accepted');
    case 'ReferralDeclined':
      // The decline reason stays inside the platform.
      return referralStatus(recorded, caseId, event.data.referralId, 'declined');
    case 'FirstAppointmentPlanned':
      // The partner's own scheduling: the loop stays accepted; subscribers learn of the held appointment.
      return null;
    case 'FirstAppointmentRecorded':
      return referralStatus(recorded, caseId, event.data.referralId, 'first_appointment', {
        waitingDays: event.data.waitingDays,
      });
    case 'ReferralCompleted':
      return referralStatus(recorded, caseId, event.data.referralId, 'completed', {
        attestation: { attended: event.data.attestation.attended, goalReached: event.data.attestation.goalReached },
      });
    case 'ReferralCancelled':
      return referralStatus(recorded, caseId, event.data.referralId, 'cancelled');
    // The plan: version and status only, never goals, steps, the legal basis or the participant's words.
    case 'PlanVersionDrafted':
      return planChanged(recorded, caseId, event.data.version, 'draft');
    case 'PlanVersionAgreed':
      return planChanged(recorded, caseId, event.data.version, 'agreed');
    case 'PlanDisputed':
      // The dispute's reason stays inside the platform.
      return planChanged(recorded, caseId, event.data.version, 'disputed');
    case 'MediationRequested':
      return planChanged(recorded, caseId, event.data.version, 'mediation_requested');
    case 'MediationConcluded':
      // Not the outcome: the plan's status says what follows (agreement, a new version, or neither).
      return planChanged(recorded, caseId, event.data.version, 'mediation_concluded');
    case 'PlanStepCompleted':
      // Not the step id: it is the client's (1–64 characters) and may carry words.
      return caseEvent(CASE_EVENT_TYPES.planStepCompleted, recorded, caseId, { version: event.data.version });
    case 'ConferenceScheduled':
      // Not the topic (personal): the invited agencies and the day.
      return caseEvent(CASE_EVENT_TYPES.conferenceScheduled, recorded, caseId, {
        conferenceId: event.data.conferenceId,
        invitedAgencyIds: unique(event.data.invitedAgencyIds),
        plannedOn: dayOfInstant(event.data.plannedFor),
      });
    case 'ConferenceAgreementRecorded':
      // The participant's answer decides who sees the name inside the platform; nothing to act on outside.
      return null;
    case 'ConferenceHeld':
      // Agencies only: no staff ids, no pseudonym, no decisions, not who saw the name.
      return caseEvent(CASE_EVENT_TYPES.conferenceHeld, recorded, caseId, {
        conferenceId: event.data.conferenceId,
        heldOn: dayOfInstant(event.data.heldAt),
        attendingAgencyIds: unique(event.data.attendees.map((a) => a.agencyId)),
        sharedCategories: unique(event.data.sharedCategories.filter(isDataCategory)),
      });
    case 'ProgressAssessed': {
      // Which dimensions were assessed, not the ratings (those go anonymised to evaluation only).
      const rated = ratedDimensions(event.data.ratings);
      return rated.length === 0
        ? null
        : caseEvent(CASE_EVENT_TYPES.progressAssessed, recorded, caseId, {
            assessmentId: event.data.assessmentId,
            perspective: event.data.perspective,
            dimensions: rated.map(([dimension]) => dimension),
            assessedOn: dayOfInstant(event.data.assessedAt),
          });
    }
  }
  // A type this version does not know (written by a newer one): not published until it is mapped.
  return null;
};

/**
 * The anonymised evaluation records of one domain event (topic `cases.evaluation.v1`): no subject,
 * no case, consent, note or person id, and only the month as time (the first instant of the month).
 * The id is derived from the domain event id, so a redelivered record de-duplicates in the
 * subscriber's inbox, but it cannot be linked to the case-topic event (a different name, and the
 * domain event id is not published).
 */
export const toEvaluationRecords = (recorded: RecordedEvent): IntegrationEvent[] => {
  const event = caseEventOf(recorded);
  if (!event) return [];
  const month = monthOfInstant(recorded.metadata.occurredAt);
  // A planned first appointment gives no record: the waiting time counts to the held one (referral_waited).
  switch (event.type) {
    case 'CaseOpened':
      return [
        evaluationRecord(EVALUATION_EVENT_TYPES.caseOpened, recorded, month, {
          leadAgencyType: event.data.leadAgencyType,
          month,
        }),
      ];
    case 'TeamMemberAdded':
      return [
        evaluationRecord(EVALUATION_EVENT_TYPES.teamMemberAdded, recorded, month, { role: event.data.role, month }),
      ];
    case 'ConsentGranted':
      return [
        evaluationRecord(EVALUATION_EVENT_TYPES.consentGranted, recorded, month, {
          purposes: unique(event.data.purposes),
          categoryCount: unique(event.data.dataCategories).length,
          recipientCount: unique(event.data.recipientAgencyIds).length + unique(event.data.recipientUserIds).length,
          month,
        }),
      ];
    case 'ConsentWithdrawn':
      return [evaluationRecord(EVALUATION_EVENT_TYPES.consentWithdrawn, recorded, month, { month })];
    case 'CaseClosed':
      return [
        evaluationRecord(EVALUATION_EVENT_TYPES.caseClosed, recorded, month, {
          exitReason: event.data.exitReason,
          month,
        }),
      ];
    case 'FirstAppointmentRecorded':
      // Neither partner nor partner type: the event names only the referral, and the mapping is a
      // function of the one event (no directory, no case state), so a re-send carries the same data.
      return [
        evaluationRecord(EVALUATION_EVENT_TYPES.referralWaited, recorded, month, {
          waitingDays: event.data.waitingDays,
          month,
        }),
      ];
    case 'ProgressAssessed': {
      const rated = ratedDimensions(event.data.ratings);
      return rated.length === 0
        ? []
        : [
            evaluationRecord(EVALUATION_EVENT_TYPES.progressAssessed, recorded, month, {
              perspective: event.data.perspective,
              ratings: Object.fromEntries(rated),
              month,
            }),
          ];
    }
    case 'HealthNoteRecorded':
    case 'EntrustedNoteRecorded':
    case 'CaseRestricted':
    case 'CaseRestrictionLifted':
    case 'AccuracyDisputed':
    case 'AccuracyDisputeResolved':
    case 'CategoryDataErased':
    case 'RetentionHoldPlaced':
    case 'RetentionHoldReleased':
    case 'RecordsOfferedToArchive':
    case 'ArchiveAnswerRecorded':
    case 'ErasureRequested':
    case 'ErasureRequestDecided':
    case 'ErasureRequestExecuted':
    case 'RecipientsNotified':
    case 'ParticipantDataErased':
    case 'ChildProtectionAccessDeclared':
    case 'ContactRecorded':
    case 'ContactCorrected':
    case 'AftercareStarted':
    case 'CaseReopened':
    case 'ReferralSent':
    case 'ReferralAccepted':
    case 'ReferralDeclined':
    case 'FirstAppointmentPlanned':
    case 'ReferralCompleted':
    case 'ReferralCancelled':
    case 'PlanVersionDrafted':
    case 'PlanVersionAgreed':
    case 'PlanDisputed':
    case 'MediationRequested':
    case 'MediationConcluded':
    case 'PlanStepCompleted':
    case 'ConferenceScheduled':
    case 'ConferenceAgreementRecorded':
    case 'ConferenceHeld':
      return [];
  }
  return [];
};

/**
 * The copy of a case event for one subscriber's stream: its own id (de-duplication per stream, and
 * no id shared between two partners' streams) and its own sequence, counted per subscriber and
 * case, so gaps do not tell a partner that something it may not see happened.
 */
export const toPartnerCopy = (event: IntegrationEvent, subscriberId: string, sequence: number): IntegrationEvent => ({
  id: derivedId(`${partnerTopic(subscriberId)}|${event.id}`),
  type: event.type,
  source: event.source,
  time: event.time,
  subject: event.subject,
  category: event.category,
  sequence,
  data: event.data,
});

/**
 * `partners.cover.ended.v1` for one subscriber and case. `episode` names the stretch of cover that
 * ended (the domain event id that started it), so the same end has the same id when it is sent again.
 */
export const toCoverEnded = (options: {
  readonly subscriberId: string;
  readonly caseId: string;
  readonly episode: string;
  readonly reason: CoverEndedReason;
  readonly at: Date;
  readonly sequence: number;
}): IntegrationEvent =>
  integrationEvent(PARTNER_EVENT_TYPES.coverEnded, {
    id: derivedId(`${partnerTopic(options.subscriberId)}|cover-ended|${options.caseId}|${options.episode}`),
    time: options.at.toISOString(),
    subject: options.caseId,
    sequence: options.sequence,
    data: { reason: options.reason },
  });

export const caseTopicMessage = (event: IntegrationEvent): OutgoingMessage => ({
  topic: TOPICS.caseEvents,
  key: event.subject ?? '',
  event,
});

/** Evaluation records are keyed by their month: no case key, and no order is needed between them. */
export const evaluationMessage = (event: IntegrationEvent): OutgoingMessage => ({
  topic: TOPICS.evaluation,
  key: event.time.slice(0, 7),
  event,
});

export const partnerMessage = (subscriberId: string, event: IntegrationEvent): OutgoingMessage => ({
  topic: partnerTopic(subscriberId),
  key: event.subject ?? '',
  event,
});

/**
 * Art. 19 GDPR: the notice an erasure or restriction of a case gives every partner stream that ever
 * received the case (also after its cover ended). Undefined for every other event.
 */
export const art19NoticeOf = (
  recorded: RecordedEvent,
): { readonly caseId: string; readonly type: IntegrationEventType; readonly data: object } | undefined => {
  const event = caseEventOf(recorded);
  if (!event) return undefined;
  const effectiveAt = recorded.metadata.occurredAt;
  if (event.type === 'ParticipantDataErased')
    return {
      caseId: event.data.caseId,
      type: PARTNER_EVENT_TYPES.erasureNotified,
      data: { categories: [...DATA_CATEGORIES], effectiveAt, legalBasis: 'gdpr_art_17_sgb_x_84' },
    };
  if (event.type === 'CategoryDataErased')
    return {
      caseId: event.data.caseId,
      type: PARTNER_EVENT_TYPES.erasureNotified,
      data: { categories: [...event.data.categories], effectiveAt, legalBasis: 'gdpr_art_17_sgb_x_84' },
    };
  if (event.type === 'CaseRestricted')
    return {
      caseId: event.data.caseId,
      type: PARTNER_EVENT_TYPES.restrictionNotified,
      data: {
        action: 'restricted',
        categories: [...restrictedCategories(event.data.scope)],
        effectiveAt,
        legalBasis: 'gdpr_art_18_sgb_x_84',
      },
    };
  // The restriction in force is lifted as a whole: no categories named.
  if (event.type === 'CaseRestrictionLifted')
    return {
      caseId: event.data.caseId,
      type: PARTNER_EVENT_TYPES.restrictionNotified,
      data: { action: 'lifted', categories: [], effectiveAt, legalBasis: 'gdpr_art_18_sgb_x_84' },
    };
  return undefined;
};

/** The notice for one subscriber's stream: its id derived from the stream and the domain event. */
export const toArt19Notice = (
  notice: NonNullable<ReturnType<typeof art19NoticeOf>>,
  recorded: RecordedEvent,
  subscriberId: string,
  sequence: number,
): IntegrationEvent => ({
  id: derivedId(`${partnerTopic(subscriberId)}|art19|${recorded.eventId}`),
  type: notice.type,
  source: CASES_SOURCE,
  time: recorded.metadata.occurredAt,
  subject: notice.caseId,
  sequence,
  data: notice.data,
});
