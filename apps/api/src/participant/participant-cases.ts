import { Inject, Injectable } from '@nestjs/common';
import { POLICY_VERSION } from '@fallverbund/access-policy';
import { type AuditEntry } from '@fallverbund/audit-log';
import { AuditTrail, CaseSummary, type Persistence, PERSISTENCE } from '@fallverbund/cases-application';
import { CaseNotFoundError } from '@fallverbund/cases-domain';
import {
  evolveBindings,
  initialBindings,
  isBoundTo,
  PARTICIPANT_AGENCY,
  PARTICIPANT_BASIS,
  PARTICIPANT_PURPOSE,
  type ParticipantBindingEvent,
  type ParticipantBindings,
  participantStreamId,
} from '@fallverbund/participant';
import { type ParticipantRequest } from './participant-context';

/** What a participant route records about one access: the case, what kind of data, the answer. */
export interface ParticipantAccessFacts {
  /** `METHOD /api/me/...` as the route table writes it. */
  readonly route: string;
  /** 'read' | 'list' | 'withdraw_consent' | 'redeem_invitation' | … */
  readonly action: string;
  readonly caseRef: string | null;
  /** The data categories the answer holds (DATA_CATEGORIES words; none for an answer about the log only). */
  readonly categories: readonly string[];
  readonly decision: 'permit' | 'deny';
  readonly outcome: number;
  /** Default [PARTICIPANT_BASIS] on a permit, [] on a deny. */
  readonly legalBasis?: readonly string[];
}

/** A case the participant is bound to, as the check found it. */
export interface BoundCase {
  readonly caseId: string;
  readonly summary: CaseSummary;
}

/** The audit entry of a participant's access: actor role `participant`, no agency, purpose `data_subject_access`. */
export const participantEntry = (request: ParticipantRequest, facts: ParticipantAccessFacts): AuditEntry => ({
  occurredAt: request.now.toISOString(),
  actor: { userId: request.participant.userId, role: 'participant', agencyId: PARTICIPANT_AGENCY },
  action: facts.action,
  route: facts.route,
  caseRef: facts.caseRef,
  categories: [...facts.categories],
  purpose: PARTICIPANT_PURPOSE,
  legalBasis: [...(facts.legalBasis ?? (facts.decision === 'permit' ? [PARTICIPANT_BASIS] : []))],
  decision: facts.decision,
  policyVersion: POLICY_VERSION,
  requestId: request.requestId,
  correlationId: request.correlationId,
  outcome: facts.outcome,
  disclosure: false,
  breakGlass: false,
});

/**
 * The one check of every `/api/me/cases/{id}/...` route, and the audit entry of what it answers: a
 * participant sees a case only when their account is bound to it (by an invitation they redeemed);
 * any other case id, existing or not, is answered like a case that does not exist (404 CASE.NOT_FOUND),
 * and the refusal is on record.
 */
@Injectable()
export class ParticipantCases {
  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  /** The cases the participant's account is bound to, in the order they were bound. */
  async bindings(userId: string): Promise<ParticipantBindings> {
    const events = await this.persistence.rawEvents.readStream(participantStreamId(userId));
    return events.reduce(
      (state, e) => evolveBindings(state, { type: e.type, data: e.data } as ParticipantBindingEvent),
      initialBindings(),
    );
  }

  /**
   * Resolves with the case when the participant is bound to it and it still exists; otherwise records
   * a deny entry and throws CaseNotFoundError (404). Records nothing on success: the caller records
   * what it answers (see `read`).
   */
  async assertBound(request: ParticipantRequest, route: string, caseId: string, action = 'read'): Promise<BoundCase> {
    const bindings = await this.bindings(request.participant.userId);
    const summary = isBoundTo(bindings, caseId)
      ? await this.persistence.dataSource.getRepository(CaseSummary).findOneBy({ caseId })
      : null;
    if (!summary) {
      await this.trail.record([
        participantEntry(request, { route, action, caseRef: caseId, categories: [], decision: 'deny', outcome: 404 }),
      ]);
      throw new CaseNotFoundError(caseId);
    }
    return { caseId, summary };
  }

  /**
   * A participant's read of their bound case: checks the binding (404 otherwise), then records one
   * permit entry naming `categories` while `load` runs, and returns what `load` returned once the
   * entry is durable (nothing leaves before its record; the audit failing fails the request, 503).
   */
  async read<T>(
    request: ParticipantRequest,
    access: {
      readonly route: string;
      readonly caseId: string;
      readonly categories: readonly string[];
      readonly action?: string;
    },
    load: (bound: BoundCase) => Promise<T> | T,
  ): Promise<T> {
    const action = access.action ?? 'read';
    const bound = await this.assertBound(request, access.route, access.caseId, action);
    const entry = participantEntry(request, {
      route: access.route,
      action,
      caseRef: access.caseId,
      categories: access.categories,
      decision: 'permit',
      outcome: 200,
    });
    return this.trail.recordWhile([entry], () => load(bound));
  }

  /** Records entries of a participant access that `read` does not fit (a write, a list, a refusal). */
  record(entries: readonly AuditEntry[]): Promise<void> {
    return this.trail.record(entries);
  }
}
