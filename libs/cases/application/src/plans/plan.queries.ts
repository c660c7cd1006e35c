import { Query } from '@nestjs/cqrs';
import { type PlanGoal, type PlanLegalStatus, type PlanStatus, type PlanStep } from '@fallverbund/cases-domain';
import { type DataCategory, type Erased } from '@fallverbund/kernel';
import { type RequestContext } from '../cases/request-context';
import { type PlanDiff } from './plan-diff';

/** A goal with the data category of its text. */
export interface PlanGoalView extends PlanGoal {
  readonly category: DataCategory;
}

/** A step with the data category of its text (`action`). */
export interface PlanStepTextView extends PlanStep {
  readonly category: DataCategory;
}

/** A step of the latest version with where it stands today. */
export interface PlanStepView extends PlanStepTextView {
  readonly completed: boolean;
  readonly completedAt: string | null;
  /** Due before today (UTC) and not done. */
  readonly overdue: boolean;
}

/**
 * A goal whose data category was erased (keys per data category, issue 17): its id and category (both
 * kept in clear beside the seal), no content.
 */
export interface ErasedPlanGoalView {
  readonly goalId: string;
  readonly category: DataCategory;
  readonly erased: true;
}

/** A step whose data category was erased (issue 17): its id, due date and category, no content. */
export interface ErasedPlanStepTextView {
  readonly stepId: string;
  readonly dueDate: string;
  readonly category: DataCategory;
  readonly erased: true;
}

/** An erased step of the latest version with where it stands today. */
export interface ErasedPlanStepView extends ErasedPlanStepTextView {
  readonly completed: boolean;
  readonly completedAt: string | null;
  readonly overdue: boolean;
}

export const isErasedPlanItem = (item: object): item is ErasedPlanGoalView | ErasedPlanStepTextView =>
  (item as { erased?: unknown }).erased === true;

export interface PlanAgreementView {
  readonly agreedAt: string;
  readonly agreedBy: string;
  /** written, electronic or verbal */
  readonly form: string;
}

/**
 * One version as drafted; goals, steps and words read as erased after the participant's erasure. A goal
 * or step whose text is of a category the reader may not read is left out, and so are the participant's
 * words (`participantWords` absent); `withheldTexts` counts them, without naming their categories.
 */
export interface PlanVersionView {
  readonly version: number;
  readonly legalStatus: PlanLegalStatus;
  /** A goal or step of an erased category (issue 17) is an erased item in its place. */
  readonly goals: readonly (PlanGoalView | ErasedPlanGoalView)[] | Erased;
  readonly steps: readonly (PlanStepTextView | ErasedPlanStepTextView)[] | Erased;
  readonly participantWords?: string | null | Erased;
  readonly participantWordsCategory?: DataCategory;
  readonly withheldTexts: number;
  readonly draftedBy: string;
  readonly draftedAt: string;
  readonly agreement: PlanAgreementView | null;
}

export interface PlanVersionListItem {
  readonly version: number;
  readonly draftedAt: string;
  readonly draftedBy: string;
  readonly agreedAt: string | null;
  readonly agreedBy: string | null;
  readonly form: string | null;
}

export interface PlanDisputeView {
  readonly version: number;
  readonly reason: string | Erased;
  readonly disputedBy: string;
  readonly disputedAt: string;
  readonly mediation: {
    readonly requestedAt: string;
    readonly requestedBy: string;
    readonly outcome: string | null;
    readonly concludedAt: string | null;
    readonly concludedBy: string | null;
  } | null;
}

/**
 * The cooperation plan of a case: `none` until a first version is drafted; then the latest version's
 * content with each step's state, the list of versions and the disputes with their mediation.
 */
export interface PlanView {
  readonly caseId: string;
  readonly status: 'none' | PlanStatus;
  readonly latestVersion: number | null;
  readonly agreedVersion: number | null;
  readonly latest:
    | (Omit<PlanVersionView, 'steps'> & { readonly steps: readonly (PlanStepView | ErasedPlanStepView)[] | Erased })
    | null;
  readonly versions: readonly PlanVersionListItem[];
  readonly completedStepIds: readonly string[];
  readonly disputes: readonly PlanDisputeView[];
}

/** Category `plan`. */
export class GetPlanQuery extends Query<PlanView> {
  constructor(
    readonly caseId: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/** Category `plan`: one version; an unknown version is 404 `PLAN.NOT_FOUND`. */
export class GetPlanVersionQuery extends Query<PlanVersionView> {
  constructor(
    readonly caseId: string,
    readonly planVersion: number,
    readonly context: RequestContext,
  ) {
    super();
  }
}

/**
 * Category `plan`: what changed from one version to a later one, without the texts the reader may not
 * read (`withheldTexts` counts them) and without texts of an erased category (`erasedTexts` counts them,
 * issue 17); `erased` when either cannot be opened at all.
 */
export class DiffPlanVersionsQuery extends Query<
  (PlanDiff & { withheldTexts: number; erasedTexts?: number }) | { from: number; to: number; erased: true }
> {
  constructor(
    readonly caseId: string,
    readonly from: number,
    readonly to: number,
    readonly context: RequestContext,
  ) {
    super();
  }
}
