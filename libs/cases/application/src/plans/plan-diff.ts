import { type LifeArea, type PlanGoal, type PlanLegalStatus, type PlanStep } from '@fallverbund/cases-domain';

/** What one plan version says, opened from its seal. */
export interface PlanContent {
  readonly legalStatus: PlanLegalStatus;
  readonly goals: readonly PlanGoal[];
  readonly steps: readonly PlanStep[];
  readonly participantWords: string | null;
}

/** The fields that differ, each with its value before and after. */
export type FieldChanges<T> = { -readonly [K in keyof T]?: { from: T[K]; to: T[K] } };

export interface PlanDiff {
  readonly from: number;
  readonly to: number;
  /** Only the fields that changed; empty when the legal status stayed the same. */
  readonly legalStatus: FieldChanges<PlanLegalStatus>;
  readonly goals: {
    readonly added: readonly PlanGoal[];
    readonly removed: readonly PlanGoal[];
    readonly changed: readonly { goalId: string; changes: FieldChanges<Omit<PlanGoal, 'goalId'>> }[];
  };
  readonly steps: {
    readonly added: readonly PlanStep[];
    readonly removed: readonly PlanStep[];
    readonly changed: readonly { stepId: string; changes: FieldChanges<Omit<PlanStep, 'stepId'>> }[];
  };
  /** Null when the participant's words stayed the same. */
  readonly participantWords: { from: string | null; to: string | null } | null;
  /** The difference as short German sentences, for the participant and the team to read. */
  readonly lines: readonly string[];
}

const LIFE_AREA_NAMES: Record<LifeArea, string> = {
  work: 'Arbeit',
  health: 'Gesundheit',
  housing: 'Wohnen',
  finances: 'Finanzen',
  family: 'Familie',
  social_participation: 'Soziale Teilhabe',
  mobility: 'Mobilität',
};

const quoted = (text: string): string => `„${text}“`;
const yesNo = (value: boolean): string => (value ? 'ja' : 'nein');

const changesOf = <T extends object>(before: T, after: T, fields: readonly (keyof T)[]): FieldChanges<T> => {
  const changes: FieldChanges<T> = {};
  for (const field of fields) {
    if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
  }
  return changes;
};

const byId = <T, K extends keyof T>(
  before: readonly T[],
  after: readonly T[],
  key: K,
): { added: T[]; removed: T[]; kept: [T, T][] } => {
  const old = new Map(before.map((item) => [item[key], item]));
  const now = new Set(after.map((item) => item[key]));
  return {
    added: after.filter((item) => !old.has(item[key])),
    removed: before.filter((item) => !now.has(item[key])),
    kept: after.flatMap((item): [T, T][] => {
      const previous = old.get(item[key]);
      return previous ? [[previous, item]] : [];
    }),
  };
};

/** The difference between two versions of a plan, field by field, with a readable German summary. */
export const diffPlanVersions = (from: number, before: PlanContent, to: number, after: PlanContent): PlanDiff => {
  const lines: string[] = [];

  const legalStatus = changesOf(before.legalStatus, after.legalStatus, ['basis', 'binding', 'mediationAvailable']);
  if (legalStatus.basis) lines.push(`Rechtsgrundlage: ${legalStatus.basis.from} → ${legalStatus.basis.to}`);
  if (legalStatus.binding)
    lines.push(`Rechtlich verbindlich: ${yesNo(legalStatus.binding.from)} → ${yesNo(legalStatus.binding.to)}`);
  if (legalStatus.mediationAvailable)
    lines.push(
      `Schlichtung möglich: ${yesNo(legalStatus.mediationAvailable.from)} → ${yesNo(legalStatus.mediationAvailable.to)}`,
    );

  const goals = byId(before.goals, after.goals, 'goalId');
  for (const g of goals.added) lines.push(`Ziel ${g.goalId} neu (${LIFE_AREA_NAMES[g.lifeArea]}): ${g.text}`);
  const changedGoals = goals.kept.flatMap(([old, now]) => {
    const changes = changesOf(old, now, ['lifeArea', 'text']);
    if (changes.lifeArea)
      lines.push(
        `Ziel ${now.goalId}: Lebensbereich ${LIFE_AREA_NAMES[changes.lifeArea.from]} → ${LIFE_AREA_NAMES[changes.lifeArea.to]}`,
      );
    if (changes.text) lines.push(`Ziel ${now.goalId}: ${quoted(changes.text.from)} → ${quoted(changes.text.to)}`);
    return Object.keys(changes).length > 0 ? [{ goalId: now.goalId, changes }] : [];
  });
  for (const g of goals.removed) lines.push(`Ziel ${g.goalId} entfällt: ${g.text}`);

  const steps = byId(before.steps, after.steps, 'stepId');
  for (const s of steps.added) lines.push(`Schritt ${s.stepId} neu: ${s.action} bis ${s.dueDate} (${s.responsible})`);
  const changedSteps = steps.kept.flatMap(([old, now]) => {
    const changes = changesOf(old, now, ['goalId', 'action', 'responsible', 'dueDate']);
    const id = now.stepId;
    if (changes.action) lines.push(`Schritt ${id}: ${quoted(changes.action.from)} → ${quoted(changes.action.to)}`);
    if (changes.responsible)
      lines.push(`Schritt ${id}: zuständig ${changes.responsible.from} → ${changes.responsible.to}`);
    if (changes.dueDate) lines.push(`Schritt ${id}: fällig ${changes.dueDate.from} → ${changes.dueDate.to}`);
    if (changes.goalId)
      lines.push(
        `Schritt ${id}: ${changes.goalId.from ? `Ziel ${changes.goalId.from}` : 'ohne Ziel'} → ${changes.goalId.to ? `Ziel ${changes.goalId.to}` : 'ohne Ziel'}`,
      );
    return Object.keys(changes).length > 0 ? [{ stepId: id, changes }] : [];
  });
  for (const s of steps.removed) lines.push(`Schritt ${s.stepId} entfällt: ${s.action}`);

  const words =
    before.participantWords === after.participantWords
      ? null
      : { from: before.participantWords, to: after.participantWords };
  if (words?.from === null && words.to !== null) lines.push(`Worte der teilnehmenden Person neu: ${quoted(words.to)}`);
  else if (words?.to === null) lines.push('Worte der teilnehmenden Person entfernt');
  else if (words) lines.push(`Worte der teilnehmenden Person: ${quoted(words.from ?? '')} → ${quoted(words.to)}`);

  return {
    from,
    to,
    legalStatus,
    goals: { added: goals.added, removed: goals.removed, changed: changedGoals },
    steps: { added: steps.added, removed: steps.removed, changed: changedSteps },
    participantWords: words,
    lines,
  };
};
