import { Body, Controller, HttpCode, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DecideRestrictionCommand, type RequestContext } from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader, etagFor } from '@fallverbund/http';
import { type Response } from 'express';
import { Context } from '../app/request-context.decorator';
import { CaseIdParams } from './cases.dto';
import { VersionDto } from './cases.responses';
import { DisputeAccuracyDto, RestrictCaseDto } from './restriction.dto';

const DPO_ONLY =
  "The lead agency's data protection officer under purpose audit only: 403 CASE.RESTRICTION_DPO_ONLY for others who see the case, 404 for those who do not.";

/**
 * Restriction of processing (§ 84 SGB X, Art. 18 GDPR) and the disputed-accuracy flag, decided by the
 * data protection officer. While a restriction holds, every other reader and writer of the restricted
 * categories is refused with 403 CASE.RESTRICTED.
 */
@ApiTags('cases')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/cases')
export class RestrictionController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  private async run(
    id: string,
    command: DecideRestrictionCommand['command'],
    context: RequestContext,
    res: Response,
  ): Promise<VersionDto> {
    const result = await this.commands.execute(new DecideRestrictionCommand(id, command, context));
    res.setHeader('ETag', etagFor(result.version));
    return result;
  }

  @Post(':id/restriction')
  @HttpCode(201)
  @ApiOperation({ summary: 'Restrict processing of the case or some categories (§ 84 SGB X)' })
  @ApiProblems({ 409: 'CASE.ALREADY_RESTRICTED or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({ type: VersionDto, description: DPO_ONLY })
  async restrict(
    @Param() { id }: CaseIdParams,
    @Body() body: RestrictCaseDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VersionDto> {
    return this.run(id, { type: 'RestrictCase', scope: body.scope, reason: body.reason }, context, res);
  }

  @Post(':id/restriction/lifting')
  @HttpCode(201)
  @ApiOperation({ summary: 'Lift the restriction of processing' })
  @ApiProblems({ 409: 'CASE.NOT_RESTRICTED or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({ type: VersionDto, description: DPO_ONLY })
  async lift(
    @Param() { id }: CaseIdParams,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VersionDto> {
    return this.run(id, { type: 'LiftCaseRestriction' }, context, res);
  }

  @Post(':id/accuracy-dispute')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record that the person disputes the accuracy of the case (§ 84 SGB X)' })
  @ApiProblems({ 409: 'CASE.ACCURACY_ALREADY_DISPUTED or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({ type: VersionDto, description: DPO_ONLY })
  async dispute(
    @Param() { id }: CaseIdParams,
    @Body() body: DisputeAccuracyDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VersionDto> {
    return this.run(id, { type: 'DisputeAccuracy', categories: body.categories ?? null }, context, res);
  }

  @Post(':id/accuracy-dispute/resolution')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record that the dispute of accuracy is resolved' })
  @ApiProblems({ 409: 'CASE.ACCURACY_NOT_DISPUTED or STREAM.CONCURRENT_CHANGE.' })
  @ApiCreatedResponse({ type: VersionDto, description: DPO_ONLY })
  async resolve(
    @Param() { id }: CaseIdParams,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<VersionDto> {
    return this.run(id, { type: 'ResolveAccuracyDispute' }, context, res);
  }
}
