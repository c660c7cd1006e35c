import { Inject, Injectable } from '@nestjs/common';
import { mayDecideRestriction } from '@fallverbund/access-policy';
import {
  AccessDeniedError,
  accessFor,
  auditEntry,
  AuditTrail,
  CaseRepository,
  DPO_BASIS,
  ErasureService,
  factsFromState,
  type Persistence,
  PERSISTENCE,
  RecipientNotifier,
  type RequestContext,
} from '@fallverbund/cases-application';
import {
  type Case,
  CASE_EVENT_SCHEMA_VERSIONS,
  type CaseEvent,
  CaseNotFoundError,
  caseDecider,
  caseStreamId,
  type ErasureDecision,
  ErasureDecisionByDpoOnlyError,
  type ErasureDecisionReason,
  type ErasureGround,
  type ErasureRequestChannel,
  type ErasureRequestEvent,
  type ErasureRequestStatus,
  InvalidErasureDecisionError,
  restrictedCategories,
  type RetentionDuty,
} from '@fallverbund/cases-domain';
import { type RecordedEvent, WrongExpectedVersionError } from '@fallverbund/event-store';
import { type DataCategory } from '@fallverbund/kernel';
import { PARTICIPANT_AGENCY, PARTICIPANT_PURPOSE } from '@fallverbund/participant';
import { type RetentionTable } from '@fallverbund/retention';
import { randomUUID } from 'node:crypto';
import { participantEntry, ParticipantCases } from '../participant/participant-cases';
import { type ParticipantRequest } from '../participant/participant-context';
import { newEvent } from '../participant-accesses/transparency-writes';
import { readRetentionTable } from '../records-of-processing/records-of-processing.service';

export const STAFF_REQUEST_ROUTE = 'POST /api/cases/{id}/erasure-requests';
export const DECIDE_ROUTE = 'POST /api/cases/{id}/erasure-requests/{requestId}/decision';
export const DPO_LIST_ROUTE = 'GET /api/dpo/erasure-requests';
export const MY_REQUEST_ROUTE = 'POST /api/me/cases/{id}/erasure-requests';
export const MY_LIST_ROUTE = 'GET /api/me/cases/{id}/erasure-requests';

/** The basis of the person's own request, and of staff recording it for her. */
export const ERASURE_REQUEST_BASIS = 'Art. 17 GDPR: request of the data subject';
const MAX_ATTEMPTS = 3;
/** Who records a request the person made in person or by letter. */
const RECORDING_ROLES: readonly string[] = ['caseworker', 'team_lead'];

/** A request for erasure as the officer and the person see it. */
export interface ErasureRequestView {
  readonly requestId: string;
  readonly caseId: string;
  readonly channel: ErasureRequestChannel;
  readonly scope: 'case' | DataCategory[];
  readonly ground: ErasureGround;
  readonly requestedAt: string;
  /** Art. 12 Abs. 3 GDPR: one month after receipt. */
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly status: ErasureRequestStatus;
  readonly decision: {
    readonly decision: ErasureDecision;
    readonly reason: ErasureDecisionReason;
    readonly legalSource: string;
    readonly retentionClass: string | null;
    readonly decidedAt: string;
  } | null;
  readonly executedAt: string | null;
}

const ERASURE_TYPES: ReadonlySet<string> = new Set<ErasureRequestEvent['type']>([
  'ErasureRequested',
  'ErasureRequestDecided',
  'ErasureRequestExecuted',
]);

/** Folds a case's erasure events into the requests, oldest first (pure; the view and the person's list share it). */
export const foldErasureRequests = (
  known: Map<string, Omit<ErasureRequestView, 'overdue'>>,
  event: { type: string; data: unknown },
): void => {
  const e = event as ErasureRequestEvent;
  switch (e.type) {
    case 'ErasureRequested':
      known.set(e.data.requestId, {
        requestId: e.data.requestId,
        caseId: e.data.caseId,
        channel: e.data.channel,
        scope: e.data.scope === 'case' ? 'case' : [...e.data.scope],
        ground: e.data.ground,
        requestedAt: e.data.requestedAt,
        dueAt: e.data.dueAt,
        status: 'open',
        decision: null,
        executedAt: null,
      });
      return;
    case 'ErasureRequestDecided': {
      const request = known.get(e.data.requestId);
      if (!request) return;
      const { decision, reason, legalSource, retentionClass, decidedAt } = e.data;
      const status =
        decision === 'granted' ? 'granted' : decision === 'refused_retention_duty' ? 'refused' : 'restricted';
      known.set(e.data.requestId, {
        ...request,
        status,
        decision: { decision, reason, legalSource, retentionClass, decidedAt },
      });
      return;
    }
    case 'ErasureRequestExecuted': {
      const request = known.get(e.data.requestId);
      if (request) known.set(e.data.requestId, { ...request, status: 'executed', executedAt: e.data.executedAt });
      return;
    }
    case 'RecipientsNotified':
      return;
  }
};

const withOverdue = (request: Omit<ErasureRequestView, 'overdue'>, now: Date): ErasureRequestView => ({
  ...request,
  overdue: request.status === 'open' && Date.parse(request.dueAt) < now.getTime(),
});

/**
 * Requests for erasure (Art. 17 GDPR, § 84 SGB X): the person files one in her own view or staff record
 * hers; the lead agency's data protection officer lists the open ones and decides; a granted request is
 * carried out at once (the participant's key, or the keys of the categories) and confirmed.
 */
@Injectable()
export class ErasureRequestsService {
  private readonly retention: RetentionTable = readRetentionTable();
  /** Lead agency and requests per case, caught up from the global log before each list. */
  private readonly leads = new Map<string, string>();
  private readonly requests = new Map<string, Omit<ErasureRequestView, 'overdue'>>();
  private position: RecordedEvent['position'] | undefined;

  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(ErasureService) private readonly erasure: ErasureService,
    @Inject(RecipientNotifier) private readonly recipients: RecipientNotifier,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(ParticipantCases) private readonly bound: ParticipantCases,
  ) {}

  /** Staff of the case team record the person's request (made in person, by phone or by letter). */
  async record(
    context: RequestContext,
    caseId: string,
    body: { scope: unknown; ground?: unknown },
  ): Promise<{ requestId: string; dueAt: string; version: number }> {
    const requestId = randomUUID();
    const result = await this.cases.handle(
      caseId,
      {
        type: 'RequestErasure',
        data: { caseId, requestId, channel: 'staff', scope: body.scope, ground: body.ground },
        metadata: { now: context.now, actor: context.actor },
      },
      context,
      {
        audit: {
          action: 'record_erasure_request',
          route: STAFF_REQUEST_ROUTE,
          category: 'case_admin',
          legalBasis: ERASURE_REQUEST_BASIS,
        },
        authorize: (state) => {
          if (state.status === 'none') throw new CaseNotFoundError(caseId);
          // The lead agency's officer decides; she does not also record the request she will decide.
          if (mayDecideRestriction(context.actor, context.purpose, state)) throw new ErasureDecisionByDpoOnlyError();
          if (!accessFor(context, factsFromState(state)).visible) throw new CaseNotFoundError(caseId);
          if (
            !RECORDING_ROLES.includes(context.actor.role) ||
            !state.team.some((m) => m.userId === context.actor.userId)
          )
            throw new AccessDeniedError('a caseworker or team lead on the case team records a request for erasure');
        },
      },
    );
    const requested = result.events.find((e) => e.type === 'ErasureRequested');
    return {
      requestId,
      dueAt: requested?.type === 'ErasureRequested' ? requested.data.dueAt : '',
      version: result.version,
    };
  }

  /** The person files a request in her own view: the case's own decision, with her as its actor. */
  async requestByParticipant(
    request: ParticipantRequest,
    caseId: string,
    body: { scope: unknown; ground?: unknown },
  ): Promise<{ requestId: string; dueAt: string }> {
    await this.bound.assertBound(request, MY_REQUEST_ROUTE, caseId, 'request_erasure');
    const requestId = randomUUID();
    const entry = participantEntry(request, {
      route: MY_REQUEST_ROUTE,
      action: 'request_erasure',
      caseRef: caseId,
      categories: ['case_admin'],
      decision: 'permit',
      outcome: 201,
      legalBasis: [ERASURE_REQUEST_BASIS],
    });
    const writer = {
      userId: request.participant.userId,
      agencyId: PARTICIPANT_AGENCY,
      role: 'participant',
      purpose: PARTICIPANT_PURPOSE,
      requestId: request.requestId,
      now: request.now,
    };
    for (let attempt = 1; ; attempt++) {
      const { state, version } = await this.cases.load(caseId);
      const events: readonly CaseEvent[] = caseDecider.decide(
        {
          type: 'RequestErasure',
          data: { caseId, requestId, channel: 'participant', scope: body.scope, ground: body.ground },
          metadata: { now: request.now, actor: { userId: request.participant.userId, role: 'participant' } },
        },
        state,
      );
      try {
        await this.persistence.appendAudited(
          caseStreamId(caseId),
          events.map((e) => newEvent(writer, e, CASE_EVENT_SCHEMA_VERSIONS[e.type])),
          version,
          [entry],
        );
        const requested = events.find((e) => e.type === 'ErasureRequested');
        return { requestId, dueAt: requested?.type === 'ErasureRequested' ? requested.data.dueAt : '' };
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }

  /** The person's requests on her case, newest first. */
  myRequests(request: ParticipantRequest, caseId: string): Promise<{ items: ErasureRequestView[] }> {
    return this.bound.read(
      request,
      { route: MY_LIST_ROUTE, caseId, categories: ['case_admin'], action: 'list' },
      async () => ({ items: await this.requestsOfCase(caseId, request.now) }),
    );
  }

  async requestsOfCase(caseId: string, now: Date): Promise<ErasureRequestView[]> {
    const known = new Map<string, Omit<ErasureRequestView, 'overdue'>>();
    for (const event of await this.persistence.rawEvents.readStream(caseStreamId(caseId)))
      if (ERASURE_TYPES.has(event.type)) foldErasureRequests(known, event);
    return [...known.values()]
      .map((r) => withOverdue(r, now))
      .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  }

  /**
   * The requests of the officer's agency's cases that await her: open ones (by due date) and granted ones
   * whose execution is pending. One entry per case named, none with case content.
   */
  async openRequests(context: RequestContext): Promise<{ items: ErasureRequestView[] }> {
    const route = { action: 'list_erasure_requests', route: DPO_LIST_ROUTE };
    if (context.actor.role !== 'data_protection_officer' || context.purpose !== 'audit') {
      await this.trail.record([
        auditEntry(context, {
          ...route,
          caseRef: null,
          categories: [],
          legalBasis: [],
          decision: 'deny',
          outcome: 403,
        }),
      ]);
      throw new AccessDeniedError('only data protection officers, with purpose audit, list requests for erasure');
    }
    await this.catchUp();
    const items = [...this.requests.values()]
      .filter(
        (r) => this.leads.get(r.caseId) === context.actor.agencyId && (r.status === 'open' || r.status === 'granted'),
      )
      .map((r) => withOverdue(r, context.now))
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt));
    const cases = [...new Set(items.map((r) => r.caseId))].sort();
    await this.trail.record(
      (cases.length > 0 ? cases : [null]).map((caseRef) =>
        auditEntry(context, {
          ...route,
          caseRef,
          categories: caseRef ? ['case_admin'] : [],
          legalBasis: [DPO_BASIS],
          decision: 'permit',
          outcome: 200,
        }),
      ),
    );
    return { items };
  }

  /**
   * The lead agency's data protection officer decides; granted is carried out at once and confirmed,
   * restricted_instead restricts in the same decision; recipients are told of either (Art. 19 GDPR).
   */
  async decide(
    context: RequestContext,
    caseId: string,
    requestId: string,
    body: { decision: unknown; reason: unknown; retentionClass?: string | null },
  ): Promise<ErasureRequestView> {
    const retention = body.retentionClass ? this.retentionDuty(body.retentionClass) : null;
    const result = await this.cases.handle(
      caseId,
      {
        type: 'DecideErasureRequest',
        data: { caseId, requestId, decision: body.decision, reason: body.reason, retention },
        metadata: { actor: context.actor, purpose: context.purpose, now: context.now },
      },
      context,
      {
        audit: { action: 'decide_erasure_request', route: DECIDE_ROUTE, category: 'case_admin', legalBasis: DPO_BASIS },
        authorize: (state) => this.authorizeDpo(state, caseId, context, retention),
      },
    );
    const decided = result.events.find((e) => e.type === 'ErasureRequestDecided');
    const restricted = result.events.find((e) => e.type === 'CaseRestricted');
    if (restricted?.type === 'CaseRestricted')
      await this.recipients.notify(
        caseId,
        'restricted',
        restrictedCategories(restricted.data.scope),
        context,
        DECIDE_ROUTE,
      );
    if (decided?.type === 'ErasureRequestDecided' && decided.data.decision === 'granted')
      await this.execute(context, caseId, requestId);
    const view = (await this.requestsOfCase(caseId, context.now)).find((r) => r.requestId === requestId);
    if (!view) throw new CaseNotFoundError(caseId);
    return view;
  }

  private async execute(context: RequestContext, caseId: string, requestId: string): Promise<void> {
    const { state } = await this.cases.load(caseId);
    const current = state.status === 'none' ? undefined : state.erasureRequests.find((r) => r.requestId === requestId);
    if (!current) return;
    const reason = `erasure request ${requestId}`;
    if (current.scope === 'case') await this.erasure.eraseParticipant(caseId, reason, context.actor, context.now);
    else {
      // ErasureService tells the recipients (Art. 19) once the categories' keys are gone.
      await this.erasure.eraseCategories(caseId, [...current.scope], reason, context.actor, context.now);
    }
    await this.cases.handle(
      caseId,
      {
        type: 'ConfirmErasureExecuted',
        data: { caseId, requestId },
        metadata: { actor: context.actor, purpose: context.purpose, now: context.now },
      },
      context,
      { audit: { action: 'confirm_erasure', route: DECIDE_ROUTE, category: 'case_admin', legalBasis: DPO_BASIS } },
    );
  }

  private retentionDuty(id: string): RetentionDuty {
    const found = this.retention.classes.find((c) => c.id === id);
    if (!found)
      throw new InvalidErasureDecisionError(`retention class ${id} is not in the retention table (docs/retention.md)`);
    return { id: found.id, legalSource: found.legalSource, categories: found.categories };
  }

  /** The lead agency's officer under purpose audit; others who see the case 403, who do not 404. */
  private authorizeDpo(state: Case, caseId: string, context: RequestContext, retention: RetentionDuty | null): void {
    if (state.status === 'none') throw new CaseNotFoundError(caseId);
    if (!mayDecideRestriction(context.actor, context.purpose, state)) {
      if (context.actor.role === 'data_protection_officer' || !accessFor(context, factsFromState(state)).visible)
        throw new CaseNotFoundError(caseId);
      throw new ErasureDecisionByDpoOnlyError();
    }
    // The class must be one of the case's own legal domain: the lead agency's statute keeps the file.
    if (retention) {
      const domain = this.retention.domainOf[state.leadAgencyType];
      const own = this.retention.classes.find((c) => c.id === retention.id);
      if (own?.domain !== domain)
        throw new InvalidErasureDecisionError(
          `retention class ${retention.id} is not one of this case's legal domain (${domain})`,
        );
    }
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const page = await this.persistence.rawEvents.readAll({
        ...(this.position ? { after: this.position } : {}),
        limit: 1_000,
      });
      const last = page[page.length - 1];
      if (!last) return;
      for (const event of page) {
        if (!event.streamId.startsWith('case-')) continue;
        if (event.type === 'CaseOpened') {
          const { caseId, leadAgencyId } = event.data as { caseId: string; leadAgencyId: string };
          this.leads.set(caseId, leadAgencyId);
        } else if (ERASURE_TYPES.has(event.type)) foldErasureRequests(this.requests, event);
      }
      this.position = last.position;
      if (page.length < 1_000) return;
    }
  }
}
