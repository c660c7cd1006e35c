import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Directory } from '@fallverbund/identity';
import { type AgencyType } from '@fallverbund/kernel';
import { DataSource } from 'typeorm';
import { AuditTrail, auditEntry, refuseWithoutCase } from '../audit/audit-trail';
import { type RequestContext } from '../cases/request-context';
import { evaluationFigures } from './evaluation-figures';
import { EvaluationCaseRow, EvaluationContactRow, EvaluationReferralRow } from './evaluation-read-model.entities';
import { type EvaluationFiguresView, GetEvaluationFiguresQuery } from './evaluation.queries';
import { EVALUATION_BASIS, mayReadEvaluationFigures } from '@fallverbund/access-policy';

export const EVALUATION_ROUTE = 'GET /api/evaluation/figures';

@QueryHandler(GetEvaluationFiguresQuery)
export class GetEvaluationFiguresHandler implements IQueryHandler<GetEvaluationFiguresQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  /**
   * An access without a case, like the audit routes: one entry, no case, no category of a single
   * case; a refusal is recorded before it is answered, a permit commits while the figures are read.
   */
  async execute({ context }: GetEvaluationFiguresQuery): Promise<EvaluationFiguresView> {
    const route = { action: 'evaluation', route: EVALUATION_ROUTE };
    if (!mayReadEvaluationFigures(context.actor, context.purpose))
      await refuseWithoutCase(
        this.trail,
        context,
        route,
        'evaluation figures are for caseworkers and team leads, with purpose evaluation',
      );
    const entry = auditEntry(context, {
      ...route,
      caseRef: null,
      categories: [],
      legalBasis: [EVALUATION_BASIS],
      decision: 'permit',
      outcome: 200,
    });
    const leadAgencyId = context.actor.agencyId;
    const figures = await this.trail.recordWhile([entry], () => this.load(leadAgencyId, context));
    return { scope: { leadAgencyId }, ...figures };
  }

  private async load(leadAgencyId: string, context: RequestContext) {
    const cases = await this.dataSource.getRepository(EvaluationCaseRow).findBy({ leadAgencyId });
    const contacts = await this.dataSource
      .getRepository(EvaluationContactRow)
      .createQueryBuilder('m')
      .innerJoin(EvaluationCaseRow, 'c', 'c.caseKey = m.caseKey')
      .where('c.leadAgencyId = :leadAgencyId', { leadAgencyId })
      .select('m.caseKey', 'caseKey')
      .addSelect('m.month', 'month')
      .addSelect('COUNT(*)', 'count')
      .groupBy('m.caseKey')
      .addGroupBy('m.month')
      .getRawMany<{ caseKey: string; month: string; count: string | number }>();
    const referrals = await this.dataSource
      .getRepository(EvaluationReferralRow)
      .createQueryBuilder('r')
      .innerJoin(EvaluationCaseRow, 'c', 'c.caseKey = r.caseKey')
      .where('c.leadAgencyId = :leadAgencyId', { leadAgencyId })
      .andWhere('r.waitingDays IS NOT NULL')
      .select('r.caseKey', 'caseKey')
      .addSelect('r.partnerAgencyId', 'partnerAgencyId')
      .addSelect('r.waitingDays', 'waitingDays')
      .getRawMany<{ caseKey: string; partnerAgencyId: string; waitingDays: number }>();
    return evaluationFigures({
      cases,
      contacts: contacts.map((c) => ({ caseKey: c.caseKey, month: c.month, count: Number(c.count) })),
      // A partner no longer in the directory has no type to be counted under.
      waitingTimes: referrals.flatMap((r) => {
        const partnerType: AgencyType | undefined = this.directory.agency(r.partnerAgencyId)?.type;
        return partnerType ? [{ caseKey: r.caseKey, partnerType, waitingDays: Number(r.waitingDays) }] : [];
      }),
      currentMonth: context.now.toISOString().slice(0, 7),
    });
  }
}

export const EVALUATION_QUERY_HANDLERS = [GetEvaluationFiguresHandler];
