import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  AgreePlanVersionCommand,
  CompletePlanStepCommand,
  ConcludeMediationCommand,
  DiffPlanVersionsQuery,
  DisputePlanCommand,
  DraftPlanVersionCommand,
  GetPlanQuery,
  GetPlanVersionQuery,
  type PlanDiff,
  type PlanVersionView,
  type PlanView,
  type RequestContext,
  RequestMediationCommand,
} from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader, ErasedDto, etagFor, IfMatch } from '@fallverbund/http';
import { type Response } from 'express';
import { EmptyDto } from '../cases/cases.responses';
import {
  ErasedPlanGoalViewDto,
  ErasedPlanStepTextViewDto,
  ErasedPlanStepViewDto,
  PlanDiffDto,
  PlanGoalViewDto,
  PlanStepTextViewDto,
  PlanStepViewDto,
  PlanVersionViewDto,
  PlanViewDto,
} from './plans.responses';
import { Context } from '../app/request-context.decorator';
import { CaseIdParams } from '../cases/cases.dto';
import {
  DraftPlanVersionDto,
  MediationConclusionDto,
  PlanAgreementDto,
  PlanDiffQueryDto,
  PlanDisputeDto,
  PlanStepParams,
  PlanVersionCreatedDto,
  PlanVersionParams,
} from './plans.dto';

const TEXTS =
  ' Texts (goals, steps, the participant’s words) only of data categories the reader may read, each with its `category`; the others are left out and counted in `withheldTexts`.';

/**
 * The cooperation plan (category `plan`; § 15 SGB II, § 19 SGB IX). Writes answer 201 with the case
 * version as ETag; send it back as If-Match to make sure nobody changed the case in between.
 */
@ApiTags('plan')
@ApiBearerAuth()
@ApiPurposeHeader()
@ApiExtraModels(
  ErasedDto,
  PlanGoalViewDto,
  PlanStepTextViewDto,
  PlanStepViewDto,
  ErasedPlanGoalViewDto,
  ErasedPlanStepTextViewDto,
  ErasedPlanStepViewDto,
)
@Controller('api/cases')
export class PlansController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post(':id/plan/versions')
  @ApiOperation({ summary: 'Draft a new version of the cooperation plan' })
  @ApiProblems({ 409: 'PLAN.ILLEGAL_TRANSITION (mediation under way), CASE.CLOSED or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({
    type: PlanVersionCreatedDto,
    description:
      'A new version of the whole plan: goals by life area, steps (who does what by when), the participant’s words and the legal status. Not while a mediation is under way (409).',
  })
  async draft(
    @Param() { id }: CaseIdParams,
    @Body() body: DraftPlanVersionDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlanVersionCreatedDto> {
    const draft = {
      legalStatus: { ...body.legalStatus },
      goals: body.goals.map(({ goalId, lifeArea, text, category }) => ({
        goalId,
        lifeArea,
        text,
        ...(category ? { category } : {}),
      })),
      steps: body.steps.map(({ stepId, goalId, action, responsible, dueDate, category }) => ({
        stepId,
        goalId: goalId ?? null,
        action,
        responsible,
        dueDate,
        ...(category ? { category } : {}),
      })),
      participantWords: body.participantWords ?? null,
      ...(body.participantWordsCategory ? { participantWordsCategory: body.participantWordsCategory } : {}),
    };
    const result = await this.commands.execute(new DraftPlanVersionCommand(id, draft, context, ifMatch));
    res
      .setHeader('ETag', etagFor(result.version))
      .setHeader('Location', `/api/cases/${id}/plan/versions/${result.planVersion}`);
    return { version: result.planVersion };
  }

  @Get(':id/plan')
  @ApiOperation({ summary: 'Read the cooperation plan' })
  @ApiOkResponse({
    type: PlanViewDto,
    description:
      'Status (none, draft, agreed, disputed, mediation_requested, mediation_concluded), the latest version with each step’s state (completed, overdue), the versions and the disputes.' +
      TEXTS,
  })
  plan(@Param() { id }: CaseIdParams, @Context() context: RequestContext): Promise<PlanView> {
    return this.queries.execute(new GetPlanQuery(id, context));
  }

  @Get(':id/plan/versions/:version')
  @ApiOperation({ summary: 'Read one version of the plan' })
  @ApiProblems({ 404: 'CASE.NOT_FOUND or PLAN.NOT_FOUND.' })
  @ApiOkResponse({
    type: PlanVersionViewDto,
    description: 'One version as drafted, with its agreement. 404 PLAN.NOT_FOUND for an unknown one.' + TEXTS,
  })
  version(@Param() { id, version }: PlanVersionParams, @Context() context: RequestContext): Promise<PlanVersionView> {
    return this.queries.execute(new GetPlanVersionQuery(id, version, context));
  }

  @Get(':id/plan/diff')
  @ApiOperation({ summary: 'Compare two versions of the plan' })
  @ApiOkResponse({
    type: PlanDiffDto,
    description:
      'What changed from `from` to `to`: goals and steps added, removed and changed field by field, the participant’s words and the legal status, and `lines`, the same as short German sentences. 400 PLAN.INVALID for an unknown version or from ≥ to. A text of a category the reader may not read in either version is left out of both and counted in `withheldTexts`.',
  })
  diff(
    @Param() { id }: CaseIdParams,
    @Query() { from, to }: PlanDiffQueryDto,
    @Context() context: RequestContext,
  ): Promise<PlanDiff | { from: number; to: number; erased: true }> {
    return this.queries.execute(new DiffPlanVersionsQuery(id, from, to, context));
  }

  @Post(':id/plan/versions/:version/agreement')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the participant’s agreement to a plan version' })
  @ApiProblems({
    404: 'CASE.NOT_FOUND or PLAN.NOT_FOUND.',
    409: 'PLAN.ILLEGAL_TRANSITION or STREAM.CONCURRENT_CHANGE.',
  })
  @ApiCreatedResponse({
    type: EmptyDto,
    description: 'The participant agreed to this version, the latest one (409 PLAN.ILLEGAL_TRANSITION otherwise).',
  })
  async agree(
    @Param() { id, version }: PlanVersionParams,
    @Body() body: PlanAgreementDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, never>> {
    const result = await this.commands.execute(new AgreePlanVersionCommand(id, version, body.form, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return {};
  }

  @Post(':id/plan/dispute')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record that the participant disputes the plan' })
  @ApiProblems({ 409: 'PLAN.ILLEGAL_TRANSITION or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({
    type: EmptyDto,
    description: 'The participant disputes the latest version (from draft, agreed or mediation concluded).',
  })
  async dispute(
    @Param() { id }: CaseIdParams,
    @Body() body: PlanDisputeDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, never>> {
    const result = await this.commands.execute(new DisputePlanCommand(id, body.version, body.reason, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return {};
  }

  @Post(':id/plan/mediation')
  @HttpCode(201)
  @ApiOperation({ summary: 'Request mediation of a disputed plan' })
  @ApiProblems({ 409: 'PLAN.MEDIATION_NOT_AVAILABLE, PLAN.ILLEGAL_TRANSITION or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({
    type: EmptyDto,
    description:
      'Mediation of a disputed plan; 409 PLAN.MEDIATION_NOT_AVAILABLE when the legal status of the latest version provides none.',
  })
  async requestMediation(
    @Param() { id }: CaseIdParams,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, never>> {
    const result = await this.commands.execute(new RequestMediationCommand(id, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return {};
  }

  @Post(':id/plan/mediation/conclusion')
  @HttpCode(201)
  @ApiOperation({ summary: 'Conclude the mediation' })
  @ApiProblems({ 409: 'PLAN.ILLEGAL_TRANSITION or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({
    type: EmptyDto,
    description: 'The mediation under way ended; an agreement or a new version comes next.',
  })
  async concludeMediation(
    @Param() { id }: CaseIdParams,
    @Body() body: MediationConclusionDto,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, never>> {
    const result = await this.commands.execute(new ConcludeMediationCommand(id, body.outcome, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return {};
  }

  @Post(':id/plan/steps/:stepId/completion')
  @HttpCode(201)
  @ApiOperation({ summary: 'Mark a plan step done' })
  @ApiProblems({
    404: 'CASE.NOT_FOUND or PLAN.NOT_FOUND (no such step).',
    409: 'PLAN.ILLEGAL_TRANSITION or STREAM.CONCURRENT_CHANGE.',
  })
  @ApiCreatedResponse({ type: EmptyDto, description: 'A step of the agreed latest version is done; once per step.' })
  async completeStep(
    @Param() { id, stepId }: PlanStepParams,
    @IfMatch() ifMatch: number | undefined,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Record<string, never>> {
    const result = await this.commands.execute(new CompletePlanStepCommand(id, stepId, context, ifMatch));
    res.setHeader('ETag', etagFor(result.version));
    return {};
  }
}
