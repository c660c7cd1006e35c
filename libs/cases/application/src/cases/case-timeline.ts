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
      return { leadAgencyId: event.data.leadAgencyId };
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
  }
};
