import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
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
import { AuditLogService, renderAccessReportHtml, type RequestContext } from '@fallverbund/cases-application';
import { ApiProblems, ApiPurposeHeader, jsonOrPage } from '@fallverbund/http';
import { instantOf } from '@fallverbund/kernel';
import { type Request, type Response } from 'express';
import { Context } from '../app/request-context.decorator';
import { CaseIdParams } from '../cases/cases.dto';
import { AuditSearchQueryDto, ConsistencyProofQueryDto, InclusionProofQueryDto, SignalsQueryDto } from './audit.dto';
import {
  AccessReportDto,
  AccessSignalsDto,
  AuditSearchResultDto,
  ConsistencyProofDto,
  InclusionProofDto,
  SignedCheckpointDto,
  VerifyResultDto,
} from './audit.responses';

const DPO_ONLY = {
  403: 'ACCESS.DENIED: only data protection officers, with purpose audit (the refusal is recorded).',
};

const WEEK_MS = 7 * 86_400_000;

/** The access log for data protection officers (role data_protection_officer, purpose audit). */
@ApiTags('data protection')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/audit')
export class AuditController {
  constructor(@Inject(AuditLogService) private readonly audit: AuditLogService) {}

  @Get('entries')
  @ApiOperation({ summary: 'Search the access log' })
  @ApiProblems(DPO_ONLY)
  @ApiOkResponse({
    type: AuditSearchResultDto,
    description: 'Entries matching every filter, newest first unless order=asc; page with `after`.',
  })
  entries(@Query() q: AuditSearchQueryDto, @Context() context: RequestContext) {
    return this.audit.search(
      context,
      {
        ...(q.caseId ? { caseRef: q.caseId } : {}),
        ...(q.userId ? { userId: q.userId } : {}),
        ...(q.agencyId ? { agencyId: q.agencyId } : {}),
        ...(q.purpose ? { purpose: q.purpose } : {}),
        ...(q.legalBasis ? { legalBasis: q.legalBasis } : {}),
        ...(q.decision ? { decision: q.decision } : {}),
        ...(q.breakGlass === undefined ? {} : { breakGlass: q.breakGlass }),
        ...(q.action ? { action: q.action } : {}),
        ...(q.from ? { from: instantOf(q.from) } : {}),
        ...(q.to ? { to: instantOf(q.to) } : {}),
      },
      { limit: q.limit ?? 100, order: q.order ?? 'desc', ...(q.after === undefined ? {} : { after: q.after }) },
    );
  }

  @Get('checkpoints/latest')
  @ApiOperation({ summary: 'Read the newest signed checkpoint' })
  @ApiProblems({ ...DPO_ONLY, 404: 'AUDIT.NO_CHECKPOINT: none signed yet.' })
  @ApiOkResponse({
    type: SignedCheckpointDto,
    description: 'The newest signed checkpoint and the public key that verifies it.',
  })
  latestCheckpoint(@Context() context: RequestContext) {
    return this.audit.latestCheckpoint(context);
  }

  @Post('checkpoints')
  @HttpCode(201)
  @ApiOperation({ summary: 'Sign a checkpoint of the log now' })
  @ApiProblems(DPO_ONLY)
  @ApiCreatedResponse({ type: SignedCheckpointDto, description: 'Signs a checkpoint of the log as it is now.' })
  issueCheckpoint(@Context() context: RequestContext) {
    return this.audit.issueCheckpoint(context);
  }

  @Get('proofs/inclusion')
  @ApiOperation({ summary: 'Prove that an entry is in the log' })
  @ApiProblems({
    ...DPO_ONLY,
    400: 'REQUEST.VALIDATION, or AUDIT.OUT_OF_RANGE: the entry or tree size lies beyond the log.',
  })
  @ApiOkResponse({
    type: InclusionProofDto,
    description: 'The entry and its RFC 6962 inclusion proof in the tree of `treeSize` entries.',
  })
  inclusion(@Query() q: InclusionProofQueryDto, @Context() context: RequestContext) {
    return this.audit.inclusionProof(context, q.index, q.treeSize);
  }

  @Get('proofs/consistency')
  @ApiOperation({ summary: 'Prove that an older tree is a prefix of a newer one' })
  @ApiProblems({ ...DPO_ONLY, 400: 'REQUEST.VALIDATION, or AUDIT.OUT_OF_RANGE: a tree size lies beyond the log.' })
  @ApiOkResponse({
    type: ConsistencyProofDto,
    description: 'RFC 6962 consistency proof between the trees of `from` and `to` entries.',
  })
  consistency(@Query() q: ConsistencyProofQueryDto, @Context() context: RequestContext) {
    return this.audit.consistencyProof(context, q.from, q.to);
  }

  @Get('verify')
  @ApiOperation({ summary: 'Verify the whole log against its newest checkpoint' })
  @ApiProblems(DPO_ONLY)
  @ApiOkResponse({
    type: VerifyResultDto,
    description: '{"valid": true, ...}, or {"valid": false, "firstBadIndex", "reason"}.',
  })
  verify(@Context() context: RequestContext) {
    return this.audit.verify(context);
  }

  @Get('export')
  @ApiOperation({ summary: 'Export the whole log' })
  @ApiProblems(DPO_ONLY)
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({
    content: {
      'application/x-ndjson': {
        schema: { type: 'string', description: 'One JSON record per line, then the trailer.' },
      },
    },
    description: 'The whole log as NDJSON with a trailer; check it with verify-audit-export.',
  })
  async export(@Context() context: RequestContext, @Res() res: Response): Promise<void> {
    const write = await this.audit.authorizeExport(context);
    res.status(200).type('application/x-ndjson');
    res.setHeader('Content-Disposition', 'attachment; filename="audit-log.ndjson"');
    await write(res);
    res.end();
  }

  @Get('signals')
  @ApiOperation({ summary: 'Find unusual accesses' })
  @ApiProblems(DPO_ONLY)
  @ApiOkResponse({
    type: AccessSignalsDto,
    description: 'Unusual accesses in the time range (default: the last 7 days).',
  })
  signals(@Query() q: SignalsQueryDto, @Context() context: RequestContext) {
    const to = q.to ? instantOf(q.to) : context.now.toISOString();
    const from = q.from ? instantOf(q.from) : new Date(Date.parse(to) - WEEK_MS).toISOString();
    return this.audit.signals(context, from, to);
  }
}

/** The subject access report of one case, as JSON or (Accept: text/html) as a page to hand over. */
@ApiTags('data protection')
@ApiBearerAuth()
@ApiPurposeHeader()
@ApiExtraModels(AccessReportDto)
@Controller('api/cases')
export class AccessReportController {
  constructor(@Inject(AuditLogService) private readonly audit: AuditLogService) {}

  @Get(':id/access-report')
  @ApiOperation({ summary: 'The access report of a case for its participant' })
  @ApiProblems({
    403: 'ACCESS.DENIED: only the data protection officer (purpose audit) or the lead agency’s case team.',
    404: 'CASE.NOT_FOUND.',
  })
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(AccessReportDto) } },
      'text/html': { schema: { type: 'string', description: 'A printable page to hand over.' } },
    },
    description:
      'Who received or consulted which categories of this case, when, why and on which basis (Art. 15 GDPR, § 83 SGB X).',
  })
  async report(
    @Param() { id }: CaseIdParams,
    @Context() context: RequestContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return jsonOrPage(req, res, await this.audit.accessReport(context, id), renderAccessReportHtml);
  }
}
