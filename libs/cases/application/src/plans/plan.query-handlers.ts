import { Inject } from '@nestjs/common';
import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type CaseAccess, partitionTexts } from '@fallverbund/access-policy';
import {
  InvalidPlanError,
  type PlanGoal,
  type PlanLegalStatus,
  PlanNotFoundError,
  type PlanStep,
  planTextCategories,
  type PlanTextCategories,
} from '@fallverbund/cases-domain';
import { PersonalDataVault } from '@fallverbund/event-store';
import { ERASED, type Erased, isErased } from '@fallverbund/kernel';
import { DataSource, In } from 'typeorm';
import { AuditTrail } from '../audit/audit-trail';
import { auditedCase } from '../cases/case.query-handlers';
import { type PlanContent, diffPlanVersions, readableVersions } from './plan-diff';
import { PlanDisputeRow, PlanRow, PlanStepRow, PlanVersionRow } from './plan-read-model.entities';
import {
  DiffPlanVersionsQuery,
  type ErasedPlanGoalView,
  type ErasedPlanStepTextView,
  type ErasedPlanStepView,
  isErasedPlanItem,
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

type GoalItem = PlanGoal | ErasedPlanGoalView;
type StepItem = PlanStep | ErasedPlanStepTextView;

/** A version as opened: an item of an erased category (issue 17) is an erased item in its place. */
interface OpenedContent {
  readonly legalStatus: PlanLegalStatus;
  readonly goals: readonly GoalItem[];
  readonly steps: readonly StepItem[];
  readonly participantWords: string | null | Erased;
}

/**
 * The content of a version as opened from its seal, or null when nothing of it opens any more (the
 * participant's key is gone). A goal or step whose category was erased keeps its id, category (and a
 * step its due date): those are stored in clear beside the seal.
 */
const openedContentOf = (row: PlanVersionRow, opened: Opened): OpenedContent | null => {
  if (!opened) return null;
  const known = row.textCategories;
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
  return {
    legalStatus: row.legalStatus,
    goals: list(opened['goals']).map((goal, i): GoalItem =>
      isErased(goal)
        ? {
            goalId: known?.goals[i]?.goalId ?? String(i + 1),
            category: known?.goals[i]?.category ?? 'plan',
            erased: true,
          }
        : (goal as PlanGoal),
    ),
    steps: list(opened['steps']).map((step, i): StepItem =>
      isErased(step)
        ? {
            stepId: known?.steps[i]?.stepId ?? row.schedule[i]?.stepId ?? String(i + 1),
            dueDate: row.schedule[i]?.dueDate ?? '',
            category: known?.steps[i]?.category ?? 'plan',
            erased: true,
          }
        : (step as PlanStep),
    ),
    participantWords: opened['participantWords'] as string | null | Erased,
  };
};

/** The category of each text of a version; a version drafted before categories reads as all `plan`. */
const categoriesOf = (row: PlanVersionRow, content: Pick<OpenedContent, 'goals' | 'steps'>): PlanTextCategories =>
  planTextCategories({ goals: content.goals, steps: content.steps, textCategories: row.textCategories ?? undefined });

/** The opened texts only, for the difference; `erased` names the ids (and the words) of erased texts. */
const diffContentOf = (
  content: OpenedContent,
): { content: PlanContent; erased: { goals: Set<string>; steps: Set<string>; words: boolean } } => ({
  content: {
    legalStatus: content.legalStatus,
    goals: content.goals.filter((g): g is PlanGoal => !isErasedPlanItem(g)),
    steps: content.steps.filter((s): s is PlanStep => !isErasedPlanItem(s)),
    participantWords: isErased(content.participantWords) ? null : content.participantWords,
  },
  erased: {
    goals: new Set(content.goals.filter(isErasedPlanItem).map((g) => g.goalId)),
    steps: new Set(content.steps.filter(isErasedPlanItem).map((s) => s.stepId)),
    words: isErased(content.participantWords),
  },
});

/** What one reader gets of a version's texts: those of categories it may read, and a count of the others. */
const readableContent = (row: PlanVersionRow, content: OpenedContent | null, access: Pick<CaseAccess, 'can'>) => {
  if (!content) return { goals: ERASED, steps: ERASED, words: { participantWords: ERASED }, withheldTexts: 0 } as const;
  const categories = categoriesOf(row, content);
  const goals = partitionTexts(
    access,
    content.goals.map((g, i): PlanGoalView | ErasedPlanGoalView =>
      isErasedPlanItem(g) ? g : { ...g, category: categories.goals[i]?.category ?? 'plan' },
    ),
  );
  const steps = partitionTexts(
    access,
    content.steps.map((s, i): PlanStepTextView | ErasedPlanStepTextView =>
      isErasedPlanItem(s) ? s : { ...s, category: categories.steps[i]?.category ?? 'plan' },
    ),
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
  const { goals, steps, words, withheldTexts } = readableContent(row, openedContentOf(row, opened), access);
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
          ? new Set((latest.steps as readonly (PlanStepTextView | ErasedPlanStepTextView)[]).map((v) => v.stepId))
          : null;
        const stepViews = (
          listed: readonly (PlanStepTextView | ErasedPlanStepTextView)[] | Erased,
        ): readonly (PlanStepView | ErasedPlanStepView)[] | Erased =>
          Array.isArray(listed)
            ? (listed as readonly (PlanStepTextView | ErasedPlanStepTextView)[]).map((step) => {
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
        const openedA = before && openedContentOf(before, openedBefore);
        const openedB = after && openedContentOf(after, openedAfter);
        if (!before || !after || !openedA || !openedB) return { from, to, erased: true as const };
        // A text of an erased category (issue 17) is compared in neither version, only counted.
        const [a, b] = [diffContentOf(openedA), diffContentOf(openedB)];
        const erasedGoals = new Set([...a.erased.goals, ...b.erased.goals]);
        const erasedSteps = new Set([...a.erased.steps, ...b.erased.steps]);
        const erasedWords = a.erased.words || b.erased.words;
        const kept = (c: PlanContent): PlanContent => ({
          ...c,
          goals: c.goals.filter((g) => !erasedGoals.has(g.goalId)),
          steps: c.steps.filter((s) => !erasedSteps.has(s.stepId)),
          participantWords: erasedWords ? null : c.participantWords,
        });
        const erased = erasedGoals.size + erasedSteps.size + (erasedWords ? 1 : 0);
        const shown = readableVersions(
          { content: kept(a.content), categories: categoriesOf(before, openedA) },
          { content: kept(b.content), categories: categoriesOf(after, openedB) },
          (category) => access.can('read', category),
        );
        return {
          ...diffPlanVersions(from, shown.before, to, shown.after),
          withheldTexts: shown.withheld,
          // Only when there are any: answers from before issue 17 stay as they were.
          ...(erased > 0 ? { erasedTexts: erased } : {}),
        };
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
