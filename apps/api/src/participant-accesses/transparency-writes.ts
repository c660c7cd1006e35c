import { randomUUID } from 'node:crypto';
import { AccessDeniedError, auditEntry, type AuditTrail, type RequestContext } from '@fallverbund/cases-application';
import { type NewEvent, type RecordedEvent } from '@fallverbund/event-store';
import { type EventMetadata } from '@fallverbund/kernel';

/** Who writes an event, and under which purpose: staff from their request, a participant with no agency. */
export interface Writer {
  readonly userId: string;
  readonly agencyId: string;
  readonly role: string;
  readonly purpose: string;
  readonly requestId: string;
  readonly now: Date;
}

export const writerOf = (context: RequestContext): Writer => ({
  userId: context.actor.userId,
  agencyId: context.actor.agencyId,
  role: context.actor.role,
  purpose: context.purpose,
  requestId: context.requestId,
  now: context.now,
});

export const newEvent = (writer: Writer, event: { type: string; data: object }, schemaVersion: number): NewEvent => ({
  eventId: randomUUID(),
  type: event.type,
  schemaVersion,
  data: event.data,
  // A participant writes with role `participant`, no agency and purpose `data_subject_access`, which
  // the staff vocabulary of EventMetadata does not name; the stored metadata is plain JSON either way.
  metadata: {
    occurredAt: writer.now.toISOString(),
    actor: { userId: writer.userId, agencyId: writer.agencyId, role: writer.role },
    purpose: writer.purpose,
    correlationId: writer.requestId,
    causationId: null,
  } as unknown as EventMetadata,
});

export type Route = { readonly action: string; readonly route: string };
export const dpoPermitted = (context: RequestContext): boolean =>
  context.actor.role === 'data_protection_officer' && context.purpose === 'audit';

/** Records the refusal of a DPO route and throws 403; the case is named only when the caller named it. */
export const refuseNonDpo = async (
  trail: AuditTrail,
  context: RequestContext,
  route: Route,
  caseRef: string | null,
): Promise<never> => {
  await trail.record([
    auditEntry(context, { ...route, caseRef, categories: [], legalBasis: [], decision: 'deny', outcome: 403 }),
  ]);
  throw new AccessDeniedError('only data protection officers, with purpose audit, work with deferrals and questions');
};

/** The events just appended, as the global log will hold them (its position is not needed here). */
export const recorded = (streamId: string, version: number, events: readonly NewEvent[]): RecordedEvent[] =>
  events.map((e, i) => ({ ...e, streamId, version: version + i + 1, position: { commit: 0n, prepare: 0n } }));
