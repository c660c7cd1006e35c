import { type CaseEvent } from '@fallverbund/cases-domain';
import {
  CASE_EVENT_TYPES,
  CASES_SOURCE,
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
  TOPICS,
} from '@fallverbund/contracts';
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

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
/** `YYYY-MM` in UTC; the recorded times are ISO instants in UTC already, so mostly a slice. */
const monthOfInstant = (iso: string): string => (ISO_UTC.test(iso) ? iso.slice(0, 7) : monthOf(iso));

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
 * text (no names, note text, evidence reference or erasure reason). Not published at all:
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
    case 'ChildProtectionAccessDeclared':
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
    // Referrals, plan, conferences and progress are not published yet (docs/event-catalogue.md).
    case 'ReferralSent':
    case 'ReferralAccepted':
    case 'ReferralDeclined':
    case 'FirstAppointmentRecorded':
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
    case 'ProgressAssessed':
      return null;
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
    case 'HealthNoteRecorded':
    case 'ParticipantDataErased':
    case 'ChildProtectionAccessDeclared':
    case 'ContactRecorded':
    case 'ContactCorrected':
    case 'AftercareStarted':
    case 'CaseReopened':
    case 'ReferralSent':
    case 'ReferralAccepted':
    case 'ReferralDeclined':
    case 'FirstAppointmentRecorded':
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
    case 'ProgressAssessed':
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
