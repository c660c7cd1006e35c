import { Controller, Get, Inject } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ListChildProtectionDeclarationsQuery, type RequestContext } from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader } from '@fallverbund/http';
import { Context } from '../app/request-context.decorator';
import { ChildProtectionDeclarationListDto } from '../cases/cases.responses';

@ApiTags('data protection')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/child-protection-declarations')
export class ChildProtectionDeclarationsController {
  constructor(@Inject(QueryBus) private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({ summary: 'List the child-protection declarations (§ 8a SGB VIII)' })
  @ApiProblems({ 403: 'ACCESS.DENIED: only data protection officers, with purpose audit.' })
  @ApiOkResponse({
    type: ChildProtectionDeclarationListDto,
    description: 'Every access opened under § 8a SGB VIII, newest first: for data protection officers (purpose audit).',
  })
  list(@Context() context: RequestContext) {
    return this.queries.execute(new ListChildProtectionDeclarationsQuery(context));
  }
}
