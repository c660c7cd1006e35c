import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { type Request, type Response } from 'express';
import { ApiProblems, jsonOrPage } from '@fallverbund/http';
import { ForParticipants } from '@fallverbund/identity';
import {
  MyCaseIdParams,
  MyCaseListDto,
  MyConsentListDto,
  MyConsentParams,
  MyCopyDto,
  MyWithdrawalDto,
  RedeemInvitationDto,
  RedemptionDto,
} from './participant.dto';
import { ParticipantContext, type ParticipantRequest } from './participant-context';
import { ParticipantService } from './participant.service';
import { renderMyCopyHtml } from './my-copy';

/** The participant's own routes: their account, their cases, their consents. Staff tokens are refused (403). */
@ApiTags('participant')
@ApiBearerAuth()
@ForParticipants()
@ApiExtraModels(MyCopyDto)
@Controller('api/me')
export class MeController {
  constructor(@Inject(ParticipantService) private readonly participants: ParticipantService) {}

  @Post('invitations/redemption')
  @HttpCode(200)
  @ApiOperation({ summary: 'Redeem an invitation code: binds the signed-in account to the case' })
  @ApiProblems({
    404: 'INVITATION.NOT_REDEEMABLE: unknown, already used or expired (one answer for all three), or no code at all.',
    429: 'INVITATION.TOO_MANY_ATTEMPTS: more than 10 codes refused for this account within 24 hours.',
  })
  @ApiOkResponse({ type: RedemptionDto })
  redeem(@Body() body: RedeemInvitationDto, @ParticipantContext() request: ParticipantRequest): Promise<RedemptionDto> {
    return this.participants.redeem(request, body.code);
  }

  @Get('cases')
  @ApiOperation({ summary: 'The cases about the signed-in person' })
  @ApiOkResponse({ type: MyCaseListDto, description: 'The cases the account is bound to (by redeemed invitations).' })
  cases(@ParticipantContext() request: ParticipantRequest): Promise<MyCaseListDto> {
    return this.participants.myCases(request);
  }

  @Get('cases/:id/consents')
  @ApiOperation({ summary: 'My consents: what each allows, active and past' })
  @ApiProblems({ 404: 'CASE.NOT_FOUND: no such case bound to this account.' })
  @ApiOkResponse({ type: MyConsentListDto })
  consents(
    @Param() { id }: MyCaseIdParams,
    @ParticipantContext() request: ParticipantRequest,
  ): Promise<MyConsentListDto> {
    return this.participants.myConsents(request, id);
  }

  @Post('cases/:id/consents/:consentId/withdrawal')
  @HttpCode(201)
  @ApiOperation({ summary: 'Withdraw a consent I gave: effective for every agency at its next request' })
  @ApiProblems({
    403: 'CONSENT.NOT_GIVEN_BY_PARTICIPANT: a guardian or the person who entrusted the data gave it; they withdraw it.',
    404: 'CASE.NOT_FOUND (no such case bound to this account) or CONSENT.NOT_FOUND.',
    409: 'CONSENT.NOT_ACTIVE (withdrawn or expired already) or STREAM.CONCURRENT_CHANGE.',
  })
  @ApiCreatedResponse({ type: MyWithdrawalDto })
  withdraw(
    @Param() { id, consentId }: MyConsentParams,
    @ParticipantContext() request: ParticipantRequest,
  ): Promise<MyWithdrawalDto> {
    return this.participants.withdrawConsent(request, id, consentId);
  }

  @Get('cases/:id/copy')
  @ApiOperation({ summary: 'A copy of my data (Art. 15 Abs. 3, Art. 20 GDPR), as JSON or a readable page' })
  @ApiProblems({ 404: 'CASE.NOT_FOUND: no such case bound to this account.' })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(MyCopyDto) } },
      'text/html': { schema: { type: 'string', description: 'The same, as a page to read or print.' } },
    },
    description:
      'My identity, the case and the basis it is held on, my consents and every access I may see now, with legal bases; what is left out, and why.',
  })
  async copy(
    @Param() { id }: MyCaseIdParams,
    @ParticipantContext() request: ParticipantRequest,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MyCopyDto | string> {
    return jsonOrPage(req, res, await this.participants.myCopy(request, id), renderMyCopyHtml);
  }
}
