import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type CaseAccess, partitionTexts } from '@fallverbund/access-policy';
import {
  InvalidPlanError,
  type PlanGoal,
  PlanNotFoundError,
  type PlanStep,
  planTextCategories,
  type PlanTextCategories,
} from '@fallverbund/cases-domain';
import { PersonalDataVault } from '@fallverbund/event-store';
import { ERASED, type Erased } from '@fallverbund/kernel';
import { DataSource, In } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { auditedCase } from '../cases/case.query-handlers';
import { type PlanContent, diffPlanVersions, readableVersions } from './plan-diff';
import { PlanDisputeRow, PlanRow, PlanStepRow, PlanVersionRow } from './plan-read-model.entities';
import {
  DiffPlanVersionsQuery,
  GetPlanQuery,
  GetPlanVersionQuery,
  type PlanDisputeView,
  type PlanGoalView,
  type PlanStepTextView,
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

/** The category of each text of a version; a version drafted before categories reads as all `plan`. */
const categoriesOf = (row: PlanVersionRow, content: PlanContent): PlanTextCategories =>
  planTextCategories({ goals: content.goals, steps: content.steps, textCategories: row.textCategories ?? undefined });

/** What one reader gets of a version's texts: those of categories it may read, and a count of the others. */
const readableContent = (row: PlanVersionRow, content: PlanContent | null, access: Pick<CaseAccess, 'can'>) => {
  if (!content) return { goals: ERASED, steps: ERASED, words: { participantWords: ERASED }, withheldTexts: 0 } as const;
  const categories = categoriesOf(row, content);
  const goals = partitionTexts(
    access,
    content.goals.map((g, i): PlanGoalView => ({ ...g, category: categories.goals[i]?.category ?? 'plan' })),
  );
  const steps = partitionTexts(
    access,
    content.steps.map((s, i): PlanStepTextView => ({ ...s, category: categories.steps[i]?.category ?? 'plan' })),
  );
  const words =
    content.participantWords === null
      ? { readable: [], withheld: 0 }
      : partitionTexts(access, [{ text: content.participantWords, category: categories.participantWords }]);
  const [said] = words.readable;
  return {
    goals: goals.readable,
    steps: steps.readable,
    words:
      content.participantWords === null
        ? { participantWords: null }
        : said
          ? { participantWords: said.text, participantWordsCategory: said.category }
          : {},
    withheldTexts: goals.withheld + steps.withheld + words.withheld,
  };
};

const versionView = (row: PlanVersionRow, opened: Opened, access: Pick<CaseAccess, 'can'>): PlanVersionView => {
  const { goals, steps, words, withheldTexts } = readableContent(row, contentOf(row, opened), access);
  return {
    version: row.version,
    legalStatus: row.legalStatus,
    goals,
    steps,
    ...words,
    withheldTexts,
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
      async (_summary, access) => {
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
        const latest = latestRow ? versionView(latestRow, content, access) : null;
        const shownSteps = Array.isArray(latest?.steps)
          ? new Set((latest.steps as readonly PlanStepTextView[]).map((v) => v.stepId))
          : null;
        const stepViews = (listed: readonly PlanStepTextView[] | Erased): readonly PlanStepView[] | Erased =>
          Array.isArray(listed)
            ? (listed as readonly PlanStepTextView[]).map((step) => {
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
          // Not the ids of steps withheld from this reader (an id is the client's and may carry words).
          completedStepIds: steps
            .filter((s) => s.completedAt !== null && (shownSteps === null || shownSteps.has(s.stepId)))
            .map((s) => s.stepId),
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
      async (_summary, access) => {
        const found = row as PlanVersionRow;
        const [opened] = await this.vault.open([found.contentSealed]);
        return versionView(found, opened, access);
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
      async (_summary, access) => {
        const [before, after] = [from, to].map((v) => rows.find((r) => r.version === v) as PlanVersionRow);
        const [openedBefore, openedAfter] = await this.vault.open([before?.contentSealed, after?.contentSealed]);
        const a = before && contentOf(before, openedBefore);
        const b = after && contentOf(after, openedAfter);
        if (!before || !after || !a || !b) return { from, to, erased: true as const };
        const shown = readableVersions(
          { content: a, categories: categoriesOf(before, a) },
          { content: b, categories: categoriesOf(after, b) },
          (category) => access.can('read', category),
        );
        return { ...diffPlanVersions(from, shown.before, to, shown.after), withheldTexts: shown.withheld };
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
