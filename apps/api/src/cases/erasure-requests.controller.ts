import { Body, Controller, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RequestContext } from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader } from '@fallverbund/http';
import { ForParticipants } from '@fallverbund/identity';
import { Context } from '../app/request-context.decorator';
import { MyCaseIdParams } from '../participant/participant.dto';
import { ParticipantContext, type ParticipantRequest } from '../participant/participant-context';
import { CaseIdParams } from './cases.dto';
import {
  DecideErasureRequestDto,
  ErasureRequestCreatedDto,
  ErasureRequestDto,
  ErasureRequestListDto,
  ErasureRequestParams,
  RequestErasureDto,
} from './erasure-requests.dto';
import { ErasureRequestsService } from './erasure-requests.service';

const INVALID = 'Validation, or ERASURE.REQUEST_INVALID: a scope or ground that is not in the vocabulary.';

/** Staff record the person's request for erasure; the lead agency's data protection officer decides it. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/cases')
export class ErasureRequestsController {
  constructor(@Inject(ErasureRequestsService) private readonly requests: ErasureRequestsService) {}

  @Post(':id/erasure-requests')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record the person’s request for erasure (Art. 17 GDPR, § 84 SGB X)' })
  @ApiProblems({
    400: INVALID,
    403: 'ACCESS.DENIED: a caseworker or team lead on the case team records it; ERASURE.DPO_ONLY for the officer, who decides it.',
    404: 'CASE.NOT_FOUND.',
    409: 'ERASURE.REQUEST_ALREADY_OPEN, ERASURE.ALREADY_ERASED or STREAM.CONCURRENT_CHANGE.',
  })
  @ApiCreatedResponse({ type: ErasureRequestCreatedDto, description: 'Recorded; the answer is due in one month.' })
  record(
    @Param() { id }: CaseIdParams,
    @Body() body: RequestErasureDto,
    @Context() context: RequestContext,
  ): Promise<ErasureRequestCreatedDto> {
    return this.requests.record(context, id, body).then(({ requestId, dueAt }) => ({ requestId, dueAt }));
  }

  @Post(':id/erasure-requests/:requestId/decision')
  @HttpCode(201)
  @ApiOperation({
    summary:
      'Decide a request for erasure: granted (carried out at once), refused for a retention duty, or restricted instead',
  })
  @ApiProblems({
    400: 'Validation, or ERASURE.DECISION_INVALID: a reason of another decision, a retention duty without its class (or of another legal domain).',
    403: 'ERASURE.DPO_ONLY: only the lead agency’s data protection officer under purpose audit; 404 for those who do not see the case.',
    404: 'CASE.NOT_FOUND or ERASURE.REQUEST_NOT_FOUND.',
    409: 'ERASURE.REQUEST_ALREADY_DECIDED, CASE.ALREADY_RESTRICTED or STREAM.CONCURRENT_CHANGE.',
  })
  @ApiCreatedResponse({ type: ErasureRequestDto, description: 'The request as decided (and executed, when granted).' })
  decide(
    @Param() { id, requestId }: ErasureRequestParams,
    @Body() body: DecideErasureRequestDto,
    @Context() context: RequestContext,
  ): Promise<ErasureRequestDto> {
    return this.requests.decide(context, id, requestId, body);
  }
}

/** The data protection officer's list of requests for erasure that await her. */
@ApiTags('data protection')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/dpo')
export class DpoErasureRequestsController {
  constructor(@Inject(ErasureRequestsService) private readonly requests: ErasureRequestsService) {}

  @Get('erasure-requests')
  @ApiOperation({ summary: 'Open requests for erasure of my agency’s cases, by due date (Art. 12 Abs. 3 GDPR)' })
  @ApiProblems({ 403: 'ACCESS.DENIED: only data protection officers, with purpose audit (the refusal is recorded).' })
  @ApiOkResponse({
    type: ErasureRequestListDto,
    description: 'Open requests and granted ones whose execution is pending, the earliest due first.',
  })
  list(@Context() context: RequestContext): Promise<ErasureRequestListDto> {
    return this.requests.openRequests(context);
  }
}

/** The person files a request for erasure in her own view and follows it. */
@ApiTags('participant')
@ApiBearerAuth()
@ForParticipants()
@Controller('api/me/cases')
export class MyErasureRequestsController {
  constructor(@Inject(ErasureRequestsService) private readonly requests: ErasureRequestsService) {}

  @Post(':id/erasure-requests')
  @HttpCode(201)
  @ApiOperation({ summary: 'Ask for erasure of my data (Art. 17 GDPR, § 84 SGB X)' })
  @ApiProblems({
    400: INVALID,
    404: 'CASE.NOT_FOUND: not a case this account is bound to (the refusal is recorded).',
    409: 'ERASURE.REQUEST_ALREADY_OPEN, ERASURE.ALREADY_ERASED or STREAM.CONCURRENT_CHANGE.',
  })
  @ApiCreatedResponse({ type: ErasureRequestCreatedDto, description: 'Received; the answer is due in one month.' })
  request(
    @Param() { id }: MyCaseIdParams,
    @Body() body: RequestErasureDto,
    @ParticipantContext() request: ParticipantRequest,
  ): Promise<ErasureRequestCreatedDto> {
    return this.requests.requestByParticipant(request, id, body);
  }

  @Get(':id/erasure-requests')
  @ApiOperation({ summary: 'My requests for erasure, with the decision, its reason and the confirmation' })
  @ApiProblems({ 404: 'CASE.NOT_FOUND: not a case this account is bound to (the refusal is recorded).' })
  @ApiOkResponse({ type: ErasureRequestListDto, description: 'Newest first.' })
  list(
    @Param() { id }: MyCaseIdParams,
    @ParticipantContext() request: ParticipantRequest,
  ): Promise<ErasureRequestListDto> {
    return this.requests.myRequests(request, id);
  }
}
