import { randomUUID } from 'node:crypto';
import { type NewEvent } from '@fallverbund/event-store';

/** An event no projection handles: moves the runner's positions without changing a read model. */
export const noteEvent = (): NewEvent => ({
  eventId: randomUUID(),
  type: 'NoteForTest',
  schemaVersion: 1,
  metadata: {
    occurredAt: '2026-11-25T10:00:00.000Z',
    actor: { userId: 'anna.coach', agencyId: 'jobcenter-mitte', role: 'caseworker' as const },
    purpose: 'integration' as const,
    correlationId: randomUUID(),
    causationId: null,
  },
  data: {},
});
