import { randomUUID } from 'node:crypto';
import {
  type CaseEvent,
  type ChildProtectionAccessDeclared,
  type ConsentGranted,
  caseStreamId,
} from '@fallverbund/cases-domain';
import { type NewEvent, type RecordedEvent } from '@fallverbund/event-store';
import { type AgencyType, type Role } from '@fallverbund/kernel';

/** Builds the domain events of one case as the API would record them (for relay tests and benchmarks). */
export class CaseHistory {
  private version = 0;
  /** The stream version each built event takes. */
  readonly versions = new Map<string, number>();
  readonly participantId = randomUUID();

  constructor(
    readonly caseId: string = randomUUID(),
    readonly lead: { readonly agencyId: string; readonly agencyType: AgencyType } = {
      agencyId: 'jobcenter-mitte',
      agencyType: 'jobcenter',
    },
  ) {}

  get streamId(): string {
    return caseStreamId(this.caseId);
  }

  /** The stream version the events built so far take the stream to. */
  get nextExpectedVersion(): number {
    return this.version;
  }

  opened(at: string): NewEvent {
    return this.event(at, {
      type: 'CaseOpened',
      data: {
        caseId: this.caseId,
        participantId: this.participantId,
        participant: { givenName: 'Mara', familyName: 'Beispiel', birthDate: '1990-04-01' },
        leadAgencyId: this.lead.agencyId,
        leadAgencyType: this.lead.agencyType,
        openedBy: 'anna.coach',
        openedByRole: 'caseworker',
        openedAt: at,
      },
    });
  }

  teamMember(at: string, agencyId = 'jugendamt-mitte', role: Role = 'caseworker', userId = 'clara.youth'): NewEvent {
    return this.event(at, {
      type: 'TeamMemberAdded',
      data: { caseId: this.caseId, userId, agencyId, role, addedBy: 'anna.coach', addedAt: at },
    });
  }

  consent(
    at: string,
    grant: Partial<Omit<ConsentGranted['data'], 'caseId' | 'grantedAt'>> = {},
  ): NewEvent & { consentId: string } {
    const consentId = grant.consentId ?? randomUUID();
    return {
      ...this.event(at, {
        type: 'ConsentGranted',
        data: {
          consentId,
          purposes: ['coordination'],
          dataCategories: ['case_admin', 'plan'],
          recipientAgencyIds: ['jugendamt-mitte'],
          recipientUserIds: [],
          validUntil: null,
          form: 'written',
          grantedBy: 'participant',
          evidenceRef: 'scan-4711',
          recordedBy: 'anna.coach',
          ...grant,
          caseId: this.caseId,
          grantedAt: at,
        },
      }),
      consentId,
    };
  }

  withdraw(at: string, consentId: string): NewEvent {
    return this.event(at, {
      type: 'ConsentWithdrawn',
      data: { caseId: this.caseId, consentId, withdrawnAt: at, recordedBy: 'anna.coach' },
    });
  }

  healthNote(at: string, text = 'Schlafstörungen, Hausarzt empfiehlt Psychotherapie'): NewEvent {
    return this.event(at, {
      type: 'HealthNoteRecorded',
      data: {
        caseId: this.caseId,
        noteId: randomUUID(),
        participantId: this.participantId,
        text,
        authorUserId: 'anna.coach',
        authorAgencyId: this.lead.agencyId,
        secrecy: false,
        recordedAt: at,
      },
    });
  }

  childProtection(at: string): NewEvent {
    const data: ChildProtectionAccessDeclared['data'] = {
      caseId: this.caseId,
      declarationId: randomUUID(),
      userId: 'clara.youth',
      agencyId: 'jugendamt-mitte',
      justification: 'Kita meldet Verletzungen, sofortige Prüfung nötig',
      declaredAt: at,
      expiresAt: new Date(Date.parse(at) + 72 * 3600_000).toISOString(),
    };
    return this.event(at, { type: 'ChildProtectionAccessDeclared', data });
  }

  erased(at: string): NewEvent {
    return this.event(at, {
      type: 'ParticipantDataErased',
      data: { caseId: this.caseId, participantId: this.participantId, erasedAt: at, reason: 'end of retention' },
    });
  }

  private event(at: string, event: CaseEvent): NewEvent {
    this.version += 1;
    const eventId = randomUUID();
    this.versions.set(eventId, this.version);
    return {
      eventId,
      type: event.type,
      schemaVersion: 1,
      data: event.data,
      metadata: {
        occurredAt: at,
        actor: { userId: 'anna.coach', agencyId: this.lead.agencyId, role: 'caseworker' },
        purpose: 'integration',
        correlationId: randomUUID(),
        causationId: null,
      },
    };
  }
}

let position = 0n;

/** Events as the log returns them: their stream, their version in it, and fresh positions. */
export const recorded = (history: CaseHistory, ...events: readonly NewEvent[]): RecordedEvent[] =>
  events.map((event) => {
    position += 1n;
    return {
      ...event,
      streamId: history.streamId,
      version: history.versions.get(event.eventId) ?? 0,
      position: { commit: position, prepare: position },
    };
  });
