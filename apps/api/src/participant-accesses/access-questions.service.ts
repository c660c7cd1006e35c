import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  type AskedQuestion,
  decideQuestion,
  isOverdue,
  QUESTION_EVENT_SCHEMA_VERSIONS,
  QUESTION_TEXT_CATEGORY,
  questionDecider,
  type QuestionEvent,
  questionPersonalData,
  questionStreamId,
} from '@fallverbund/access-questions';
import { type AuditEntry } from '@fallverbund/audit-log';
import {
  auditEntry,
  AuditTrail,
  DPO_BASIS,
  PERSISTENCE,
  type Persistence,
  refusalStatusOf,
  type RequestContext,
} from '@fallverbund/cases-application';
import { envelopeOf, PersonalDataVault, ProtectedEventStore } from '@fallverbund/event-store';
import { DomainError, ERASED, foldEvents } from '@fallverbund/kernel';
import { AccessTransparencyService } from './access-transparency.service';
import { type StoredQuestion } from './access-transparency.view';
import {
  dpoPermitted,
  newEvent,
  recorded,
  refuseNonDpo,
  type Route,
  type Writer,
  writerOf,
} from './transparency-writes';

const LIST_QUESTIONS: Route = { action: 'read_access_questions', route: 'GET /api/audit/questions' };
const ANSWER_QUESTION: Route = {
  action: 'answer_access_question',
  route: 'POST /api/audit/questions/{questionId}/answer',
};

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

/**
 * Questions of a person about one access of their case, to the data protection officer, and the
 * answers: events in a stream per question, texts sealed under the person's key.
 */
@Injectable()
export class AccessQuestionsService {
  private readonly questionEvents: ProtectedEventStore;

  constructor(
    @Inject(PERSISTENCE) private readonly persistence: Persistence,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AccessTransparencyService) private readonly accesses: AccessTransparencyService,
  ) {
    this.questionEvents = new ProtectedEventStore(persistence.rawEvents, persistence.subjectKeys, questionPersonalData);
  }

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
    await this.accesses.visibleAccess(bound.caseId, body.accessIndex, writer.now);
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
    const stored = (await this.accesses.view()).questionsOf(caseId);
    const opened = await Promise.all(stored.map((q) => this.openQuestion(q)));
    return opened
      .filter((q): q is AskedQuestion => q !== undefined)
      .map((q) => this.questionView(q, now))
      .sort((a, b) => b.askedAt.localeCompare(a.askedAt));
  }

  /** Every question, open ones first, each group by due date; one entry per case whose texts are shown. */
  async allQuestions(context: RequestContext): Promise<QuestionView[]> {
    if (!dpoPermitted(context)) return refuseNonDpo(this.trail, context, LIST_QUESTIONS, null);
    const stored = (await this.accesses.view()).allQuestions();
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
    if (!dpoPermitted(context)) return refuseNonDpo(this.trail, context, ANSWER_QUESTION, null);
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
    this.accesses.ownAppends(recorded(streamId, version, sealed));
  }
}
