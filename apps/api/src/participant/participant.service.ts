import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { formatLegalBasis, isConsentActive } from '@fallverbund/access-policy';
import {
  AccessDeniedError,
  accessFor,
  AuditTrail,
  auditEntry,
  CaseRepository,
  CaseSummary,
  factsFromSummary,
  type Persistence,
  PERSISTENCE,
  ProjectionRunner,
  type RequestContext,
} from '@fallverbund/cases-application';
import {
  CASE_EVENT_SCHEMA_VERSIONS,
  type CaseEvent,
  caseDecider,
  CaseNotFoundError,
  CaseRestrictedError,
  caseStreamId,
  ConsentNotFoundError,
  type ParticipantIdentity,
} from '@fallverbund/cases-domain';
import { type NewEvent, PersonalDataVault, WrongExpectedVersionError } from '@fallverbund/event-store';
import { Directory } from '@fallverbund/identity';
import { DATA_SUBJECT_ACCESS, DomainError, type EventMetadata, isErased } from '@fallverbund/kernel';
import {
  codeFromBytes,
  decideInvitation,
  evolveInvitation,
  initialInvitation,
  type InvitationEvent,
  invitationStreamId,
  InvitationNotValidError,
  isBoundTo,
  normaliseCode,
  PARTICIPANT_AGENCY,
  type ParticipantBoundToCase,
  participantStreamId,
  REDEMPTION_BASIS,
  WITHDRAWAL_BASIS,
} from '@fallverbund/participant';
import { In } from 'typeorm';
import { AccessTransparencyService } from '../participant-accesses/access-transparency.service';
import { MY_COPY_ROUTE, NOT_INCLUDED } from './my-copy';
import { type MyCaseDto, type MyConsentDto, type MyCopyDto } from './participant.dto';
import { participantEntry, ParticipantCases } from './participant-cases';
import { type ParticipantRequest } from './participant-context';

export const INVITE_ROUTE = 'POST /api/cases/{id}/participant-invitations';
export const REDEEM_ROUTE = 'POST /api/me/invitations/redemption';
export const MY_CASES_ROUTE = 'GET /api/me/cases';
export const MY_CONSENTS_ROUTE = 'GET /api/me/cases/{id}/consents';
export const MY_WITHDRAWAL_ROUTE = 'POST /api/me/cases/{id}/consents/{consentId}/withdrawal';

/** A consent someone else gave (a guardian, the person who entrusted youth-welfare data) is theirs to withdraw. */
export class ConsentNotOwnError extends DomainError {
  readonly code = 'CONSENT.NOT_GIVEN_BY_PARTICIPANT';
  readonly kind = 'forbidden';
}

/** The hash an invitation code is kept under: SHA-256 of the normalised code, hex. */
export const invitationCodeHash = (normalised: string): string =>
  createHash('sha256').update(`fallverbund-invitation:${normalised}`).digest('hex');

const MAX_ATTEMPTS = 3;

/** Refused redemptions an account may make in REDEMPTION_WINDOW_MS before it is held off. */
export const MAX_FAILED_REDEMPTIONS = 10;
const REDEMPTION_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Too many refused codes from one account lately: guessing 60-bit codes stays hopeless. */
export class TooManyRedemptionAttemptsError extends Error {
  readonly status = 429;
  readonly code = 'INVITATION.TOO_MANY_ATTEMPTS';
  constructor() {
    super(`more than ${MAX_FAILED_REDEMPTIONS} codes were refused for this account within 24 hours; try again later`);
    this.name = 'TooManyRedemptionAttemptsError';
  }
}

const metadataOf = (
  now: Date,
  requestId: string,
  actor: EventMetadata['actor'],
  purpose: EventMetadata['purpose'],
): EventMetadata => ({ occurredAt: now.toISOString(), actor, purpose, correlationId: requestId, causationId: null });

const participantActor = (request: ParticipantRequest): EventMetadata['actor'] => ({
  userId: request.participant.userId,
  agencyId: PARTICIPANT_AGENCY,
  role: 'participant',
});

const newEvent = (event: { type: string; data: object }, metadata: EventMetadata, schemaVersion = 1): NewEvent => ({
  eventId: randomUUID(),
  type: event.type,
  schemaVersion,
  data: event.data,
  metadata,
});

/** Invitations, their redemption, and what the participant reads and does on their own cases. */
@Injectable()
export class ParticipantService {
  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(ProjectionRunner) private readonly projections: ProjectionRunner,
    @Inject(ParticipantCases) private readonly bound: ParticipantCases,
    @Inject(AccessTransparencyService) private readonly transparency: AccessTransparencyService,
  ) {}

  /**
   * A caseworker on the case team issues a one-time code for the person the case is about. The code is
   * answered once and kept only as a hash; the issue and its audit entry commit together.
   */
  async issueInvitation(context: RequestContext, caseId: string): Promise<{ code: string; expiresAt: string }> {
    const summary = await this.persistence.dataSource.getRepository(CaseSummary).findOneBy({ caseId });
    const access = summary ? accessFor(context, factsFromSummary(summary)) : undefined;
    const route = { action: 'invite_participant', route: INVITE_ROUTE, caseRef: caseId, categories: ['case_admin'] };
    const refuse = async (outcome: 403 | 404, error: Error): Promise<never> => {
      await this.trail.record([auditEntry(context, { ...route, legalBasis: [], decision: 'deny', outcome })]);
      throw error;
    };
    if (!summary || !access?.visible) return refuse(404, new CaseNotFoundError(caseId));
    // Inviting the person is processing the case: refused while it is restricted (§ 84 SGB X).
    if (access.restricted.includes('case_admin')) return refuse(403, new CaseRestrictedError(caseId));
    const { actor } = context;
    const onTeam = summary.access.team.some((m) => m.userId === actor.userId && m.agencyId === actor.agencyId);
    if (actor.role !== 'caseworker' || !onTeam || !access.can('record', 'case_admin'))
      return refuse(
        403,
        new AccessDeniedError('only a caseworker on the case team, working the case, invites the participant'),
      );
    const basis = access.basisFor('case_admin');
    const entry = auditEntry(context, {
      ...route,
      legalBasis: basis ? [formatLegalBasis(basis)] : [],
      decision: 'permit',
      outcome: 201,
      leadAgencyId: summary.leadAgencyId,
    });
    for (let attempt = 1; ; attempt++) {
      const code = codeFromBytes(randomBytes(32));
      if (!code) continue;
      const codeHash = invitationCodeHash(normaliseCode(code) as string);
      const events = decideInvitation(
        {
          type: 'IssueInvitation',
          invitationId: randomUUID(),
          caseId,
          codeHash,
          issuedBy: actor.userId,
          now: context.now,
        },
        initialInvitation(),
      );
      const metadata = metadataOf(
        context.now,
        context.requestId,
        { userId: actor.userId, agencyId: actor.agencyId, role: actor.role },
        context.purpose,
      );
      try {
        await this.persistence.appendAudited(
          invitationStreamId(codeHash),
          events.map((e) => newEvent(e, metadata)),
          0,
          [entry],
        );
        const issued = events[0] as Extract<InvitationEvent, { type: 'ParticipantInvitationIssued' }>;
        return { code, expiresAt: issued.data.expiresAt };
      } catch (error) {
        // Another code with the same hash exists (60 bits: practically never): draw again.
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The participant redeems a code: the invitation is used up (one stream version: a second redemption,
   * even a concurrent one, fails) and the account is bound to the case. Unknown, used and expired codes
   * get one answer (404 INVITATION.NOT_REDEEMABLE), recorded as a refusal.
   */
  async redeem(request: ParticipantRequest, input: string): Promise<{ caseId: string }> {
    // The refusals of the last 24 hours are on record: the log itself is the counter.
    const refused = await this.persistence.audit.search(
      {
        userId: request.participant.userId,
        action: 'redeem_invitation',
        decision: 'deny',
        from: new Date(request.now.getTime() - REDEMPTION_WINDOW_MS).toISOString(),
      },
      { limit: MAX_FAILED_REDEMPTIONS },
    );
    if (refused.length >= MAX_FAILED_REDEMPTIONS) {
      await this.trail.record([
        participantEntry(request, {
          route: REDEEM_ROUTE,
          action: 'redeem_invitation',
          caseRef: null,
          categories: [],
          decision: 'deny',
          outcome: 429,
        }),
      ]);
      throw new TooManyRedemptionAttemptsError();
    }
    const refuse = async (): Promise<never> => {
      await this.trail.record([
        participantEntry(request, {
          route: REDEEM_ROUTE,
          action: 'redeem_invitation',
          caseRef: null,
          categories: [],
          decision: 'deny',
          outcome: 404,
        }),
      ]);
      throw new InvitationNotValidError();
    };
    const code = normaliseCode(input);
    if (!code) return refuse();
    const streamId = invitationStreamId(invitationCodeHash(code));
    const recorded = await this.persistence.rawEvents.readStream(streamId);
    const state = recorded.reduce(
      (s, e) => evolveInvitation(s, { type: e.type, data: e.data } as InvitationEvent),
      initialInvitation(),
    );
    let events: InvitationEvent[];
    try {
      events = decideInvitation(
        { type: 'RedeemInvitation', userId: request.participant.userId, now: request.now },
        state,
      );
    } catch (error) {
      if (error instanceof InvitationNotValidError) return refuse();
      throw error;
    }
    if (state.status === 'none') return refuse();
    const { caseId } = state;
    const exists = await this.persistence.dataSource.getRepository(CaseSummary).existsBy({ caseId });
    if (!exists) return refuse();
    const metadata = metadataOf(request.now, request.requestId, participantActor(request), DATA_SUBJECT_ACCESS);
    const entry = participantEntry(request, {
      route: REDEEM_ROUTE,
      action: 'redeem_invitation',
      caseRef: caseId,
      categories: [],
      decision: 'permit',
      outcome: 200,
      legalBasis: [REDEMPTION_BASIS],
    });
    try {
      await this.persistence.appendAudited(
        streamId,
        events.map((e) => newEvent(e, metadata)),
        recorded.length,
        [entry],
      );
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) return refuse();
      throw error;
    }
    const bindings = await this.bound.bindings(request.participant.userId);
    if (!isBoundTo(bindings, caseId)) {
      const bound: ParticipantBoundToCase = {
        type: 'ParticipantBoundToCase',
        data: {
          userId: request.participant.userId,
          caseId,
          invitationId: state.invitationId,
          boundAt: request.now.toISOString(),
        },
      };
      await this.persistence.events.appendToStream(
        participantStreamId(request.participant.userId),
        [newEvent(bound, metadata)],
        'any',
      );
    }
    return { caseId };
  }

  /** The cases the participant's account is bound to, with their name and the lead agency; one entry per case. */
  async myCases(request: ParticipantRequest): Promise<{ items: MyCaseDto[] }> {
    const { caseIds } = await this.bound.bindings(request.participant.userId);
    const rows =
      caseIds.length === 0
        ? []
        : await this.persistence.dataSource.getRepository(CaseSummary).findBy({ caseId: In([...caseIds]) });
    const summaries = caseIds.flatMap((id) => rows.filter((r) => r.caseId === id && !r.participantErased));
    const listed = (caseRef: string | null) =>
      participantEntry(request, {
        route: MY_CASES_ROUTE,
        action: 'list',
        caseRef,
        categories: caseRef ? ['identity', 'case_admin'] : [],
        decision: 'permit',
        outcome: 200,
      });
    const entries = summaries.length === 0 ? [listed(null)] : summaries.map((s) => listed(s.caseId));
    const opened = await this.trail.recordWhile(entries, () =>
      this.vault.open(summaries.map((s) => s.participantSealed)),
    );
    const items = summaries.flatMap((summary, i): MyCaseDto[] => {
      const person = opened[i]?.['participant'] as ParticipantIdentity | undefined;
      if (!person || isErased(person)) return [];
      return [
        {
          caseId: summary.caseId,
          givenName: person.givenName,
          familyName: person.familyName,
          leadAgency: this.agencyRef(summary.leadAgencyId),
          // The person is told of a restriction and of their dispute of accuracy (§ 84 SGB X).
          restriction: summary.access.restriction
            ? {
                scope: summary.access.restriction.scope === 'case' ? 'case' : [...summary.access.restriction.scope],
                reason: summary.access.restriction.reason,
                since: summary.access.restriction.since,
              }
            : null,
          accuracyDisputed: summary.access.accuracyDispute
            ? {
                categories: summary.access.accuracyDispute.categories && [...summary.access.accuracyDispute.categories],
                since: summary.access.accuracyDispute.since,
              }
            : null,
        },
      ];
    });
    return { items };
  }

  /** Every consent of the case, what each allows, active or past. */
  myConsents(request: ParticipantRequest, caseId: string): Promise<{ items: MyConsentDto[] }> {
    return this.bound.read(
      request,
      { route: MY_CONSENTS_ROUTE, caseId, categories: ['case_admin'] },
      ({ summary }) => ({ items: this.consentsOf(request, summary) }),
    );
  }

  /**
   * The person's copy of their data (Art. 15 Abs. 3, Art. 20 GDPR): their identity, the case with
   * the basis it is held on, their consents and every access they may see now (held-back ones left
   * out). One entry, categories identity and case_admin.
   */
  myCopy(request: ParticipantRequest, caseId: string): Promise<MyCopyDto> {
    return this.bound.read(
      request,
      { route: MY_COPY_ROUTE, caseId, categories: ['identity', 'case_admin'] },
      async ({ summary }) => {
        const [[opened], accesses] = await Promise.all([
          this.vault.open([summary.participantSealed]),
          this.transparency.accesses(caseId, {}, { offset: 0, limit: Number.MAX_SAFE_INTEGER }, request.now),
        ]);
        const person = opened?.['participant'] as ParticipantIdentity | undefined;
        const seen = new Set<string>();
        const team = summary.access.team.flatMap(({ agencyId, role }) => {
          const key = `${agencyId}/${role}`;
          if (seen.has(key)) return [];
          seen.add(key);
          return [{ agency: this.agencyRef(agencyId), role }];
        });
        return {
          generatedAt: request.now.toISOString(),
          caseId,
          participant:
            person && !isErased(person) && !summary.participantErased
              ? { givenName: person.givenName, familyName: person.familyName, birthDate: person.birthDate }
              : null,
          case: {
            leadAgency: this.agencyRef(summary.leadAgencyId),
            status: summary.status,
            openedAt: summary.openedAt,
            exitReason: summary.exitReason ?? null,
            team,
            legalBasis: {
              kind: 'statute',
              statute: '§ 67a, § 67b SGB X',
              words: 'Erhebung und Speicherung für die gesetzliche Aufgabe der fallführenden Stelle',
            },
          },
          consents: this.consentsOf(request, summary),
          accesses: accesses.items.map((a) => ({
            ...a,
            categories: [...a.categories],
            legalBasis: a.legalBasis.map((b) => ({ ...b })),
          })),
          notIncluded: [...NOT_INCLUDED],
        };
      },
    );
  }

  private consentsOf(request: ParticipantRequest, summary: CaseSummary): MyConsentDto[] {
    return summary.access.consents
      .map((c): MyConsentDto => {
        const active = isConsentActive(c, request.now);
        return {
          consentId: c.consentId,
          purposes: [...c.purposes],
          dataCategories: [...c.dataCategories],
          recipients: c.recipientAgencyIds.map((id) => this.agencyRef(id)),
          recipientUserIds: [...c.recipientUserIds],
          form: c.form,
          grantedBy: c.grantedBy,
          grantedAt: c.grantedAt,
          validUntil: c.validUntil,
          withdrawnAt: c.withdrawnAt,
          state: active ? 'active' : c.withdrawnAt !== null ? 'withdrawn' : 'expired',
          withdrawable: active && c.grantedBy === 'participant',
        };
      })
      .sort((a, b) => b.grantedAt.localeCompare(a.grantedAt));
  }

  /**
   * The participant withdraws a consent they gave: the case's own WithdrawConsent decision, with the
   * participant as its actor. The event and the audit entry commit together; the read models catch up
   * before the answer, so every agency's next request is decided without the consent.
   */
  async withdrawConsent(
    request: ParticipantRequest,
    caseId: string,
    consentId: string,
  ): Promise<{ consentId: string; withdrawnAt: string }> {
    const facts = {
      route: MY_WITHDRAWAL_ROUTE,
      action: 'withdraw_consent',
      caseRef: caseId,
      categories: ['case_admin'],
    };
    const { summary } = await this.bound.assertBound(request, MY_WITHDRAWAL_ROUTE, caseId, 'withdraw_consent');
    const refuse = async (outcome: 403 | 404, error: Error): Promise<never> => {
      await this.trail.record([participantEntry(request, { ...facts, decision: 'deny', outcome })]);
      throw error;
    };
    const consent = summary.access.consents.find((c) => c.consentId === consentId);
    if (!consent) return refuse(404, new ConsentNotFoundError(consentId));
    if (consent.grantedBy !== 'participant')
      return refuse(
        403,
        new ConsentNotOwnError(
          'this consent was given by someone else (a guardian or the person who entrusted the data); they withdraw it',
        ),
      );
    const metadata = metadataOf(request.now, request.requestId, participantActor(request), DATA_SUBJECT_ACCESS);
    const entry = participantEntry(request, {
      ...facts,
      decision: 'permit',
      outcome: 201,
      legalBasis: [WITHDRAWAL_BASIS],
    });
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.cases.load(caseId);
      const events: readonly CaseEvent[] = caseDecider.decide(
        {
          type: 'WithdrawConsent',
          data: { caseId, consentId },
          metadata: { now: request.now, actor: { userId: request.participant.userId } },
        },
        state,
      );
      try {
        await this.persistence.appendAudited(
          caseStreamId(caseId),
          events.map((e) => newEvent(e, metadata, CASE_EVENT_SCHEMA_VERSIONS[e.type])),
          version,
          [entry],
        );
        return { consentId, withdrawnAt: request.now.toISOString() };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  private agencyRef(id: string): { id: string; name: string } {
    return { id, name: this.directory.agency(id)?.name ?? id };
  }
}
