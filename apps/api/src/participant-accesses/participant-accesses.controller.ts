import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { QUESTION_BASIS, QUESTION_TEXT_CATEGORY } from '@fallverbund/access-questions';
import { refusalStatusOf } from '@fallverbund/cases-application';
import { ApiProblems } from '@fallverbund/http';
import { ForParticipants } from '@fallverbund/identity';
import { PARTICIPANT_AGENCY, PARTICIPANT_PURPOSE } from '@fallverbund/participant';
import { CaseIdParams } from '../cases/cases.dto';
import { ParticipantCases, participantEntry } from '../participant/participant-cases';
import { ParticipantContext, type ParticipantRequest } from '../participant/participant-context';
import { AccessQuestionsService } from './access-questions.service';
import { AccessTransparencyService } from './access-transparency.service';
import {
  AccessesQueryDto,
  AskQuestionDto,
  ParticipantAccessesDto,
  ParticipantQuestionsDto,
  QuestionAskedDto,
} from './participant-accesses.dto';

const ACCESSES = 'GET /api/me/cases/{id}/accesses';
const ASK = 'POST /api/me/cases/{id}/questions';
const QUESTIONS = 'GET /api/me/cases/{id}/questions';
const NOT_BOUND = 'CASE.NOT_FOUND: not a case this account is bound to (or none at all); the refusal is recorded.';

/** "Wer hat meine Daten gesehen?" and the person's questions to the data protection officer about an access. */
@ApiTags('participant')
@ApiBearerAuth()
@ForParticipants()
@Controller('api/me/cases')
export class ParticipantAccessesController {
  constructor(
    @Inject(ParticipantCases) private readonly cases: ParticipantCases,
    @Inject(AccessTransparencyService) private readonly transparency: AccessTransparencyService,
    @Inject(AccessQuestionsService) private readonly asking: AccessQuestionsService,
  ) {}

  @Get(':id/accesses')
  @ApiOperation({ summary: 'Who accessed my data: the accesses to my case from the access log' })
  @ApiProblems({ 404: NOT_BOUND })
  @ApiOkResponse({
    type: ParticipantAccessesDto,
    description:
      'Newest first: when, which agency, which role (never who), which categories, purpose, legal basis, permitted or refused. Accesses held back by the data protection officer are absent and not counted.',
  })
  accesses(
    @Param() { id }: CaseIdParams,
    @Query() q: AccessesQueryDto,
    @ParticipantContext() request: ParticipantRequest,
  ) {
    return this.cases.read(request, { route: ACCESSES, caseId: id, categories: [], action: 'list' }, ({ caseId }) =>
      this.transparency.accesses(
        caseId,
        {
          ...(q.category ? { category: q.category } : {}),
          ...(q.decision ? { decision: q.decision } : {}),
        },
        { offset: q.offset ?? 0, limit: q.limit ?? 20 },
        request.now,
      ),
    );
  }

  @Post(':id/questions')
  @HttpCode(201)
  @ApiOperation({ summary: 'Ask the data protection officer about one access' })
  @ApiProblems({
    400: 'QUESTION.TEXT_INVALID: the text is only blanks.',
    404: `${NOT_BOUND} Or ACCESS_ENTRY.NOT_FOUND: no access with this index that the person can see in this case.`,
  })
  @ApiCreatedResponse({
    type: QuestionAskedDto,
    description: 'The question is recorded; the answer is due within one month (Art. 12(3) GDPR).',
  })
  async ask(
    @Param() { id }: CaseIdParams,
    @Body() body: AskQuestionDto,
    @ParticipantContext() request: ParticipantRequest,
  ): Promise<QuestionAskedDto> {
    const { caseId, summary } = await this.cases.assertBound(request, ASK, id, 'ask_access_question');
    const entry = (decision: 'permit' | 'deny', outcome: number) =>
      participantEntry(request, {
        route: ASK,
        action: 'ask_access_question',
        caseRef: caseId,
        categories: decision === 'permit' ? [QUESTION_TEXT_CATEGORY] : [],
        decision,
        outcome,
        legalBasis: decision === 'permit' ? [QUESTION_BASIS] : [],
      });
    try {
      return await this.asking.ask(
        {
          userId: request.participant.userId,
          agencyId: PARTICIPANT_AGENCY,
          role: 'participant',
          purpose: PARTICIPANT_PURPOSE,
          requestId: request.requestId,
          now: request.now,
        },
        { caseId, participantId: summary.participantId },
        body,
        (outcome) => entry('permit', outcome),
      );
    } catch (error) {
      const status = refusalStatusOf(error);
      if (status !== undefined) await this.cases.record([entry('deny', status)]);
      throw error;
    }
  }

  @Get(':id/questions')
  @ApiOperation({ summary: 'My questions about accesses, with the answers' })
  @ApiProblems({ 404: NOT_BOUND })
  @ApiOkResponse({ type: ParticipantQuestionsDto, description: 'Newest first; an answer once the officer gave it.' })
  questions(
    @Param() { id }: CaseIdParams,
    @ParticipantContext() request: ParticipantRequest,
  ): Promise<ParticipantQuestionsDto> {
    return this.cases.read(
      request,
      { route: QUESTIONS, caseId: id, categories: [QUESTION_TEXT_CATEGORY], action: 'list' },
      async ({ caseId }) => ({
        items: (await this.asking.questionsOfCase(caseId, request.now)).map((q) => ({
          id: q.id,
          accessIndex: q.accessIndex,
          text: q.text,
          askedAt: q.askedAt,
          dueAt: q.dueAt,
          ...(q.answer ? { answer: q.answer } : {}),
        })),
      }),
    );
  }
}
