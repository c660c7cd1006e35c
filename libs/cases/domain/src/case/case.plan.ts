import { type CommandContext, type DataCategory, DomainError, type Event } from '@fallverbund/kernel';
import { type ExistingCase } from './case.evolve';
import { assertOpenForWork, boundedText, isCalendarDate, today } from './case.rules';
import { chosenTextCategory } from './case.texts';

/**
 * The cooperation plan (category `plan`; Kooperationsplan § 15 SGB II, Teilhabeplan § 19 SGB IX).
 * Every version is a whole plan; the participant agrees to a version; a dispute can go to mediation
 * where the plan's legal status provides it (§ 15a SGB II; a reform may abolish it, so it is a field).
 */

export const LIFE_AREAS = [
  'work',
  'health',
  'housing',
  'finances',
  'family',
  'social_participation',
  'mobility',
] as const;
export type LifeArea = (typeof LIFE_AREAS)[number];

/** The legal frame of a plan version, recorded with it rather than hard-coded. */
export interface PlanLegalStatus {
  /** The norm, e.g. "§ 15 SGB II" or "§ 19 SGB IX". */
  readonly basis: string;
  /** Whether the plan binds legally (e.g. a plan replaced by an administrative act) or is a shared agreement. */
  readonly binding: boolean;
  /** Whether a dispute about this plan can go to mediation (Schlichtung). */
  readonly mediationAvailable: boolean;
}

export interface PlanGoal {
  readonly goalId: string;
  readonly lifeArea: LifeArea;
  readonly text: string;
}

export interface PlanStep {
  readonly stepId: string;
  readonly goalId: string | null;
  /** What is done. */
  readonly action: string;
  /** Who does it: "participant", a role or an agency id. */
  readonly responsible: string;
  /** YYYY-MM-DD */
  readonly dueDate: string;
}

/** When each step is due: carried outside the sealed content so that signals need no decryption. */
export interface StepDue {
  readonly stepId: string;
  readonly dueDate: string;
}

/**
 * The data category of each free text of a version (goal text, step action, the participant's words),
 * chosen by its author, `plan` by default. In clear beside the sealed texts: the category is no personal
 * data, and a read withholds a text by it without opening the seal.
 */
export interface PlanTextCategories {
  readonly goals: readonly { readonly goalId: string; readonly category: DataCategory }[];
  readonly steps: readonly { readonly stepId: string; readonly category: DataCategory }[];
  readonly participantWords: DataCategory;
}

/** `goals`, `steps` and `participantWords` are personal (sealed); `schedule` and `textCategories` are not. */
export type PlanVersionDrafted = Event<
  'PlanVersionDrafted',
  {
    caseId: string;
    participantId: string;
    version: number;
    legalStatus: PlanLegalStatus;
    goals: PlanGoal[];
    steps: PlanStep[];
    participantWords: string | null;
    schedule: StepDue[];
    /** Absent in versions drafted before issue 11: every text of those is `plan` (see `planTextCategories`). */
    textCategories?: PlanTextCategories;
    draftedBy: string;
    draftedAt: string;
  }
>;

export const AGREEMENT_FORMS = ['written', 'electronic', 'verbal'] as const;
export type AgreementForm = (typeof AGREEMENT_FORMS)[number];

export type PlanVersionAgreed = Event<
  'PlanVersionAgreed',
  { caseId: string; version: number; form: AgreementForm; recordedBy: string; agreedAt: string }
>;

/** `reason` is personal. */
export type PlanDisputed = Event<
  'PlanDisputed',
  { caseId: string; participantId: string; version: number; reason: string; recordedBy: string; disputedAt: string }
>;

export type MediationRequested = Event<
  'MediationRequested',
  { caseId: string; version: number; requestedBy: string; requestedAt: string }
>;

export const MEDIATION_OUTCOMES = ['agreement_reached', 'no_agreement', 'withdrawn'] as const;
export type MediationOutcome = (typeof MEDIATION_OUTCOMES)[number];

export type MediationConcluded = Event<
  'MediationConcluded',
  { caseId: string; version: number; outcome: MediationOutcome; concludedBy: string; concludedAt: string }
>;

export type PlanStepCompleted = Event<
  'PlanStepCompleted',
  { caseId: string; version: number; stepId: string; completedBy: string; completedAt: string }
>;

export type PlanEvent =
  PlanVersionDrafted | PlanVersionAgreed | PlanDisputed | MediationRequested | MediationConcluded | PlanStepCompleted;

export interface DraftPlanVersion {
  readonly type: 'DraftPlanVersion';
  readonly data: {
    caseId: string;
    legalStatus: PlanLegalStatus;
    /** `category`: the data category of the text, `plan` when absent. */
    goals: readonly { goalId: string; lifeArea: string; text: string; category?: string }[];
    steps: readonly (PlanStep & { category?: string })[];
    participantWords: string | null;
    participantWordsCategory?: string;
  };
  readonly metadata: CommandContext;
}
export interface AgreePlanVersion {
  readonly type: 'AgreePlanVersion';
  readonly data: { caseId: string; version: number; form: string };
  readonly metadata: CommandContext;
}
export interface DisputePlan {
  readonly type: 'DisputePlan';
  readonly data: { caseId: string; version: number; reason: string };
  readonly metadata: CommandContext;
}
export interface RequestMediation {
  readonly type: 'RequestMediation';
  readonly data: { caseId: string };
  readonly metadata: CommandContext;
}
export interface ConcludeMediation {
  readonly type: 'ConcludeMediation';
  readonly data: { caseId: string; outcome: string };
  readonly metadata: CommandContext;
}
export interface CompletePlanStep {
  readonly type: 'CompletePlanStep';
  readonly data: { caseId: string; stepId: string };
  readonly metadata: CommandContext;
}

export type PlanCommand =
  DraftPlanVersion | AgreePlanVersion | DisputePlan | RequestMediation | ConcludeMediation | CompletePlanStep;

/**
 * draft: the latest version awaits agreement; agreed: the participant agreed to the latest version;
 * disputed; mediation_requested (in mediation); mediation_concluded: a new version or an agreement comes next.
 */
export type PlanStatus = 'draft' | 'agreed' | 'disputed' | 'mediation_requested' | 'mediation_concluded';

export interface PlanState {
  readonly status: PlanStatus;
  readonly latestVersion: number;
  readonly agreedVersion: number | null;
  readonly mediationAvailable: boolean;
  /** The norm of the latest version's legal status. */
  readonly basis: string;
  /** The steps of the latest version. */
  readonly schedule: readonly StepDue[];
  readonly completedStepIds: readonly string[];
}

export class InvalidPlanError extends DomainError {
  readonly code = 'PLAN.INVALID';
  readonly kind = 'invalid';
}

export class PlanNotFoundError extends DomainError {
  readonly code = 'PLAN.NOT_FOUND';
  readonly kind = 'not_found';
}

export class PlanIllegalTransitionError extends DomainError {
  readonly code = 'PLAN.ILLEGAL_TRANSITION';
  readonly kind = 'conflict';
}

export class MediationNotAvailableError extends DomainError {
  readonly code = 'PLAN.MEDIATION_NOT_AVAILABLE';
  readonly kind = 'conflict';
  constructor(readonly basis: string) {
    super(`the legal status of this plan (${basis}) provides no mediation`);
  }
}

const MAX_GOALS = 20;
const MAX_STEPS = 50;
const MAX_TEXT = 1_000;
const MAX_WORDS = 4_000;
const MAX_ID = 64;
const MAX_RESPONSIBLE = 120;

/** The category of every text of a drafted version; a version drafted before categories reads as all `plan`. */
export const planTextCategories = (data: {
  readonly goals: readonly { readonly goalId: string }[];
  readonly steps: readonly { readonly stepId: string }[];
  readonly textCategories?: PlanTextCategories | undefined;
}): PlanTextCategories => {
  const known = data.textCategories;
  const goals = new Map((known?.goals ?? []).map((g) => [g.goalId, g.category]));
  const steps = new Map((known?.steps ?? []).map((s) => [s.stepId, s.category]));
  return {
    goals: data.goals.map(({ goalId }) => ({ goalId, category: goals.get(goalId) ?? 'plan' })),
    steps: data.steps.map(({ stepId }) => ({ stepId, category: steps.get(stepId) ?? 'plan' })),
    participantWords: known?.participantWords ?? 'plan',
  };
};

const textCategory = (value: string | undefined, what: string): DataCategory => {
  const category = chosenTextCategory(value, 'plan');
  if (category === null) throw new InvalidPlanError(`the category of ${what} is no data category`);
  return category;
};

const planOf = (state: ExistingCase): PlanState => {
  if (!state.plan) throw new PlanNotFoundError('this case has no cooperation plan yet');
  return state.plan;
};

const text = (value: string, max: number, what: string): string => {
  const checked = boundedText(value, max);
  if (checked === null) throw new InvalidPlanError(`${what} has 1 to ${max} characters`);
  return checked;
};

const uniqueIds = (ids: readonly string[], what: string): void => {
  if (ids.some((id) => boundedText(id, MAX_ID) === null))
    throw new InvalidPlanError(`each ${what} id has 1 to ${MAX_ID} characters`);
  if (new Set(ids).size !== ids.length) throw new InvalidPlanError(`${what} ids are unique within a version`);
};

export const draftPlanVersion = ({ data, metadata }: DraftPlanVersion, state: ExistingCase): PlanVersionDrafted => {
  assertOpenForWork(state);
  if (state.plan?.status === 'mediation_requested')
    throw new PlanIllegalTransitionError('a plan in mediation gets a new version once the mediation concluded');
  const { legalStatus } = data;
  const basis = text(legalStatus.basis, 120, 'legalStatus.basis');
  if (typeof legalStatus.binding !== 'boolean' || typeof legalStatus.mediationAvailable !== 'boolean')
    throw new InvalidPlanError('legalStatus.binding and legalStatus.mediationAvailable are yes or no');
  if (data.goals.length === 0 || data.goals.length > MAX_GOALS)
    throw new InvalidPlanError(`a plan has 1 to ${MAX_GOALS} goals`);
  if (data.steps.length > MAX_STEPS) throw new InvalidPlanError(`a plan has at most ${MAX_STEPS} steps`);
  uniqueIds(
    data.goals.map((g) => g.goalId),
    'goal',
  );
  uniqueIds(
    data.steps.map((s) => s.stepId),
    'step',
  );
  const goals = data.goals.map((g): PlanGoal => {
    const lifeArea = LIFE_AREAS.find((a) => a === g.lifeArea);
    if (!lifeArea) throw new InvalidPlanError(`lifeArea must be one of ${LIFE_AREAS.join(', ')}`);
    return { goalId: g.goalId, lifeArea, text: text(g.text, MAX_TEXT, 'a goal') };
  });
  const day = today(metadata.now);
  const steps = data.steps.map((s): PlanStep => {
    if (s.goalId !== null && !goals.some((g) => g.goalId === s.goalId))
      throw new InvalidPlanError(`step ${s.stepId} names an unknown goal ${s.goalId}`);
    if (!isCalendarDate(s.dueDate)) throw new InvalidPlanError(`dueDate ${s.dueDate} is not a calendar date`);
    return {
      stepId: s.stepId,
      goalId: s.goalId,
      action: text(s.action, MAX_TEXT, 'a step'),
      responsible: text(s.responsible, MAX_RESPONSIBLE, 'who is responsible'),
      dueDate: s.dueDate,
    };
  });
  // A new version does not set steps due in the past, except those it carries over unchanged.
  const carried = new Map((state.plan?.schedule ?? []).map((s) => [s.stepId, s.dueDate]));
  const pastDue = steps.find((s) => s.dueDate < day && carried.get(s.stepId) !== s.dueDate);
  if (pastDue) throw new InvalidPlanError(`step ${pastDue.stepId} would be due in the past (${pastDue.dueDate})`);
  const words = data.participantWords === null ? null : boundedText(data.participantWords, MAX_WORDS);
  if (data.participantWords !== null && data.participantWords.trim() !== '' && words === null)
    throw new InvalidPlanError(`the participant's words have at most ${MAX_WORDS} characters`);
  const textCategories: PlanTextCategories = {
    goals: data.goals.map((g) => ({ goalId: g.goalId, category: textCategory(g.category, `goal ${g.goalId}`) })),
    steps: data.steps.map((s) => ({ stepId: s.stepId, category: textCategory(s.category, `step ${s.stepId}`) })),
    participantWords: textCategory(data.participantWordsCategory, "the participant's words"),
  };
  return {
    type: 'PlanVersionDrafted',
    data: {
      caseId: data.caseId,
      participantId: state.participantId,
      version: (state.plan?.latestVersion ?? 0) + 1,
      legalStatus: { basis, binding: legalStatus.binding, mediationAvailable: legalStatus.mediationAvailable },
      goals,
      steps,
      participantWords: words,
      schedule: steps.map(({ stepId, dueDate }) => ({ stepId, dueDate })),
      textCategories,
      draftedBy: metadata.actor.userId,
      draftedAt: metadata.now.toISOString(),
    },
  };
};

const assertLatest = (plan: PlanState, version: number): void => {
  if (version !== plan.latestVersion)
    throw new PlanIllegalTransitionError(`version ${version} is not the plan's latest version (${plan.latestVersion})`);
};

export const agreePlanVersion = ({ data, metadata }: AgreePlanVersion, state: ExistingCase): PlanVersionAgreed => {
  assertOpenForWork(state);
  const plan = planOf(state);
  assertLatest(plan, data.version);
  if (!['draft', 'disputed', 'mediation_concluded'].includes(plan.status))
    throw new PlanIllegalTransitionError(
      plan.status === 'agreed'
        ? `version ${data.version} is agreed already`
        : 'a plan in mediation is agreed once the mediation concluded',
    );
  const form = AGREEMENT_FORMS.find((f) => f === data.form);
  if (!form) throw new InvalidPlanError(`form must be one of ${AGREEMENT_FORMS.join(', ')}`);
  return {
    type: 'PlanVersionAgreed',
    data: {
      caseId: data.caseId,
      version: data.version,
      form,
      recordedBy: metadata.actor.userId,
      agreedAt: metadata.now.toISOString(),
    },
  };
};

export const disputePlan = ({ data, metadata }: DisputePlan, state: ExistingCase): PlanDisputed => {
  assertOpenForWork(state);
  const plan = planOf(state);
  assertLatest(plan, data.version);
  if (plan.status === 'disputed' || plan.status === 'mediation_requested')
    throw new PlanIllegalTransitionError(`the plan is ${plan.status.replace('_', ' ')} already`);
  return {
    type: 'PlanDisputed',
    data: {
      caseId: data.caseId,
      participantId: state.participantId,
      version: data.version,
      reason: text(data.reason, MAX_TEXT, 'a dispute reason'),
      recordedBy: metadata.actor.userId,
      disputedAt: metadata.now.toISOString(),
    },
  };
};

export const requestMediation = ({ data, metadata }: RequestMediation, state: ExistingCase): MediationRequested => {
  assertOpenForWork(state);
  const plan = planOf(state);
  if (plan.status !== 'disputed') throw new PlanIllegalTransitionError('mediation is requested for a disputed plan');
  if (!plan.mediationAvailable) throw new MediationNotAvailableError(plan.basis);
  return {
    type: 'MediationRequested',
    data: {
      caseId: data.caseId,
      version: plan.latestVersion,
      requestedBy: metadata.actor.userId,
      requestedAt: metadata.now.toISOString(),
    },
  };
};

export const concludeMediation = ({ data, metadata }: ConcludeMediation, state: ExistingCase): MediationConcluded => {
  assertOpenForWork(state);
  const plan = planOf(state);
  if (plan.status !== 'mediation_requested') throw new PlanIllegalTransitionError('no mediation is under way');
  const outcome = MEDIATION_OUTCOMES.find((o) => o === data.outcome);
  if (!outcome) throw new InvalidPlanError(`outcome must be one of ${MEDIATION_OUTCOMES.join(', ')}`);
  return {
    type: 'MediationConcluded',
    data: {
      caseId: data.caseId,
      version: plan.latestVersion,
      outcome,
      concludedBy: metadata.actor.userId,
      concludedAt: metadata.now.toISOString(),
    },
  };
};

export const completePlanStep = ({ data, metadata }: CompletePlanStep, state: ExistingCase): PlanStepCompleted => {
  assertOpenForWork(state);
  const plan = planOf(state);
  if (plan.agreedVersion !== plan.latestVersion)
    throw new PlanIllegalTransitionError('steps are done under an agreed plan: the latest version is not agreed');
  if (!plan.schedule.some((s) => s.stepId === data.stepId))
    throw new PlanNotFoundError(`no step ${data.stepId} in version ${plan.latestVersion}`);
  if (plan.completedStepIds.includes(data.stepId))
    throw new PlanIllegalTransitionError(`step ${data.stepId} is done already`);
  return {
    type: 'PlanStepCompleted',
    data: {
      caseId: data.caseId,
      version: plan.latestVersion,
      stepId: data.stepId,
      completedBy: metadata.actor.userId,
      completedAt: metadata.now.toISOString(),
    },
  };
};

export const decidePlan = (command: PlanCommand, state: ExistingCase): PlanEvent[] => {
  switch (command.type) {
    case 'DraftPlanVersion':
      return [draftPlanVersion(command, state)];
    case 'AgreePlanVersion':
      return [agreePlanVersion(command, state)];
    case 'DisputePlan':
      return [disputePlan(command, state)];
    case 'RequestMediation':
      return [requestMediation(command, state)];
    case 'ConcludeMediation':
      return [concludeMediation(command, state)];
    case 'CompletePlanStep':
      return [completePlanStep(command, state)];
  }
};

export const evolvePlan = (state: ExistingCase, event: PlanEvent): ExistingCase => {
  const plan = state.plan;
  switch (event.type) {
    case 'PlanVersionDrafted': {
      const { version, legalStatus, schedule } = event.data;
      // A step carried into the new version under the same id stays done.
      const completedStepIds = (plan?.completedStepIds ?? []).filter((id) => schedule.some((s) => s.stepId === id));
      return {
        ...state,
        plan: {
          status: 'draft',
          latestVersion: version,
          agreedVersion: plan?.agreedVersion ?? null,
          mediationAvailable: legalStatus.mediationAvailable,
          basis: legalStatus.basis,
          schedule,
          completedStepIds,
        },
      };
    }
    case 'PlanVersionAgreed':
      return plan ? { ...state, plan: { ...plan, status: 'agreed', agreedVersion: event.data.version } } : state;
    case 'PlanDisputed':
      return plan ? { ...state, plan: { ...plan, status: 'disputed' } } : state;
    case 'MediationRequested':
      return plan ? { ...state, plan: { ...plan, status: 'mediation_requested' } } : state;
    case 'MediationConcluded':
      return plan ? { ...state, plan: { ...plan, status: 'mediation_concluded' } } : state;
    case 'PlanStepCompleted':
      return plan
        ? { ...state, plan: { ...plan, completedStepIds: [...plan.completedStepIds, event.data.stepId] } }
        : state;
  }
};
