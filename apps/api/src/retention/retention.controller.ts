import { Body, Controller, Get, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RequestContext } from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader, etagFor } from '@fallverbund/http';
import { type Response } from 'express';
import { Context } from '../app/request-context.decorator';
import { CaseIdParams } from '../cases/cases.dto';
import { VersionDto } from '../cases/cases.responses';
import { ArchiveAnswerDto, DueQueryDto, DueReportDto, RetentionHoldDto } from './retention.dto';
import { type DueReport, RetentionService } from './retention.service';

const DPO_ONLY =
  "The lead agency's data protection officer under purpose audit only: 403 CASE.RETENTION_DPO_ONLY for others who see the case, 404 for those who do not.";

/** The report of what the daily retention run would do (issue 17), for data protection officers. */
@ApiTags('data protection')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/dpo/retention')
export class RetentionReportController {
  constructor(@Inject(RetentionService) private readonly retention: RetentionService) {}

  @Get('due')
  @ApiOperation({ summary: 'What the retention run would do in the coming period (dry run, case ids only)' })
  @ApiProblems({
    400: 'RETENTION.WITHIN_INVALID or VALIDATION.FAILED: within is no ISO-8601 period of at most 100 years.',
    403: "ACCESS.DENIED: only data protection officers, with purpose audit (the refusal is recorded); each sees its agency's cases.",
  })
  @ApiOkResponse({
    type: DueReportDto,
    description: 'Due (or overdue) rows of the retention schedule, held ones marked.',
  })
  due(@Query() query: DueQueryDto, @Context() context: RequestContext): Promise<DueReport> {
    return this.retention.due(context, query.within ?? 'P30D');
  }
}

/** The retention hold and the archive's answer, decided by the lead agency's data protection officer. */
@ApiTags('cases')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/cases')
export class RetentionHoldController {
  constructor(@Inject(RetentionService) private readonly retention: RetentionService) {}

  private async run(
    id: string,
    command: Parameters<RetentionService['decide']>[1],
    context: RequestContext,
    res: Response,
  ): Promise<VersionDto> {
    const result = await this.retention.decide(id, command, context);
    res.setHeader('ETag', etagFor(result.version));
    return result;
  }

  @Post(':id/retention-hold')
  @HttpCode(201)
  @ApiOperation({ summary: 'Hold the case back from the end of retention (litigation, an ongoing claim, …)' })
  @ApiProblems({ 409: 'CASE.RETENTION_HOLD_EXISTS or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({ type: VersionDto, description: DPO_ONLY })
  async place(
    @Param() { id }: CaseIdParams,
    @Body() body: RetentionHoldDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VersionDto> {
    return this.run(id, { type: 'PlaceRetentionHold', reason: body.reason }, context, res);
  }

  @Post(':id/retention-hold/release')
  @HttpCode(201)
  @ApiOperation({ summary: 'Release the retention hold: the daily run acts on the case again when it is due' })
  @ApiProblems({ 409: 'CASE.NO_RETENTION_HOLD or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({ type: VersionDto, description: DPO_ONLY })
  async release(
    @Param() { id }: CaseIdParams,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VersionDto> {
    return this.run(id, { type: 'ReleaseRetentionHold' }, context, res);
  }

  @Post(':id/archive-answer')
  @HttpCode(201)
  @ApiOperation({ summary: "Record the archive's answer to the offer of the file; the next run erases it" })
  @ApiProblems({ 409: 'CASE.ARCHIVE_OFFER_STATE (not offered, answered already, erased) or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({ type: VersionDto, description: DPO_ONLY })
  async answer(
    @Param() { id }: CaseIdParams,
    @Body() body: ArchiveAnswerDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VersionDto> {
    return this.run(id, { type: 'RecordArchiveAnswer', answer: body.answer }, context, res);
  }
}
