import { Body, Controller, Get, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AssessProgressCommand,
  GetProgressQuery,
  type ProgressCurve,
  type RequestContext,
} from '@fallverbund/cases-application';
import { ApiPurposeHeader, etagFor } from '@fallverbund/http';
import { type Response } from 'express';
import { Context } from '../app/request-context.decorator';
import { CaseIdParams, CreatedDto } from '../cases/cases.dto';
import { AssessProgressDto } from './progress.dto';
import { ProgressCurveDto } from './progress.responses';

/** Category `progress`: ratings over time, the coach's and the participant's own side by side. */
@ApiTags('progress')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/cases')
export class ProgressController {
  constructor(
    @Inject(CommandBus) private readonly commands: CommandBus,
    @Inject(QueryBus) private readonly queries: QueryBus,
  ) {}

  @Post(':id/progress-assessments')
  @ApiOperation({ summary: 'Record a progress assessment' })
  @ApiCreatedResponse({
    type: CreatedDto,
    description:
      'Category progress. An unknown dimension, a rating that is not a whole number from 1 to 5, or an assessment in the future answers 400 PROGRESS.INVALID; refused on a closed case (409 CASE.CLOSED).',
  })
  async assess(
    @Param() { id }: CaseIdParams,
    @Body() body: AssessProgressDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedDto> {
    const { perspective, ratings, assessedAt } = body;
    const result = await this.commands.execute(
      new AssessProgressCommand(id, { perspective, ratings, assessedAt }, context),
    );
    res.setHeader('ETag', etagFor(result.version));
    return { id: result.id };
  }

  @Get(':id/progress')
  @ApiOperation({ summary: 'Read the progress curve of a case' })
  @ApiOkResponse({
    type: ProgressCurveDto,
    description:
      'Category progress: the scale, and per dimension the coach and self series ordered by assessment time, with the latest of each.',
  })
  progress(@Param() { id }: CaseIdParams, @Context() context: RequestContext): Promise<ProgressCurve> {
    return this.queries.execute(new GetProgressQuery(id, context));
  }
}
