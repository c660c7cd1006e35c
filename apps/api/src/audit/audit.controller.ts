import { Controller, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuditLogService, renderAccessReportHtml, type RequestContext } from '@fallverbund/cases-application';
import { ApiPurposeHeader, contentSecurityPolicyForPage } from '@fallverbund/http';
import { instantOf } from '@fallverbund/kernel';
import { type Request, type Response } from 'express';
import { Context } from '../app/request-context.decorator';
import { CaseIdParams } from '../cases/cases.dto';
import { AuditSearchQueryDto, ConsistencyProofQueryDto, InclusionProofQueryDto, SignalsQueryDto } from './audit.dto';

const WEEK_MS = 7 * 86_400_000;

/** The access log for data protection officers (role data_protection_officer, purpose audit). */
@ApiTags('data protection')
@ApiBearerAuth()
@ApiPurposeHeader()
@Controller('api/audit')
export class AuditController {
  constructor(@Inject(AuditLogService) private readonly audit: AuditLogService) {}

  @Get('entries')
  @ApiOkResponse({ description: 'Entries matching every filter, newest first unless order=asc; page with `after`.' })
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
  @ApiOkResponse({ description: 'The newest signed checkpoint and the public key that verifies it.' })
  latestCheckpoint(@Context() context: RequestContext) {
    return this.audit.latestCheckpoint(context);
  }

  @Post('checkpoints')
  @HttpCode(201)
  @ApiOkResponse({ description: 'Signs a checkpoint of the log as it is now.' })
  issueCheckpoint(@Context() context: RequestContext) {
    return this.audit.issueCheckpoint(context);
  }

  @Get('proofs/inclusion')
  @ApiOkResponse({ description: 'The entry and its RFC 6962 inclusion proof in the tree of `treeSize` entries.' })
  inclusion(@Query() q: InclusionProofQueryDto, @Context() context: RequestContext) {
    return this.audit.inclusionProof(context, q.index, q.treeSize);
  }

  @Get('proofs/consistency')
  @ApiOkResponse({ description: 'RFC 6962 consistency proof between the trees of `from` and `to` entries.' })
  consistency(@Query() q: ConsistencyProofQueryDto, @Context() context: RequestContext) {
    return this.audit.consistencyProof(context, q.from, q.to);
  }

  @Get('verify')
  @ApiOkResponse({ description: '{"valid": true, ...}, or {"valid": false, "firstBadIndex", "reason"}.' })
  verify(@Context() context: RequestContext) {
    return this.audit.verify(context);
  }

  @Get('export')
  @ApiProduces('application/x-ndjson')
  @ApiOkResponse({ description: 'The whole log as NDJSON with a trailer; check it with verify-audit-export.' })
  async export(@Context() context: RequestContext, @Res() res: Response): Promise<void> {
    const write = await this.audit.authorizeExport(context);
    res.status(200).type('application/x-ndjson');
    res.setHeader('Content-Disposition', 'attachment; filename="audit-log.ndjson"');
    await write(res);
    res.end();
  }

  @Get('signals')
  @ApiOkResponse({ description: 'Unusual accesses in the time range (default: the last 7 days).' })
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
@Controller('api/cases')
export class AccessReportController {
  constructor(@Inject(AuditLogService) private readonly audit: AuditLogService) {}

  @Get(':id/access-report')
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({
    description:
      'Who received or consulted which categories of this case, when, why and on which basis (Art. 15 GDPR, § 83 SGB X).',
  })
  async report(
    @Param() { id }: CaseIdParams,
    @Context() context: RequestContext,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const report = await this.audit.accessReport(context, id);
    if (req.accepts(['application/json', 'text/html']) === 'text/html') {
      const html = renderAccessReportHtml(report);
      res.type('text/html; charset=utf-8');
      res.setHeader('Content-Security-Policy', contentSecurityPolicyForPage(html));
      return html;
    }
    return report;
  }
}
