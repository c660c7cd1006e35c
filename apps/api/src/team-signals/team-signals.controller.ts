import { Controller, Get, Inject, type Provider } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  assertCaseloadTarget,
  DEFAULT_CASELOAD_TARGET,
  GetTeamSignalsQuery,
  type RequestContext,
  type TeamSignalsView,
} from '@fallverbund/cases-application';
import { ApiPurposeHeader } from '@fallverbund/http';
import { type AppConfig } from '../app/config';
import { Context } from '../app/request-context.decorator';
import { TeamSignalsDto } from './team-signals.dto';

export const CASELOAD_TARGET = Symbol('CASELOAD_TARGET');

export const caseloadTargetProvider = (config: AppConfig): Provider => ({
  provide: CASELOAD_TARGET,
  useValue: assertCaseloadTarget(config.caseloadTarget ?? DEFAULT_CASELOAD_TARGET),
});

@ApiTags('team')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/team')
export class TeamSignalsController {
  constructor(
    @Inject(QueryBus) private readonly queries: QueryBus,
    @Inject(CASELOAD_TARGET) private readonly caseloadTarget: number,
  ) {}

  @Get('signals')
  @ApiOperation({ summary: 'Signals for the team lead' })
  @ApiOkResponse({
    type: TeamSignalsDto,
    description:
      'For team leads (purpose coordination): caseload per coach against the target ratio, cases without a contact for 30 days, referrals waiting for a first appointment, overdue plan steps; of the cases the own agency leads, as of now. No names, no content.',
  })
  @ApiForbiddenResponse({ description: 'ACCESS.DENIED: not a team lead, or another purpose than coordination.' })
  signals(@Context() context: RequestContext): Promise<TeamSignalsView> {
    return this.queries.execute(new GetTeamSignalsQuery(context, this.caseloadTarget));
  }
}
