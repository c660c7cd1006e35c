import { Controller, Get, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  type EvaluationFiguresView,
  GetEvaluationFiguresQuery,
  type RequestContext,
} from '@fallverbund/cases-application';
import { ApiPurposeHeader } from '@fallverbund/http';
import { Context } from '../app/request-context.decorator';
import { EvaluationFiguresDto } from './evaluation.responses';

/** Purpose `evaluation`: anonymised figures, never a single case (docs/evaluation.md). */
@ApiTags('evaluation')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/evaluation')
export class EvaluationController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get('figures')
  @ApiOperation({ summary: 'Anonymised figures over the cases the agency leads' })
  @ApiOkResponse({
    type: EvaluationFiguresDto,
    description:
      'Over the cases the caller’s agency leads: progress by dimension, referral waiting times by partner type, contact density, exits by reason. Every group under 5 reads {"suppressed": true}.',
  })
  @ApiForbiddenResponse({ description: 'ACCESS.DENIED: only caseworkers and team leads, with purpose evaluation.' })
  figures(@Context() context: RequestContext): Promise<EvaluationFiguresView> {
    return this.queries.execute(new GetEvaluationFiguresQuery(context));
  }
}
