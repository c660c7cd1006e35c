import { type Event } from '@fallverbund/kernel';

/** A participant account was bound to a case by redeeming an invitation: from now on it may see that case. */
export type ParticipantBoundToCase = Event<
  'ParticipantBoundToCase',
  { userId: string; caseId: string; invitationId: string; boundAt: string }
>;
export type ParticipantBindingEvent = ParticipantBoundToCase;

/** The cases one participant account is bound to, in the order they were bound. */
export interface ParticipantBindings {
  readonly caseIds: readonly string[];
}

/** Bindings are kept per account, in a stream of their own: the check on every `/api/me/cases/{id}` reads it. */
export const participantStreamId = (userId: string): string => `participant-${userId}`;

export const initialBindings = (): ParticipantBindings => ({ caseIds: [] });

export const evolveBindings = (state: ParticipantBindings, event: ParticipantBindingEvent): ParticipantBindings =>
  state.caseIds.includes(event.data.caseId) ? state : { caseIds: [...state.caseIds, event.data.caseId] };

/** Whether the account is bound to the case; the only question a participant route asks before anything else. */
export const isBoundTo = (state: ParticipantBindings, caseId: string): boolean => state.caseIds.includes(caseId);
