import { randomUUID } from 'node:crypto';
import {
  type CaseEvent,
  type ChildProtectionAccessDeclared,
  type ConsentGranted,
  caseStreamId,
  type Ratings,
  type ReferralSent,
} from '@fallverbund/cases-domain';
import { type NewEvent, type RecordedEvent } from '@fallverbund/event-store';
import { type AgencyType, type DataCategory, type Role } from '@fallverbund/kernel';

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

  /** § 65 SGB VIII: entrusted to clara.youth by the participant. */
  entrustedNote(at: string, text = 'Angst vor dem Stiefvater, möchte nicht nach Hause'): NewEvent {
    return this.event(at, {
      type: 'EntrustedNoteRecorded',
      data: {
        caseId: this.caseId,
        noteId: randomUUID(),
        participantId: this.participantId,
        text,
        entrustedBy: 'participant',
        authorUserId: 'clara.youth',
        authorAgencyId: 'jugendamt-mitte',
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

  restricted(at: string, scope: 'case' | DataCategory[] = 'case'): NewEvent {
    return this.event(at, {
      type: 'CaseRestricted',
      data: {
        caseId: this.caseId,
        scope,
        reason: 'erasure_barred_by_retention',
        decidedBy: 'frieda.dpo',
        restrictedAt: at,
      },
    });
  }

  restrictionLifted(at: string): NewEvent {
    return this.event(at, {
      type: 'CaseRestrictionLifted',
      data: { caseId: this.caseId, liftedBy: 'frieda.dpo', liftedAt: at },
    });
  }

  // Case work: every personal field carries text a leak check can look for.

  referral(
    at: string,
    sent: Partial<Pick<ReferralSent['data'], 'partnerAgencyId' | 'purpose' | 'sharedCategories' | 'reason'>> = {},
  ): NewEvent & { referralId: string } {
    const referralId = randomUUID();
    return {
      ...this.event(at, {
        type: 'ReferralSent',
        data: {
          participantId: this.participantId,
          partnerAgencyId: 'suchtberatung-nord',
          purpose: 'coordination',
          sharedCategories: ['case_admin', 'referrals'],
          consentIds: [randomUUID()],
          reason: 'Alkoholkonsum seit der Trennung, bittet um Beratung',
          referredBy: 'anna.coach',
          referredByAgencyId: this.lead.agencyId,
          ...sent,
          caseId: this.caseId,
          referralId,
          sentAt: at,
        },
      }),
      referralId,
    };
  }

  referralAccepted(at: string, referralId: string): NewEvent {
    return this.event(at, {
      type: 'ReferralAccepted',
      data: { caseId: this.caseId, referralId, acceptedBy: 'emil.counsel', acceptedAt: at },
    });
  }

  referralDeclined(at: string, referralId: string): NewEvent {
    return this.event(at, {
      type: 'ReferralDeclined',
      data: {
        caseId: this.caseId,
        referralId,
        reason: 'participant_unreachable',
        declinedBy: 'emil.counsel',
        declinedAt: at,
      },
    });
  }

  appointmentPlanned(at: string, referralId: string, appointmentAt: string): NewEvent {
    return this.event(at, {
      type: 'FirstAppointmentPlanned',
      data: {
        caseId: this.caseId,
        referralId,
        appointmentAt,
        previous: null,
        plannedBy: 'emil.counsel',
        plannedAt: at,
      },
    });
  }

  firstAppointment(at: string, referralId: string, waitingDays = 9): NewEvent {
    return this.event(at, {
      type: 'FirstAppointmentRecorded',
      data: {
        caseId: this.caseId,
        referralId,
        appointmentAt: at,
        waitingDays,
        recordedBy: 'emil.counsel',
        recordedAt: at,
      },
    });
  }

  referralCompleted(at: string, referralId: string, attestation = { attended: true, goalReached: false }): NewEvent {
    return this.event(at, {
      type: 'ReferralCompleted',
      data: { caseId: this.caseId, referralId, attestation, completedBy: 'emil.counsel', completedAt: at },
    });
  }

  referralCancelled(at: string, referralId: string): NewEvent {
    return this.event(at, {
      type: 'ReferralCancelled',
      data: {
        caseId: this.caseId,
        referralId,
        reason: 'need_met_elsewhere',
        cancelledBy: 'anna.coach',
        cancelledAt: at,
      },
    });
  }

  planDrafted(at: string, version = 1): NewEvent {
    return this.event(at, {
      type: 'PlanVersionDrafted',
      data: {
        caseId: this.caseId,
        participantId: this.participantId,
        version,
        legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
        goals: [{ goalId: 'g-schulden', lifeArea: 'finances', text: 'Schulden bei der Sparkasse regeln' }],
        steps: [
          {
            stepId: 'termin-schuldnerberatung',
            goalId: 'g-schulden',
            action: 'Termin bei der Schuldnerberatung vereinbaren',
            responsible: 'participant',
            dueDate: '2026-12-15',
          },
        ],
        participantWords: 'Ich will endlich schuldenfrei sein',
        schedule: [{ stepId: 'termin-schuldnerberatung', dueDate: '2026-12-15' }],
        textCategories: {
          goals: [{ goalId: 'g-schulden', category: 'finances' }],
          steps: [{ stepId: 'termin-schuldnerberatung', category: 'finances' }],
          participantWords: 'finances',
        },
        draftedBy: 'anna.coach',
        draftedAt: at,
      },
    });
  }

  planAgreed(at: string, version = 1): NewEvent {
    return this.event(at, {
      type: 'PlanVersionAgreed',
      data: { caseId: this.caseId, version, form: 'written', recordedBy: 'anna.coach', agreedAt: at },
    });
  }

  planDisputed(at: string, version = 1): NewEvent {
    return this.event(at, {
      type: 'PlanDisputed',
      data: {
        caseId: this.caseId,
        participantId: this.participantId,
        version,
        reason: 'Die Frist ist wegen der Pflege der Mutter zu kurz',
        recordedBy: 'anna.coach',
        disputedAt: at,
      },
    });
  }

  mediationRequested(at: string, version = 1): NewEvent {
    return this.event(at, {
      type: 'MediationRequested',
      data: { caseId: this.caseId, version, requestedBy: 'anna.coach', requestedAt: at },
    });
  }

  mediationConcluded(at: string, version = 1): NewEvent {
    return this.event(at, {
      type: 'MediationConcluded',
      data: { caseId: this.caseId, version, outcome: 'agreement_reached', concludedBy: 'anna.coach', concludedAt: at },
    });
  }

  planStepCompleted(at: string, version = 1, stepId = 'termin-schuldnerberatung'): NewEvent {
    return this.event(at, {
      type: 'PlanStepCompleted',
      data: { caseId: this.caseId, version, stepId, completedBy: 'anna.coach', completedAt: at },
    });
  }

  conferenceScheduled(at: string, conferenceId: string, invitedAgencyIds = ['jugendamt-mitte']): NewEvent {
    return this.event(at, {
      type: 'ConferenceScheduled',
      data: {
        caseId: this.caseId,
        conferenceId,
        participantId: this.participantId,
        topic: 'Wohnungsverlust droht, Räumungsklage',
        topicCategory: 'case_admin',
        invitedAgencyIds,
        plannedFor: '2026-12-03T09:00:00.000Z',
        scheduledBy: 'anna.coach',
        scheduledAt: at,
      },
    });
  }

  conferenceAgreement(at: string, conferenceId: string): NewEvent {
    return this.event(at, {
      type: 'ConferenceAgreementRecorded',
      data: {
        caseId: this.caseId,
        conferenceId,
        agreed: true,
        form: 'verbal',
        recordedBy: 'anna.coach',
        recordedAt: at,
      },
    });
  }

  conferenceHeld(at: string, conferenceId: string): NewEvent {
    return this.event(at, {
      type: 'ConferenceHeld',
      data: {
        caseId: this.caseId,
        conferenceId,
        participantId: this.participantId,
        heldAt: at,
        attendees: [
          { agencyId: this.lead.agencyId, userIds: ['anna.coach'], identified: true },
          { agencyId: 'jugendamt-mitte', userIds: ['clara.youth'], identified: false },
          { agencyId: 'jugendamt-mitte', userIds: ['ben.lead'], identified: false },
        ],
        pseudonym: 'TN-PSEUDO01',
        sharedCategories: ['case_admin', 'plan'],
        decisions: ['Jugendamt prüft Hilfe zur Erziehung für den Sohn'],
        decisionCategories: ['youth_welfare'],
        recordedBy: 'anna.coach',
        recordedAt: at,
      },
    });
  }

  progress(
    at: string,
    perspective: 'coach' | 'self' = 'self',
    ratings: Ratings = { work_readiness: 2, daily_structure: 4 },
  ): NewEvent & { assessmentId: string } {
    const assessmentId = randomUUID();
    return {
      ...this.event(at, {
        type: 'ProgressAssessed',
        data: {
          caseId: this.caseId,
          assessmentId,
          perspective,
          ratings,
          assessedAt: at,
          recordedBy: 'anna.coach',
          recordedAt: at,
        },
      }),
      assessmentId,
    };
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
