import { type CaseEvent } from '@fallverbund/cases-domain';
import { type RecordedEvent } from '@fallverbund/event-store';
import { type TimelineEntryView } from './case.queries';

/**
 * What happened in a case, without content: the timeline is the case's stream itself, read as stored
 * (personal fields sealed) and reduced to who did what, when, for which purpose.
 */
export const timelineEntry = (recorded: RecordedEvent): TimelineEntryView => {
  const event = { type: recorded.type, data: recorded.data } as CaseEvent;
  return {
    eventId: recorded.eventId,
    version: recorded.version,
    type: recorded.type,
    occurredAt: recorded.metadata.occurredAt,
    actor: { userId: recorded.metadata.actor.userId, agencyId: recorded.metadata.actor.agencyId },
    purpose: recorded.metadata.purpose,
    details: detailsOf(event),
  };
};

const detailsOf = (event: CaseEvent): Record<string, string> => {
  switch (event.type) {
    case 'CaseOpened':
      return {
        leadAgencyId: event.data.leadAgencyId,
        firstContactAt: event.data.firstContactAt ?? event.data.openedAt,
      };
    case 'TeamMemberAdded':
      return { userId: event.data.userId, agencyId: event.data.agencyId, role: event.data.role };
    case 'ConsentGranted':
      return {
        consentId: event.data.consentId,
        purposes: event.data.purposes.join(','),
        dataCategories: event.data.dataCategories.join(','),
      };
    case 'ConsentWithdrawn':
      return { consentId: event.data.consentId };
    case 'HealthNoteRecorded':
      return { noteId: event.data.noteId };
    case 'EntrustedNoteRecorded':
      return { noteId: event.data.noteId };
    case 'ChildProtectionAccessDeclared':
      return { declarationId: event.data.declarationId, userId: event.data.userId, expiresAt: event.data.expiresAt };
    case 'ParticipantDataErased':
      return {};
    case 'ContactRecorded':
      return { contactId: event.data.contactId, kind: event.data.kind, occurredAt: event.data.occurredAt };
    case 'ContactCorrected':
      return { contactId: event.data.contactId, correctionId: event.data.correctionId };
    case 'AftercareStarted':
      return { followUps: event.data.followUps.join(',') };
    case 'CaseClosed':
      return { exitReason: event.data.exitReason };
    case 'CaseReopened':
      return {};
    case 'ReferralSent':
      return {
        referralId: event.data.referralId,
        partnerAgencyId: event.data.partnerAgencyId,
        sharedCategories: event.data.sharedCategories.join(','),
      };
    case 'ReferralAccepted':
    case 'ReferralDeclined':
    case 'ReferralCancelled':
      return { referralId: event.data.referralId };
    case 'FirstAppointmentPlanned':
      return {
        referralId: event.data.referralId,
        appointmentAt: event.data.appointmentAt,
        ...(event.data.previous ? { rescheduled: event.data.previous.reason } : {}),
      };
    case 'FirstAppointmentRecorded':
      return { referralId: event.data.referralId, waitingDays: String(event.data.waitingDays) };
    case 'ReferralCompleted':
      return {
        referralId: event.data.referralId,
        attended: String(event.data.attestation.attended),
        goalReached: String(event.data.attestation.goalReached),
      };
    case 'PlanVersionDrafted':
    case 'PlanVersionAgreed':
    case 'PlanDisputed':
    case 'MediationRequested':
    case 'MediationConcluded':
      return { version: String(event.data.version) };
    case 'PlanStepCompleted':
      return { version: String(event.data.version), stepId: event.data.stepId };
    case 'ConferenceScheduled':
    case 'ConferenceAgreementRecorded':
      return { conferenceId: event.data.conferenceId };
    case 'ConferenceHeld':
      return { conferenceId: event.data.conferenceId, attendingAgencies: String(event.data.attendees.length) };
    case 'ProgressAssessed':
      return { assessmentId: event.data.assessmentId, perspective: event.data.perspective };
    case 'CaseRestricted':
      return {
        scope: event.data.scope === 'case' ? 'case' : event.data.scope.join(','),
        reason: event.data.reason,
      };
    case 'AccuracyDisputed':
      return { categories: event.data.categories === null ? 'case' : event.data.categories.join(',') };
    case 'CaseRestrictionLifted':
    case 'AccuracyDisputeResolved':
      return {};
    case 'CategoryDataErased':
      return { categories: event.data.categories.join(',') };
    case 'RetentionHoldPlaced':
      return { reason: event.data.reason };
    case 'RecordsOfferedToArchive':
      return { retentionClass: event.data.retentionClass, answerDueAt: event.data.answerDueAt };
    case 'ArchiveAnswerRecorded':
      return { answer: event.data.answer };
    case 'RetentionHoldReleased':
      return {};
    case 'ErasureRequested':
      return {
        requestId: event.data.requestId,
        channel: event.data.channel,
        scope: event.data.scope === 'case' ? 'case' : event.data.scope.join(','),
        dueAt: event.data.dueAt,
      };
    case 'ErasureRequestDecided':
      return { requestId: event.data.requestId, decision: event.data.decision, reason: event.data.reason };
    case 'ErasureRequestExecuted':
      return { requestId: event.data.requestId };
    case 'RecipientsNotified':
      return { trigger: event.data.trigger, categories: event.data.categories.join(',') };
  }
};
