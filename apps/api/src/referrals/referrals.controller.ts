import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import {
  GetReferralQuery,
  ListPartnerRecordQuery,
  ListReferralInboxQuery,
  ListReferralsQuery,
  MoveReferralCommand,
  type PartnerRecord,
  type ReferralInbox,
  type ReferralStep,
  type ReferralView,
  type RequestContext,
  SendReferralCommand,
} from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader, etagFor } from '@fallverbund/http';
import { type Response } from 'express';
import { Context } from '../app/request-context.decorator';
import { CaseIdParams, CreatedDto } from '../cases/cases.dto';
import {
  CancelReferralDto,
  CompleteReferralDto,
  DeclineReferralDto,
  FirstAppointmentDto,
  ReferralInboxQueryDto,
  ReferralParams,
  SendReferralDto,
} from './referrals.dto';
import {
  PartnerRecordDto,
  PartnerRecordQueryDto,
  PlanFirstAppointmentDto,
  ReferralInboxDto,
  ReferralListDto,
  ReferralViewDto,
  ReferralStepDoneDto,
} from './partner-views.dto';

const STEP_PROBLEMS = {
  403: 'ACCESS.DENIED, or REFERRAL.WRONG_SIDE: the step is the other side’s.',
  404: 'CASE.NOT_FOUND or REFERRAL.NOT_FOUND.',
  409: 'REFERRAL.ILLEGAL_TRANSITION (not from this status), CASE.CLOSED or STREAM.CONCURRENT_CHANGE.',
};

const STEP_DONE = 'Each step of the closed loop is its own event; from the wrong side 403, from the wrong status 409.';

/**
 * Referrals (category `referrals`): the case team sends, the partner's staff accept or decline, record
 * the first appointment and report back by attestation; the referring agency may cancel. The data a
 * referral shares are read through the ordinary case routes, which the policy opens to the partner.
 */
@ApiTags('referrals')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api')
export class ReferralsController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post('cases/:id/referrals')
  @ApiOperation({ summary: 'Send a referral to a partner' })
  @ApiProblems({
    403: 'ACCESS.DENIED, or REFERRAL.NOT_COVERED_BY_CONSENT: no active consent covers a shared category for this partner and purpose.',
  })
  @ApiCreatedResponse({
    type: CreatedDto,
    description:
      'Sent for the declared purpose to a partner of the partner directory that serves it, sharing only categories the sender may read under that purpose and an active consent covers for that partner and purpose.',
  })
  async send(
    @Param() { id }: CaseIdParams,
    @Body() body: SendReferralDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedDto> {
    const { partnerAgencyId, purpose, sharedCategories, reason } = body;
    const result = await this.commands.execute(
      new SendReferralCommand(id, { partnerAgencyId, ...(purpose && { purpose }), sharedCategories, reason }, context),
    );
    res.setHeader('ETag', etagFor(result.version)).setHeader('Location', `/api/cases/${id}/referrals/${result.id}`);
    return { id: result.id };
  }

  @Get('cases/:id/referrals')
  @ApiOperation({ summary: 'List the referrals of a case' })
  @ApiOkResponse({
    type: ReferralListDto,
    description:
      'The referrals of the case, newest first, with status, steps, waiting time and attestation; a partner sees those to its own agency.',
  })
  list(@Param() { id }: CaseIdParams, @Context() context: RequestContext): Promise<{ items: ReferralView[] }> {
    return this.queries.execute(new ListReferralsQuery(id, context));
  }

  @Get('cases/:id/referrals/:referralId')
  @ApiOperation({ summary: 'Read one referral' })
  @ApiProblems({ 404: 'CASE.NOT_FOUND or REFERRAL.NOT_FOUND (also for one the caller does not see).' })
  @ApiOkResponse({
    type: ReferralViewDto,
    description: 'One referral (404 REFERRAL.NOT_FOUND for one the caller does not see).',
  })
  get(@Param() { id, referralId }: ReferralParams, @Context() context: RequestContext): Promise<ReferralView> {
    return this.queries.execute(new GetReferralQuery(id, referralId, context));
  }

  @Post('cases/:id/referrals/:referralId/accept')
  @HttpCode(201)
  @ApiOperation({ summary: 'Accept a referral (the partner)' })
  @ApiProblems(STEP_PROBLEMS)
  @ApiCreatedResponse({ type: ReferralStepDoneDto, description: `By the partner's staff, from sent. ${STEP_DONE}` })
  accept(
    @Param() params: ReferralParams,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    return this.move(params, { type: 'AcceptReferral' }, context, res);
  }

  @Post('cases/:id/referrals/:referralId/decline')
  @HttpCode(201)
  @ApiOperation({ summary: 'Decline a referral (the partner)' })
  @ApiProblems(STEP_PROBLEMS)
  @ApiCreatedResponse({
    type: ReferralStepDoneDto,
    description: `By the partner's staff, from sent, with a reason. ${STEP_DONE}`,
  })
  decline(
    @Param() params: ReferralParams,
    @Body() body: DeclineReferralDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    return this.move(params, { type: 'DeclineReferral', reason: body.reason }, context, res);
  }

  @Post('cases/:id/referrals/:referralId/plan-appointment')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Plan the first appointment of a referral (the partner)',
    description:
      "By the partner's staff while the referral is accepted; the appointment may lie ahead (at most 366 days). Planned again with a reason (missed, moved) when one is planned already. The referral stays accepted until the appointment is confirmed as held (POST …/first-appointment); the waiting time counts to the held one.",
  })
  @ApiCreatedResponse({ type: ReferralStepDoneDto, description: 'Planned; the ETag is the case version.' })
  @ApiBadRequestResponse({
    description:
      'REQUEST.VALIDATION (no instant, unknown reason), REFERRAL.INVALID (before sending, too far ahead, a reason missing or not expected, missed before it was due).',
  })
  @ApiUnauthorizedResponse({ description: 'No or a bad bearer token.' })
  @ApiForbiddenResponse({ description: 'ACCESS.DENIED (no record referrals), REFERRAL.WRONG_SIDE (not the partner).' })
  @ApiNotFoundResponse({ description: 'CASE.NOT_FOUND, REFERRAL.NOT_FOUND.' })
  @ApiConflictResponse({ description: 'REFERRAL.ILLEGAL_TRANSITION (not accepted), CASE.CLOSED.' })
  planFirstAppointment(
    @Param() params: ReferralParams,
    @Body() body: PlanFirstAppointmentDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    const step: ReferralStep = {
      type: 'PlanFirstAppointment',
      appointmentAt: body.appointmentAt,
      ...(body.reason !== undefined && { reason: body.reason }),
    };
    return this.move(params, step, context, res);
  }

  @Post('cases/:id/referrals/:referralId/first-appointment')
  @HttpCode(201)
  @ApiOperation({ summary: 'Confirm the first appointment as held (the partner)' })
  @ApiProblems(STEP_PROBLEMS)
  @ApiCreatedResponse({
    type: ReferralStepDoneDto,
    description: `By the partner's staff, from accepted, once the appointment took place (without appointmentAt: the planned one, as planned); records the waiting time. ${STEP_DONE}`,
  })
  firstAppointment(
    @Param() params: ReferralParams,
    @Body() body: FirstAppointmentDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    const step: ReferralStep = {
      type: 'RecordFirstAppointment',
      ...(body.appointmentAt !== undefined && { appointmentAt: body.appointmentAt }),
    };
    return this.move(params, step, context, res);
  }

  @Post('cases/:id/referrals/:referralId/complete')
  @HttpCode(201)
  @ApiOperation({ summary: 'Complete a referral with the attestation (the partner)' })
  @ApiProblems(STEP_PROBLEMS)
  @ApiCreatedResponse({
    type: ReferralStepDoneDto,
    description: `By the partner's staff, from first_appointment, with the attestation only (attended, goal reached). ${STEP_DONE}`,
  })
  complete(
    @Param() params: ReferralParams,
    @Body() body: CompleteReferralDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    const attestation = { attended: body.attended, goalReached: body.goalReached };
    return this.move(params, { type: 'CompleteReferral', attestation }, context, res);
  }

  @Post('cases/:id/referrals/:referralId/cancel')
  @HttpCode(201)
  @ApiOperation({ summary: 'Cancel a referral (the referring agency)' })
  @ApiProblems(STEP_PROBLEMS)
  @ApiCreatedResponse({
    type: ReferralStepDoneDto,
    description: `By the referring agency, from sent, accepted or first_appointment, with a reason. ${STEP_DONE}`,
  })
  cancel(
    @Param() params: ReferralParams,
    @Body() body: CancelReferralDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    return this.move(params, { type: 'CancelReferral', reason: body.reason }, context, res);
  }

  @Get('referrals')
  @ApiOperation({ summary: "The partner's inbox of referrals" })
  @ApiOkResponse({
    type: ReferralInboxDto,
    description:
      "The partner's inbox: referrals to the caller's agency that the caller may read now for the declared purpose, newest first; `hiddenByPurpose` counts those another purpose (the referral's own) would show. Closed referrals stay in the agency's own record (GET /api/referrals/record).",
  })
  inbox(@Query() query: ReferralInboxQueryDto, @Context() context: RequestContext): Promise<ReferralInbox> {
    return this.queries.execute(
      new ListReferralInboxQuery(context, query.status, query.limit ?? 50, query.offset ?? 0),
    );
  }

  @Get('referrals/record')
  @ApiOperation({
    summary: "The agency's own record of the referrals it received",
    description:
      "Every referral the caller's agency received for the declared purpose, in every status (completed and declined stay): what it received (the categories, never their content, the reason or the case), when, from which agency, and the outcome. Kept under the partner's own basis (§ 78 Abs. 1 SGB X; its documentation duty), not the case's: it opens nothing of the case. Other purposes are counted in `hiddenByPurpose`.",
  })
  @ApiOkResponse({ type: PartnerRecordDto })
  @ApiBadRequestResponse({
    description: 'REQUEST.VALIDATION: unknown status, limit or offset out of bounds; X-Purpose.',
  })
  @ApiUnauthorizedResponse({ description: 'No or a bad bearer token.' })
  @ApiForbiddenResponse({
    description:
      'ACCESS.DENIED: a data protection officer, or purpose evaluation, audit or child_protection (recorded).',
  })
  partnerRecord(@Query() query: PartnerRecordQueryDto, @Context() context: RequestContext): Promise<PartnerRecord> {
    return this.queries.execute(
      new ListPartnerRecordQuery(context, query.status, query.limit ?? 50, query.offset ?? 0),
    );
  }

  private async move(
    { id, referralId }: ReferralParams,
    step: ReferralStep,
    context: RequestContext,
    res: Response,
  ): Promise<{ version: number }> {
    const result = await this.commands.execute(new MoveReferralCommand(id, referralId, step, context));
    res.setHeader('ETag', etagFor(result.version));
    return result;
  }
}
