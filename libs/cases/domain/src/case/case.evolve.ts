import { type AgencyType, type DataCategory, type Purpose, type Role } from '@fallverbund/kernel';
import { type ConferenceState, evolveConference } from './case.conferences';
import { type CaseEvent } from './case.events';
import { evolvePlan, type PlanState } from './case.plan';
import { evolveReferral, type ReferralState } from './case.referrals';
import { type AccuracyDisputeState, evolveRestriction, type RestrictionState } from './case.restriction';
import { evolveRetention, initialRetentionState, type RetentionState } from './case.retention';
import { type ErasureRequestState, evolveErasureRequest } from './case.erasure-request';

export interface TeamMember {
  readonly userId: string;
  readonly agencyId: string;
  readonly role: Role;
}

export interface ConsentState {
  readonly consentId: string;
  readonly purposes: readonly Purpose[];
  readonly dataCategories: readonly DataCategory[];
  readonly recipientAgencyIds: readonly string[];
  readonly recipientUserIds: readonly string[];
  readonly validUntil: string | null;
  readonly grantedAt: string;
  readonly withdrawnAt: string | null;
}

export interface ChildProtectionDeclaration {
  readonly declarationId: string;
  readonly userId: string;
  readonly declaredAt: string;
  readonly expiresAt: string;
}

/** Active from the grant until withdrawal, and through the end of the validUntil day (UTC). */
export const isConsentActiveAt = (consent: ConsentState, now: Date): boolean =>
  consent.withdrawnAt === null &&
  Date.parse(consent.grantedAt) <= now.getTime() &&
  (consent.validUntil === null || now.toISOString().slice(0, 10) <= consent.validUntil);

export type Lifecycle = 'active' | 'aftercare' | 'closed';

/** What the decisions need of a contact: never its summary. */
export interface ContactState {
  readonly contactId: string;
  readonly occurredAt: string;
}

export type Case =
  | { readonly status: 'none' }
  | {
      readonly status: 'open';
      readonly caseId: string;
      readonly participantId: string;
      readonly leadAgencyId: string;
      readonly leadAgencyType: AgencyType;
      readonly team: readonly TeamMember[];
      readonly participantErased: boolean;
      readonly consents: readonly ConsentState[];
      readonly childProtectionDeclarations: readonly ChildProtectionDeclaration[];
      readonly openedAt: string;
      /** The first contact (intake): contacts are dated from then on. */
      readonly firstContactAt: string;
      readonly lifecycle: Lifecycle;
      readonly contacts: readonly ContactState[];
      readonly referrals: readonly ReferralState[];
      readonly plan: PlanState | null;
      readonly conferences: readonly ConferenceState[];
      /** § 84 SGB X: the restriction of processing in force, if any. */
      readonly restriction: RestrictionState | null;
      /** The accuracy of the case (or of some categories) is disputed by the person. */
      readonly accuracyDispute: AccuracyDisputeState | null;
      /** The end of retention: a hold of the DPO, the offer to the archive (issue 17). */
      readonly retention: RetentionState;
      /** Requests for erasure (Art. 17 GDPR) and where each stands. */
      readonly erasureRequests: readonly ErasureRequestState[];
    };
export type ExistingCase = Extract<Case, { status: 'open' }>;

export const initialCaseState = (): Case => ({ status: 'none' });

export const evolveCase = (state: Case, event: CaseEvent): Case => {
  switch (event.type) {
    case 'CaseOpened': {
      const { caseId, participantId, leadAgencyId, leadAgencyType, openedBy, openedByRole, openedAt, firstContactAt } =
        event.data;
      return {
        status: 'open',
        caseId,
        participantId,
        leadAgencyId,
        leadAgencyType,
        team: [{ userId: openedBy, agencyId: leadAgencyId, role: openedByRole }],
        participantErased: false,
        consents: [],
        childProtectionDeclarations: [],
        openedAt,
        firstContactAt: firstContactAt ?? openedAt,
        lifecycle: 'active',
        contacts: [],
        referrals: [],
        plan: null,
        conferences: [],
        restriction: null,
        accuracyDispute: null,
        retention: initialRetentionState(),
        erasureRequests: [],
      };
    }
    case 'TeamMemberAdded': {
      if (state.status === 'none') return state;
      const { userId, agencyId, role } = event.data;
      return { ...state, team: [...state.team, { userId, agencyId, role }] };
    }
    case 'ParticipantDataErased':
      return state.status === 'none' ? state : { ...state, participantErased: true };
    case 'ConsentGranted': {
      if (state.status === 'none') return state;
      const { consentId, purposes, dataCategories, recipientAgencyIds, recipientUserIds, validUntil, grantedAt } =
        event.data;
      const consent = {
        consentId,
        purposes,
        dataCategories,
        recipientAgencyIds,
        recipientUserIds,
        validUntil,
        grantedAt,
        withdrawnAt: null,
      };
      return { ...state, consents: [...state.consents, consent] };
    }
    case 'ConsentWithdrawn': {
      if (state.status === 'none') return state;
      const { consentId, withdrawnAt } = event.data;
      return { ...state, consents: state.consents.map((c) => (c.consentId === consentId ? { ...c, withdrawnAt } : c)) };
    }
    case 'HealthNoteRecorded':
      return state;
    case 'ContactRecorded': {
      if (state.status === 'none') return state;
      const { contactId, occurredAt } = event.data;
      return { ...state, contacts: [...state.contacts, { contactId, occurredAt }] };
    }
    case 'ContactCorrected': {
      if (state.status === 'none') return state;
      const { contactId, changes } = event.data;
      const occurredAt = changes.occurredAt;
      if (occurredAt === undefined) return state;
      return {
        ...state,
        contacts: state.contacts.map((c) => (c.contactId === contactId ? { ...c, occurredAt } : c)),
      };
    }
    case 'AftercareStarted':
      return state.status === 'none' ? state : { ...state, lifecycle: 'aftercare' };
    case 'CaseClosed':
      return state.status === 'none' ? state : { ...state, lifecycle: 'closed' };
    case 'CaseReopened':
      return state.status === 'none' ? state : { ...state, lifecycle: 'active' };
    case 'ReferralSent':
    case 'ReferralAccepted':
    case 'ReferralDeclined':
    case 'FirstAppointmentPlanned':
    case 'FirstAppointmentRecorded':
    case 'ReferralCompleted':
    case 'ReferralCancelled':
      return state.status === 'none' ? state : evolveReferral(state, event);
    case 'PlanVersionDrafted':
    case 'PlanVersionAgreed':
    case 'PlanDisputed':
    case 'MediationRequested':
    case 'MediationConcluded':
    case 'PlanStepCompleted':
      return state.status === 'none' ? state : evolvePlan(state, event);
    case 'ConferenceScheduled':
    case 'ConferenceAgreementRecorded':
    case 'ConferenceHeld':
      return state.status === 'none' ? state : evolveConference(state, event);
    case 'ProgressAssessed':
    case 'EntrustedNoteRecorded':
      return state;
    case 'CaseRestricted':
    case 'CaseRestrictionLifted':
    case 'AccuracyDisputed':
    case 'AccuracyDisputeResolved':
      return state.status === 'none' ? state : evolveRestriction(state, event);
    // The keys are gone; what decisions see of the case does not change (its texts were never in the state).
    case 'CategoryDataErased':
      return state;
    case 'RetentionHoldPlaced':
    case 'RetentionHoldReleased':
    case 'RecordsOfferedToArchive':
    case 'ArchiveAnswerRecorded':
      return state.status === 'none' ? state : evolveRetention(state, event);
    case 'ErasureRequested':
    case 'ErasureRequestDecided':
    case 'ErasureRequestExecuted':
    case 'RecipientsNotified':
      return state.status === 'none' ? state : evolveErasureRequest(state, event);
    case 'ChildProtectionAccessDeclared': {
      if (state.status === 'none') return state;
      // The justification is not kept in the state (nor in its snapshots): no rule reads it.
      const { declarationId, userId, declaredAt, expiresAt } = event.data;
      return {
        ...state,
        childProtectionDeclarations: [
          ...state.childProtectionDeclarations,
          { declarationId, userId, declaredAt, expiresAt },
        ],
      };
    }
  }
};
