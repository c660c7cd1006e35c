import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type RequestContext } from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader } from '@fallverbund/http';
import { type RecordsOfProcessing } from '@fallverbund/records-of-processing';
import { Context } from '../app/request-context.decorator';
import { RecordsOfProcessingDto } from './records-of-processing.responses';
import { RecordsOfProcessingService } from './records-of-processing.service';

/** The record of processing activities for data protection officers (role data_protection_officer, purpose audit). */
@ApiTags('data protection')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/dpo')
export class RecordsOfProcessingController {
  constructor(@Inject(RecordsOfProcessingService) private readonly records: RecordsOfProcessingService) {}

  @Get('records-of-processing')
  @ApiOperation({ summary: 'Read the records of processing activities (Art. 30 GDPR)' })
  @ApiProblems({ 403: 'ACCESS.DENIED: only data protection officers, with purpose audit (the refusal is recorded).' })
  @ApiOkResponse({
    type: RecordsOfProcessingDto,
    description:
      'One processing activity per purpose of the access policy, generated from docs/access-policy.md, docs/retention.md and the directory.',
  })
  read(@Context() context: RequestContext): Promise<RecordsOfProcessing> {
    return this.records.read(context);
  }
}
