import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { RecordEntrustedNoteCommand, type RequestContext } from '@fallverbund/cases-application';
import { ApiPurposeHeader, etagFor } from '@fallverbund/http';
import { type Response } from 'express';
import { Context } from '../app/request-context.decorator';
import { CaseIdParams, CreatedDto } from './cases.dto';
import { EntrustedNoteDto } from './entrusted-notes.dto';

/**
 * § 65 SGB VIII: what a person entrusts to a youth-office caseworker (category `youth_welfare`). Read
 * in the `youthWelfare` section of GET /api/cases/{id}, by its author and persons a consent names.
 */
@ApiTags('cases')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/cases')
export class EntrustedNotesController {
  constructor(@Inject(CommandBus) private readonly commands: CommandBus) {}

  @Post(':id/entrusted-notes')
  @ApiOperation({ summary: 'Record an entrusted note (§ 65 SGB VIII)' })
  @ApiCreatedResponse({
    type: CreatedDto,
    description:
      'Needs record youth_welfare and a caseworker of a youth office (403 ENTRUSTED_NOTE.NOT_YOUTH_OFFICE_CASEWORKER otherwise).',
  })
  async record(
    @Param() { id }: CaseIdParams,
    @Body() body: EntrustedNoteDto,
    @Context() context: RequestContext,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CreatedDto> {
    const result = await this.commands.execute(
      new RecordEntrustedNoteCommand(id, body.text, body.entrustedBy, context),
    );
    res.setHeader('ETag', etagFor(result.version));
    return { id: result.id };
  }
}
