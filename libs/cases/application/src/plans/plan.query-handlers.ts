import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InvalidPlanError, type PlanGoal, PlanNotFoundError, type PlanStep } from '@fallverbund/cases-domain';
import { PersonalDataVault } from '@fallverbund/event-store';
import { ERASED, type Erased } from '@fallverbund/kernel';
import { DataSource, In } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { auditedCase } from '../cases/case.query-handlers';
import { type PlanContent, diffPlanVersions } from './plan-diff';
import { PlanDisputeRow, PlanRow, PlanStepRow, PlanVersionRow } from './plan-read-model.entities';
import {
  DiffPlanVersionsQuery,
  GetPlanQuery,
  GetPlanVersionQuery,
  type PlanDisputeView,
  type PlanStepView,
  type PlanVersionView,
  type PlanView,
} from './plan.queries';

type Opened = Record<string, unknown> | null | undefined;

/** The content of a version as opened from its seal, or null when the participant's key is gone. */
const contentOf = (row: PlanVersionRow, opened: Opened): PlanContent | null =>
  opened
    ? {
        legalStatus: row.legalStatus,
        goals: opened['goals'] as PlanGoal[],
        steps: opened['steps'] as PlanStep[],
        participantWords: opened['participantWords'] as string | null,
      }
    : null;

const versionView = (row: PlanVersionRow, opened: Opened): PlanVersionView => {
  const content = contentOf(row, opened);
  return {
    version: row.version,
    legalStatus: row.legalStatus,
    goals: content?.goals ?? ERASED,
    steps: content?.steps ?? ERASED,
    participantWords: content ? content.participantWords : ERASED,
    draftedBy: row.draftedBy,
    draftedAt: row.draftedAt,
    agreement:
      row.agreedAt && row.agreedBy && row.agreementForm
        ? { agreedAt: row.agreedAt, agreedBy: row.agreedBy, form: row.agreementForm }
        : null,
  };
};

const disputeView = (row: PlanDisputeRow, opened: Opened): PlanDisputeView => ({
  version: row.planVersion,
  reason: opened ? (opened['reason'] as string) : ERASED,
  disputedBy: row.disputedBy,
  disputedAt: row.disputedAt,
  mediation:
    row.mediationRequestedAt && row.mediationRequestedBy
      ? {
          requestedAt: row.mediationRequestedAt,
          requestedBy: row.mediationRequestedBy,
          outcome: row.mediationOutcome,
          concludedAt: row.mediationConcludedAt,
          concludedBy: row.mediationConcludedBy,
        }
      : null,
});

const READ = 'read';

@QueryHandler(GetPlanQuery)
export class GetPlanHandler implements IQueryHandler<GetPlanQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  execute({ caseId, context }: GetPlanQuery): Promise<PlanView> {
    return auditedCase(
      this.dataSource,
      this.trail,
      caseId,
      context,
      'plan',
      { action: READ, route: 'GET /api/cases/{id}/plan' },
      async () => {
        const plan = await this.dataSource.getRepository(PlanRow).findOneBy({ caseId });
        if (!plan) {
          const none: PlanView = {
            caseId,
            status: 'none',
            latestVersion: null,
            agreedVersion: null,
            latest: null,
            versions: [],
            completedStepIds: [],
            disputes: [],
          };
          return none;
        }
        const [versions, steps, disputes] = await Promise.all([
          this.dataSource.getRepository(PlanVersionRow).find({ where: { caseId }, order: { version: 'ASC' } }),
          this.dataSource.getRepository(PlanStepRow).find({ where: { caseId }, order: { dueDate: 'ASC' } }),
          this.dataSource.getRepository(PlanDisputeRow).find({ where: { caseId }, order: { streamVersion: 'ASC' } }),
        ]);
        const latestRow = versions.find((v) => v.version === plan.latestVersion);
        const [content, ...reasons] = await this.vault.open([
          latestRow?.contentSealed,
          ...disputes.map((d) => d.reasonSealed),
        ]);
        const today = context.now.toISOString().slice(0, 10);
        const state = new Map(steps.map((s) => [s.stepId, s]));
        const latest = latestRow ? versionView(latestRow, content) : null;
        const stepViews = (listed: readonly PlanStep[] | Erased): readonly PlanStepView[] | Erased =>
          Array.isArray(listed)
            ? (listed as readonly PlanStep[]).map((step) => {
                const completedAt = state.get(step.stepId)?.completedAt ?? null;
                return {
                  ...step,
                  completed: completedAt !== null,
                  completedAt,
                  overdue: completedAt === null && step.dueDate < today,
                };
              })
            : ERASED;
        return {
          caseId,
          status: plan.status as PlanView['status'],
          latestVersion: plan.latestVersion,
          agreedVersion: plan.agreedVersion,
          latest: latest ? { ...latest, steps: stepViews(latest.steps) } : null,
          versions: versions.map((v) => ({
            version: v.version,
            draftedAt: v.draftedAt,
            draftedBy: v.draftedBy,
            agreedAt: v.agreedAt,
            agreedBy: v.agreedBy,
            form: v.agreementForm,
          })),
          completedStepIds: steps.filter((s) => s.completedAt !== null).map((s) => s.stepId),
          disputes: disputes.map((d, i) => disputeView(d, reasons[i])),
        };
      },
    );
  }
}

@QueryHandler(GetPlanVersionQuery)
export class GetPlanVersionHandler implements IQueryHandler<GetPlanVersionQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  async execute({ caseId, planVersion, context }: GetPlanVersionQuery): Promise<PlanVersionView> {
    let row: PlanVersionRow | null = null;
    return auditedCase(
      this.dataSource,
      this.trail,
      caseId,
      context,
      'plan',
      { action: READ, route: 'GET /api/cases/{id}/plan/versions/{version}' },
      async () => {
        const found = row as PlanVersionRow;
        const [opened] = await this.vault.open([found.contentSealed]);
        return versionView(found, opened);
      },
      async () => {
        row = await this.dataSource.getRepository(PlanVersionRow).findOneBy({ caseId, version: planVersion });
        if (!row) throw new PlanNotFoundError(`the plan of this case has no version ${planVersion}`);
      },
    );
  }
}

@QueryHandler(DiffPlanVersionsQuery)
export class DiffPlanVersionsHandler implements IQueryHandler<DiffPlanVersionsQuery> {
  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(PersonalDataVault) private readonly vault: PersonalDataVault,
    @Inject(AuditTrail) private readonly trail: AuditTrail,
  ) {}

  async execute({ caseId, from, to, context }: DiffPlanVersionsQuery) {
    if (from >= to) throw new InvalidPlanError(`from (${from}) must be an earlier version than to (${to})`);
    let rows: PlanVersionRow[] = [];
    return auditedCase(
      this.dataSource,
      this.trail,
      caseId,
      context,
      'plan',
      { action: READ, route: 'GET /api/cases/{id}/plan/diff' },
      async () => {
        const [before, after] = [from, to].map((v) => rows.find((r) => r.version === v) as PlanVersionRow);
        const [openedBefore, openedAfter] = await this.vault.open([before?.contentSealed, after?.contentSealed]);
        const a = before && contentOf(before, openedBefore);
        const b = after && contentOf(after, openedAfter);
        return a && b ? diffPlanVersions(from, a, to, b) : { from, to, erased: true as const };
      },
      async () => {
        rows = await this.dataSource.getRepository(PlanVersionRow).findBy({ caseId, version: In([from, to]) });
        const missing = [from, to].filter((v) => !rows.some((r) => r.version === v));
        if (missing.length > 0)
          throw new InvalidPlanError(`the plan of this case has no version ${missing.join(' and no version ')}`);
      },
    );
  }
}

export const PLAN_QUERY_HANDLERS = [GetPlanHandler, GetPlanVersionHandler, DiffPlanVersionsHandler];
