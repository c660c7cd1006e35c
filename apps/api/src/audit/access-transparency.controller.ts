import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RequestContext } from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader } from '@fallverbund/http';
import { Context } from '../app/request-context.decorator';
import { AccessDeferralsService } from '../participant-accesses/access-deferrals.service';
import { AccessQuestionsService } from '../participant-accesses/access-questions.service';
import {
  AnswerQuestionDto,
  DeferralCaseParams,
  DeferralDto,
  DpoQuestionsDto,
  HeldBackListDto,
  QuestionAnsweredDto,
  QuestionIdParams,
  SetDeferralDto,
} from '../participant-accesses/participant-accesses.dto';

const DPO_ONLY = 'ACCESS.DENIED: only data protection officers, with purpose audit (the refusal is recorded).';

/**
 * What the data protection officer holds back from a person's view of their access log, and the
 * questions people ask about an access (role data_protection_officer, purpose audit).
 */
@ApiTags('data protection')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/audit')
export class AccessTransparencyController {
  constructor(
    @Inject(AccessDeferralsService) private readonly deferralsOf: AccessDeferralsService,
    @Inject(AccessQuestionsService) private readonly questionsOf: AccessQuestionsService,
  ) {}

  @Put('deferrals/:caseId')
  @ApiOperation({ summary: 'Set when the held-back accesses of a case are shown to the person' })
  @ApiProblems({ 403: DPO_ONLY, 404: 'CASE.NOT_FOUND.', 400: 'DEFERRAL.INVALID: an unknown reason or date.' })
  @ApiOkResponse({ type: DeferralDto, description: 'The deferral in force; setting it is recorded.' })
  setDeferral(
    @Param() { caseId }: DeferralCaseParams,
    @Body() body: SetDeferralDto,
    @Context() context: RequestContext,
  ): Promise<DeferralDto> {
    return this.deferralsOf.setDeferral(context, caseId, body);
  }

  @Get('deferrals')
  @ApiOperation({ summary: 'What is held back from the people concerned, per case, and until when' })
  @ApiProblems({ 403: DPO_ONLY })
  @ApiOkResponse({
    type: HeldBackListDto,
    description: 'Every case with a child-protection access or a deferral: how many accesses are held back now.',
  })
  async deferrals(@Context() context: RequestContext): Promise<HeldBackListDto> {
    return { items: await this.deferralsOf.deferrals(context) };
  }

  @Get('questions')
  @ApiOperation({ summary: 'Questions of people about an access, with their Art. 12(3) GDPR deadline' })
  @ApiProblems({ 403: DPO_ONLY })
  @ApiOkResponse({ type: DpoQuestionsDto, description: 'Open questions first, by due date; overdue ones flagged.' })
  async questions(@Context() context: RequestContext): Promise<DpoQuestionsDto> {
    return { items: await this.questionsOf.allQuestions(context) };
  }

  @Post('questions/:questionId/answer')
  @HttpCode(201)
  @ApiOperation({ summary: 'Answer a question; the person sees the answer' })
  @ApiProblems({
    403: DPO_ONLY,
    404: 'QUESTION.NOT_FOUND.',
    409: 'QUESTION.ALREADY_ANSWERED.',
    400: 'QUESTION.TEXT_INVALID: the answer is only blanks.',
  })
  @ApiCreatedResponse({ type: QuestionAnsweredDto, description: 'The answer is recorded.' })
  answer(
    @Param() { questionId }: QuestionIdParams,
    @Body() body: AnswerQuestionDto,
    @Context() context: RequestContext,
  ): Promise<QuestionAnsweredDto> {
    return this.questionsOf.answer(context, questionId, body.text);
  }
}
