import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AccessDeferralSet,
  type AskedQuestion,
  type Deferral,
  decideDeferral,
  decideQuestion,
  deferralStreamId,
  isAccessOfCase,
  isHeldBack,
  isOverdue,
  participantSees,
  QUESTION_EVENT_SCHEMA_VERSIONS,
  QUESTION_TEXT_CATEGORY,
  questionDecider,
  type QuestionEvent,
  questionPersonalData,
  questionStreamId,
} from '@fallverbund/access-questions';
import { type AuditEntry, type AuditRecord } from '@fallverbund/audit-log';
import {
  AccessDeniedError,
  assertDpoAccess,
  auditEntry,
  AuditTrail,
  CaseSummary,
  DPO_BASIS,
  PERSISTENCE,
  type Persistence,
  refusalStatusOf,
  type RequestContext,
} from '@fallverbund/cases-application';
import { type CaseEvent, CaseNotFoundError, caseStreamId } from '@fallverbund/cases-domain';
import {
  envelopeOf,
  type NewEvent,
  PersonalDataVault,
  ProtectedEventStore,
  type RecordedEvent,
} from '@fallverbund/event-store';
import { Directory } from '@fallverbund/identity';
import { DomainError, ERASED, type EventMetadata, foldEvents } from '@fallverbund/kernel';
import { DataSource } from 'typeorm';
import { AccessTransparencyView, type StoredQuestion } from './access-transparency.view';

const PAGE = 1_000;

/** The access asked about is not one the person can see in their case's log. */
export class AccessNotFoundError extends DomainError {
  readonly code = 'ACCESS_ENTRY.NOT_FOUND';
  readonly kind = 'not_found';
}

/** One legal basis of an access, structured for the person's view. */
export interface AccessLegalBasis {
  readonly kind: 'consent' | 'team' | 'statute';
  readonly consentId?: string;
  /** When the consent was given, and by whom (the person, their legal guardian, the person who entrusted it). */
  readonly consentGivenAt?: string;
  readonly consentGivenBy?: string;
  /** A case conference the person agreed to, or whose invitation rests on that agreement. */
  readonly conferenceId?: string;
  /** The norm, e.g. '§ 69 SGB X', '§ 8a SGB VIII'. */
  readonly statute?: string;
}

export interface ParticipantAccess {
  readonly index: number;
  readonly occurredAt: string;
  readonly agency: { readonly id: string; readonly name: string };
  readonly role: string;
  readonly action: string;
  readonly categories: readonly string[];
  readonly purpose: string;
  readonly legalBasis: readonly AccessLegalBasis[];
  readonly decision: 'permit' | 'deny';
}

export interface AccessFilter {
  readonly category?: string;
  readonly decision?: 'permit' | 'deny';
}

export interface QuestionView {
  readonly id: string;
  readonly caseId: string;
  readonly accessIndex: number;
  readonly text: string | null;
  readonly askedAt: string;
  readonly dueAt: string;
  readonly overdue: boolean;
  readonly answer?: { readonly text: string | null; readonly answeredAt: string };
}

export interface DeferralView {
  readonly caseId: string;
  readonly heldBack: number;
  readonly releaseAt: string | null;
  readonly reason: string | null;
  readonly setAt: string | null;
}

/** Statutes named by the prefix of a recorded basis (see formatLegalBasis and the bases of the app). */
const STATUTES: readonly (readonly [string, string])[] = [
  ['§8a SGB VIII', '§ 8a SGB VIII'],
  ['§67c Abs. 3 SGB X', '§ 67c Abs. 3 SGB X'],
  ['team_lead', '§ 67c Abs. 3 SGB X'],
  ['§78 Abs. 1 SGB X', '§ 78 Abs. 1 SGB X'],
  ['§ 84 SGB X', '§ 84 SGB X, Art. 17 GDPR'],
  ['Art. 15 GDPR', 'Art. 15 GDPR, § 83 SGB X'],
  ['Art. 39 GDPR', 'Art. 39 GDPR'],
  ['Art. 89 GDPR', 'Art. 89 GDPR'],
];

type ConsentFacts = ReadonlyMap<string, { grantedAt: string; grantedBy: string }>;

/** A recorded basis as the person's view shows it: consents with their date, never a justification. */
export function structuredBasis(basis: string, consents: ConsentFacts): AccessLegalBasis {
  if (basis === 'team') return { kind: 'team', statute: '§ 69 SGB X' };
  if (basis.startsWith('consent:')) {
    const consentId = basis.slice('consent:'.length);
    const consent = consents.get(consentId);
    return {
      kind: 'consent',
      consentId,
      ...(consent ? { consentGivenAt: consent.grantedAt, consentGivenBy: consent.grantedBy } : {}),
    };
  }
  for (const prefix of ['conference agreement:', 'conference invitation:'])
    if (basis.startsWith(prefix)) return { kind: 'consent', conferenceId: basis.slice(prefix.length) };
  const statute = STATUTES.find(([prefix]) => basis.startsWith(prefix));
  // A basis the view has no norm for yet: the norm part, before any explanation, is still a norm.
  return { kind: 'statute', statute: statute ? statute[1] : (basis.split(':')[0] ?? basis).trim() };
}

/**
 * "Wer hat meine Daten gesehen?", the data protection officer's deferrals, and questions about an
 * access: read from the access log, the question and deferral streams. Access checks and audit
 * entries of the participant's routes are the callers'; the DPO's are recorded here.
 */
@Injectable()
export class AccessTransparencyService {
  private readonly view: AccessTransparencyView;
  private readonly questionEvents: ProtectedEventStore;

  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(Directory) private readonly directory: Directory,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
  ) {
    this.view = new AccessTransparencyView(persistence.rawEvents);
    this.questionEvents = new ProtectedEventStore(persistence.rawEvents, persistence.subjectKeys, questionPersonalData);
  }

  /** The case's log entries, newest first (every page of them: a case has hundreds, not millions). */
  private async caseRecords(caseId: string): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    let after: number | undefined;
    for (;;) {
      const page = await this.persistence.audit.search(
        { caseRef: caseId },
        { order: 'desc', limit: PAGE, ...(after === undefined ? {} : { after }) },
      );
      records.push(...page);
      if (page.length < PAGE) return records;
      after = (page[page.length - 1] as AuditRecord).index;
    }
  }

  private async consentsOf(caseId: string): Promise<ConsentFacts> {
    const consents = new Map<string, { grantedAt: string; grantedBy: string }>();
    for (const event of await this.persistence.rawEvents.readStream(caseStreamId(caseId))) {
      const e = { type: event.type, data: event.data } as CaseEvent;
      if (e.type === 'ConsentGranted')
        consents.set(e.data.consentId, { grantedAt: e.data.grantedAt, grantedBy: e.data.grantedBy });
    }
    return consents;
  }

  /** The accesses the person may see now, newest first, filtered, one page of them and how many in all. */
  async accesses(
    caseId: string,
    filter: AccessFilter,
    page: { offset: number; limit: number },
    now: Date,
  ): Promise<{ items: ParticipantAccess[]; total: number }> {
    const deferral = (await this.view.current()).deferralOf(caseId);
    const shown = (await this.caseRecords(caseId)).flatMap(({ index, entry }) =>
      entry &&
      participantSees(entry, caseId, deferral, now) &&
      (filter.category === undefined || entry.categories.includes(filter.category)) &&
      (filter.decision === undefined || entry.decision === filter.decision)
        ? [{ index, entry }]
        : [],
    );
    const slice = shown.slice(page.offset, page.offset + page.limit);
    const consents = slice.some(({ entry }) => entry.legalBasis.some((b) => b.startsWith('consent:')))
      ? await this.consentsOf(caseId)
      : new Map<string, { grantedAt: string; grantedBy: string }>();
    return {
      items: slice.map(({ index, entry }) => this.accessOf(index, entry, consents)),
      total: shown.length,
    };
  }

  /** One access of the case the person may see now, or AccessNotFoundError. */
  async visibleAccess(caseId: string, index: number, now: Date): Promise<AuditRecord & { entry: AuditEntry }> {
    const deferral = (await this.view.current()).deferralOf(caseId);
    const size = await this.persistence.audit.size();
    const [record] =
      Number.isSafeInteger(index) && index >= 0 && index < size ? await this.persistence.audit.read(index, 1) : [];
    if (!record?.entry || !participantSees(record.entry, caseId, deferral, now))
      throw new AccessNotFoundError(`no access ${index} in the log of this case`);
    return record as AuditRecord & { entry: AuditEntry };
  }

  private accessOf(index: number, entry: AuditEntry, consents: ConsentFacts): ParticipantAccess {
    return {
      index,
      occurredAt: entry.occurredAt,
      agency: {
        id: entry.actor.agencyId,
        name: this.directory.agency(entry.actor.agencyId)?.name ?? entry.actor.agencyId,
      },
      role: entry.actor.role,
      action: entry.action,
      categories: entry.categories,
      purpose: entry.purpose,
      legalBasis: entry.legalBasis.map((b) => structuredBasis(b, consents)),
      decision: entry.decision,
    };
  }

  // ---- deferrals (data protection officer) ----

  private dpoPermitted(context: RequestContext): boolean {
    return context.actor.role === 'data_protection_officer' && context.purpose === 'audit';
  }

  /** Records the refusal of a DPO route and throws 403; the case is named only when the caller named it. */
  private async refuseNonDpo(context: RequestContext, route: Route, caseRef: string | null): Promise<never> {
    await this.trail.record([
      auditEntry(context, { ...route, caseRef, categories: [], legalBasis: [], decision: 'deny', outcome: 403 }),
    ]);
    throw new AccessDeniedError('only data protection officers, with purpose audit, work with deferrals and questions');
  }

  private async summaryOf(caseId: string): Promise<CaseSummary | null> {
    return this.dataSource.getRepository(CaseSummary).findOneBy({ caseId });
  }

  /** Sets when the case's held-back accesses are shown to the person, and on which ground; recorded. */
  async setDeferral(
    context: RequestContext,
    caseId: string,
    body: { releaseAt: string | null; reason: string },
  ): Promise<Deferral> {
    const route = SET_DEFERRAL;
    if (!this.dpoPermitted(context)) return this.refuseNonDpo(context, route, caseId);
    const refuse = async (error: DomainError, outcome: number): Promise<never> => {
      await this.trail.record([
        auditEntry(context, { ...route, caseRef: caseId, categories: [], legalBasis: [], decision: 'deny', outcome }),
      ]);
      throw error;
    };
    if (!(await this.summaryOf(caseId))) return refuse(new CaseNotFoundError(caseId), 404);
    let events: AccessDeferralSet[];
    try {
      events = decideDeferral({
        type: 'SetAccessDeferral',
        data: { caseId, releaseAt: body.releaseAt, reason: body.reason },
        metadata: { now: context.now, actor: context.actor },
      });
    } catch (error) {
      if (error instanceof DomainError) return refuse(error, 400);
      throw error;
    }
    const streamId = deferralStreamId(caseId);
    const version = await this.persistence.rawEvents.streamVersion(streamId);
    const newEvents = events.map((e) => newEvent(writerOf(context), e, 1));
    await this.persistence.appendAudited(streamId, newEvents, version, [
      auditEntry(context, {
        ...route,
        caseRef: caseId,
        categories: [],
        legalBasis: [DPO_BASIS],
        decision: 'permit',
        outcome: 200,
      }),
    ]);
    this.view.apply(recorded(streamId, version, newEvents));
    return (events[0] as AccessDeferralSet).data;
  }

  /**
   * Per case, how many accesses are held back from the person now and until when: every case with a
   * child-protection access or a deferral set.
   */
  async deferrals(context: RequestContext): Promise<DeferralView[]> {
    await assertDpoAccess(this.trail, context, {
      route: LIST_DEFERRALS.route,
      caseRef: null,
      what: 'read the deferrals',
    });
    const view = await this.view.current();
    const cases = new Set(view.allDeferrals().map((d) => d.caseId));
    for (const filter of [{ purpose: 'child_protection' }, { breakGlass: true }]) {
      let after: number | undefined;
      for (;;) {
        const page = await this.persistence.audit.search(filter, {
          order: 'asc',
          limit: PAGE,
          ...(after === undefined ? {} : { after }),
        });
        for (const r of page) if (r.entry?.caseRef) cases.add(r.entry.caseRef);
        if (page.length < PAGE) break;
        after = (page[page.length - 1] as AuditRecord).index;
      }
    }
    const result: DeferralView[] = [];
    for (const caseId of [...cases].sort()) {
      const deferral = view.deferralOf(caseId);
      const heldBack = (await this.caseRecords(caseId)).filter(
        ({ entry }) => entry && isAccessOfCase(entry, caseId) && isHeldBack(entry, deferral, context.now),
      ).length;
      result.push({
        caseId,
        heldBack,
        releaseAt: deferral?.releaseAt ?? null,
        reason: deferral?.reason ?? null,
        setAt: deferral?.setAt ?? null,
      });
    }
    return result;
  }

  // ---- questions ----

  private async openQuestion(stored: StoredQuestion): Promise<AskedQuestion | undefined> {
    const envelopes = stored.events.map((e) => envelopeOf(e.data));
    const opened = await this.vault.open(envelopes);
    const events = stored.events.map((e, i) => {
      const { $personal: _, ...rest } = e.data as Record<string, unknown>;
      const personal = envelopes[i] ? (opened[i] ?? { text: ERASED }) : {};
      return { type: e.type, data: { ...rest, ...personal } } as QuestionEvent;
    });
    const state = foldEvents(questionDecider, events);
    return state.status === 'none' ? undefined : state;
  }

  private questionView(q: AskedQuestion, now: Date): QuestionView {
    const text = (t: unknown): string | null => (typeof t === 'string' ? t : null);
    return {
      id: q.questionId,
      caseId: q.caseId,
      accessIndex: q.accessIndex,
      text: text(q.text),
      askedAt: q.askedAt,
      dueAt: q.dueAt,
      overdue: isOverdue({ dueAt: q.dueAt, ...(q.answer ? { answeredAt: q.answer.answeredAt } : {}) }, now),
      ...(q.answer ? { answer: { text: text(q.answer.text), answeredAt: q.answer.answeredAt } } : {}),
    };
  }

  /**
   * A question of the person about one access they can see in their case; `entry` builds the audit
   * entry of the ask (its outcome given), written in one transaction with the event. The caller has
   * checked that the person is bound to the case.
   */
  async ask(
    writer: Writer,
    bound: { caseId: string; participantId: string },
    body: { accessIndex: number; text: string },
    entry: (outcome: number) => AuditEntry,
  ): Promise<{ id: string; askedAt: string; dueAt: string }> {
    await this.visibleAccess(bound.caseId, body.accessIndex, writer.now);
    const questionId = randomUUID();
    const [asked] = decideQuestion(
      {
        type: 'AskQuestion',
        data: { questionId, ...bound, accessIndex: body.accessIndex, text: body.text },
        metadata: { now: writer.now, actor: writer },
      },
      questionDecider.initialState(),
    ) as [QuestionEvent];
    await this.appendQuestion(writer, questionId, 0, asked, entry(201));
    const data = asked.data as AskedQuestion;
    return { id: questionId, askedAt: data.askedAt, dueAt: data.dueAt };
  }

  /** The person's questions on one case, newest first. The caller has checked the binding. */
  async questionsOfCase(caseId: string, now: Date): Promise<QuestionView[]> {
    const stored = (await this.view.current()).questionsOf(caseId);
    const opened = await Promise.all(stored.map((q) => this.openQuestion(q)));
    return opened
      .filter((q): q is AskedQuestion => q !== undefined)
      .map((q) => this.questionView(q, now))
      .sort((a, b) => b.askedAt.localeCompare(a.askedAt));
  }

  /** Every question, open ones first, each group by due date; one entry per case whose texts are shown. */
  async allQuestions(context: RequestContext): Promise<QuestionView[]> {
    if (!this.dpoPermitted(context)) return this.refuseNonDpo(context, LIST_QUESTIONS, null);
    const stored = (await this.view.current()).allQuestions();
    const opened = (await Promise.all(stored.map((q) => this.openQuestion(q)))).filter(
      (q): q is AskedQuestion => q !== undefined,
    );
    const cases = [...new Set(opened.map((q) => q.caseId))].sort();
    await this.trail.record(
      (cases.length > 0 ? cases : [null]).map((caseRef) =>
        auditEntry(context, {
          ...LIST_QUESTIONS,
          caseRef,
          categories: caseRef ? [QUESTION_TEXT_CATEGORY] : [],
          legalBasis: [DPO_BASIS],
          decision: 'permit',
          outcome: 200,
        }),
      ),
    );
    return opened
      .map((q) => this.questionView(q, context.now))
      .sort((a, b) =>
        a.answer === undefined && b.answer !== undefined
          ? -1
          : a.answer !== undefined && b.answer === undefined
            ? 1
            : a.dueAt.localeCompare(b.dueAt),
      );
  }

  /** The data protection officer answers a question once; recorded with the answer. */
  async answer(context: RequestContext, questionId: string, text: string): Promise<{ id: string; answeredAt: string }> {
    if (!this.dpoPermitted(context)) return this.refuseNonDpo(context, ANSWER_QUESTION, null);
    const streamId = questionStreamId(questionId);
    const stored = await this.persistence.rawEvents.readStream(streamId);
    const state = foldEvents(
      questionDecider,
      stored.map((e) => ({ type: e.type, data: e.data }) as QuestionEvent),
    );
    const caseRef = state.status === 'none' ? null : state.caseId;
    const deny = async (error: DomainError, outcome: number): Promise<never> => {
      await this.trail.record([
        auditEntry(context, { ...ANSWER_QUESTION, caseRef, categories: [], legalBasis: [], decision: 'deny', outcome }),
      ]);
      throw error;
    };
    let answered: QuestionEvent;
    try {
      [answered] = decideQuestion(
        { type: 'AnswerQuestion', data: { text }, metadata: { now: context.now, actor: context.actor } },
        state,
      ) as [QuestionEvent];
    } catch (error) {
      if (error instanceof DomainError) return deny(error, refusalStatusOf(error) ?? 400);
      throw error;
    }
    await this.appendQuestion(
      writerOf(context),
      questionId,
      stored.length,
      answered,
      auditEntry(context, {
        ...ANSWER_QUESTION,
        caseRef,
        categories: [QUESTION_TEXT_CATEGORY],
        legalBasis: [DPO_BASIS],
        decision: 'permit',
        outcome: 201,
      }),
    );
    return { id: questionId, answeredAt: (answered.data as { answeredAt: string }).answeredAt };
  }

  private async appendQuestion(
    writer: Writer,
    questionId: string,
    version: number,
    event: QuestionEvent,
    entry: AuditEntry,
  ): Promise<void> {
    const streamId = questionStreamId(questionId);
    const sealed = await this.questionEvents.seal([
      newEvent(writer, event, QUESTION_EVENT_SCHEMA_VERSIONS[event.type]),
    ]);
    await this.persistence.appendAudited(streamId, sealed, version, [entry]);
    this.view.apply(recorded(streamId, version, sealed));
  }
}

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

const newEvent = (writer: Writer, event: { type: string; data: object }, schemaVersion: number): NewEvent => ({
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

type Route = { readonly action: string; readonly route: string };
const SET_DEFERRAL: Route = { action: 'set_access_deferral', route: 'PUT /api/audit/deferrals/{caseId}' };
const LIST_DEFERRALS: Route = { action: 'audit', route: 'GET /api/audit/deferrals' };
const LIST_QUESTIONS: Route = { action: 'read_access_questions', route: 'GET /api/audit/questions' };
const ANSWER_QUESTION: Route = {
  action: 'answer_access_question',
  route: 'POST /api/audit/questions/{questionId}/answer',
};

/** The events just appended, as the global log will hold them (its position is not needed here). */
const recorded = (streamId: string, version: number, events: readonly NewEvent[]): RecordedEvent[] =>
  events.map((e, i) => ({ ...e, streamId, version: version + i + 1, position: { commit: 0n, prepare: 0n } }));
