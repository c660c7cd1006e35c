import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  GetReferralQuery,
  ListReferralInboxQuery,
  ListReferralsQuery,
  MoveReferralCommand,
  type ReferralStep,
  type ReferralView,
  type RequestContext,
  SendReferralCommand,
} from '@fallverbund/cases-application';
import { ApiPurposeHeader, etagFor } from '@fallverbund/http';
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
  @ApiOkResponse({
    description:
      'The referrals of the case, newest first, with status, steps, waiting time and attestation; a partner sees those to its own agency.',
  })
  list(@Param() { id }: CaseIdParams, @Context() context: RequestContext): Promise<{ items: ReferralView[] }> {
    return this.queries.execute(new ListReferralsQuery(id, context));
  }

  @Get('cases/:id/referrals/:referralId')
  @ApiOkResponse({ description: 'One referral (404 REFERRAL.NOT_FOUND for one the caller does not see).' })
  get(@Param() { id, referralId }: ReferralParams, @Context() context: RequestContext): Promise<ReferralView> {
    return this.queries.execute(new GetReferralQuery(id, referralId, context));
  }

  @Post('cases/:id/referrals/:referralId/accept')
  @HttpCode(201)
  @ApiCreatedResponse({ description: `By the partner's staff, from sent. ${STEP_DONE}` })
  accept(
    @Param() params: ReferralParams,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    return this.move(params, { type: 'AcceptReferral' }, context, res);
  }

  @Post('cases/:id/referrals/:referralId/decline')
  @HttpCode(201)
  @ApiCreatedResponse({ description: `By the partner's staff, from sent, with a reason. ${STEP_DONE}` })
  decline(
    @Param() params: ReferralParams,
    @Body() body: DeclineReferralDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    return this.move(params, { type: 'DeclineReferral', reason: body.reason }, context, res);
  }

  @Post('cases/:id/referrals/:referralId/first-appointment')
  @HttpCode(201)
  @ApiCreatedResponse({
    description: `By the partner's staff, from accepted, once the appointment took place; records the waiting time. ${STEP_DONE}`,
  })
  firstAppointment(
    @Param() params: ReferralParams,
    @Body() body: FirstAppointmentDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<{ version: number }> {
    return this.move(params, { type: 'RecordFirstAppointment', appointmentAt: body.appointmentAt }, context, res);
  }

  @Post('cases/:id/referrals/:referralId/complete')
  @HttpCode(201)
  @ApiCreatedResponse({
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
  @ApiCreatedResponse({
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
  @ApiOkResponse({
    description:
      "The partner's inbox: referrals to the caller's agency that the caller may read now for the declared purpose, newest first.",
  })
  inbox(
    @Query() query: ReferralInboxQueryDto,
    @Context() context: RequestContext,
  ): Promise<{ items: ReferralView[]; nextOffset: number | null }> {
    return this.queries.execute(
      new ListReferralInboxQuery(context, query.status, query.limit ?? 50, query.offset ?? 0),
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
