import {
  type LifeArea,
  type PlanGoal,
  type PlanLegalStatus,
  type PlanStep,
  type PlanTextCategories,
} from '@fallverbund/cases-domain';
import { type DataCategory } from '@fallverbund/kernel';
import { CATEGORY_LABELS } from '../audit/access-report';

/** A goal or step with the data category of its text (issue 11). */
export type Categorised<T> = T & { readonly category?: DataCategory };

/** What one plan version says, opened from its seal. */
export interface PlanContent {
  readonly legalStatus: PlanLegalStatus;
  readonly goals: readonly Categorised<PlanGoal>[];
  readonly steps: readonly Categorised<PlanStep>[];
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
    readonly added: readonly Categorised<PlanGoal>[];
    readonly removed: readonly Categorised<PlanGoal>[];
    readonly changed: readonly { goalId: string; changes: FieldChanges<Omit<Categorised<PlanGoal>, 'goalId'>> }[];
  };
  readonly steps: {
    readonly added: readonly Categorised<PlanStep>[];
    readonly removed: readonly Categorised<PlanStep>[];
    readonly changed: readonly { stepId: string; changes: FieldChanges<Omit<Categorised<PlanStep>, 'stepId'>> }[];
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
/** "2026-12-15" as "15.12.2026". */
const germanDay = (day: string): string => {
  const [year, month, date] = day.split('-');
  return year && month && date ? `${date}.${month}.${year}` : day;
};
const categoryWords = (category: DataCategory | undefined): string =>
  category === undefined ? '–' : (CATEGORY_LABELS[category] ?? category);
/** Who is responsible: the participant in words; a role, an agency or a name as written. */
const responsibleWords = (responsible: string): string =>
  responsible === 'participant' ? 'teilnehmende Person' : responsible;

/**
 * Goals and steps are named as the plan numbers them, never by their ids (`g2`, `s9`), which no reader knows:
 * one the later version has by its place there ("Ziel 2", the first is 1, as the plan page numbers the
 * version it shows), one only the earlier version had by its place there, with that version ("Ziel 2 der
 * Fassung 1"). The web's comparison table labels its rows the same way (PlanVersionsDiff.tsx).
 */
const namer = <T>(
  word: string,
  fromVersion: number,
  before: readonly T[],
  after: readonly T[],
  key: (item: T) => string,
) => {
  const places = (items: readonly T[]) => new Map(items.map((item, index) => [key(item), index + 1]));
  const earlier = places(before);
  const later = places(after);
  return (id: string): string => {
    const now = later.get(id);
    if (now !== undefined) return `${word} ${now}`;
    const then = earlier.get(id);
    return then !== undefined ? `${word} ${then} der Fassung ${fromVersion}` : `${word} ${id}`;
  };
};

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
      `Schlichtung vorgesehen: ${yesNo(legalStatus.mediationAvailable.from)} → ${yesNo(legalStatus.mediationAvailable.to)}`,
    );

  const goalName = namer('Ziel', from, before.goals, after.goals, (g) => g.goalId);
  const goals = byId(before.goals, after.goals, 'goalId');
  for (const g of goals.added) lines.push(`${goalName(g.goalId)} neu (${LIFE_AREA_NAMES[g.lifeArea]}): ${g.text}`);
  const changedGoals = goals.kept.flatMap(([old, now]) => {
    const changes = changesOf(old, now, ['lifeArea', 'text', 'category']);
    const goal = goalName(now.goalId);
    if (changes.lifeArea)
      lines.push(
        `${goal}: Lebensbereich ${LIFE_AREA_NAMES[changes.lifeArea.from]} → ${LIFE_AREA_NAMES[changes.lifeArea.to]}`,
      );
    if (changes.text) lines.push(`${goal}: ${quoted(changes.text.from)} → ${quoted(changes.text.to)}`);
    if (changes.category)
      lines.push(`${goal}: Kategorie ${categoryWords(changes.category.from)} → ${categoryWords(changes.category.to)}`);
    return Object.keys(changes).length > 0 ? [{ goalId: now.goalId, changes }] : [];
  });
  for (const g of goals.removed) lines.push(`${goalName(g.goalId)} entfällt: ${g.text}`);

  const stepName = namer('Schritt', from, before.steps, after.steps, (s) => s.stepId);
  const steps = byId(before.steps, after.steps, 'stepId');
  for (const s of steps.added)
    lines.push(
      `${stepName(s.stepId)} neu: ${s.action} bis ${germanDay(s.dueDate)} (${responsibleWords(s.responsible)})`,
    );
  const changedSteps = steps.kept.flatMap(([old, now]) => {
    const changes = changesOf(old, now, ['goalId', 'action', 'responsible', 'dueDate', 'category']);
    const step = stepName(now.stepId);
    if (changes.action) lines.push(`${step}: ${quoted(changes.action.from)} → ${quoted(changes.action.to)}`);
    if (changes.responsible)
      lines.push(
        `${step}: zuständig ${responsibleWords(changes.responsible.from)} → ${responsibleWords(changes.responsible.to)}`,
      );
    if (changes.dueDate)
      lines.push(`${step}: fällig ${germanDay(changes.dueDate.from)} → ${germanDay(changes.dueDate.to)}`);
    if (changes.category)
      lines.push(`${step}: Kategorie ${categoryWords(changes.category.from)} → ${categoryWords(changes.category.to)}`);
    if (changes.goalId) {
      const { from: was, to: is } = changes.goalId;
      lines.push(`${step}: ${was ? goalName(was) : 'ohne Ziel'} → ${is ? goalName(is) : 'ohne Ziel'}`);
    }
    return Object.keys(changes).length > 0 ? [{ stepId: now.stepId, changes }] : [];
  });
  for (const s of steps.removed) lines.push(`${stepName(s.stepId)} entfällt: ${s.action}`);

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

/** A version's content with the category of each text, as stored beside the seal. */
export interface CategorisedContent {
  readonly content: PlanContent;
  readonly categories: PlanTextCategories;
}

/**
 * Both versions as one reader may compare them (issue 11): a goal or step whose text is of a category
 * the reader may not read in either version is left out of both, and so are the participant's words;
 * `withheld` counts them. So the difference shows no withheld text, nor a goal as removed or added only
 * because its category changed to or from one the reader cannot read.
 */
export const readableVersions = (
  before: CategorisedContent,
  after: CategorisedContent,
  canRead: (category: DataCategory) => boolean,
): { before: PlanContent; after: PlanContent; withheld: number } => {
  const hidden = (pick: (c: PlanTextCategories) => readonly { id: string; category: DataCategory }[]) =>
    new Set(
      [...pick(before.categories), ...pick(after.categories)].filter((t) => !canRead(t.category)).map((t) => t.id),
    );
  const goals = hidden((c) => c.goals.map((g) => ({ id: g.goalId, category: g.category })));
  const steps = hidden((c) => c.steps.map((s) => ({ id: s.stepId, category: s.category })));
  const words = [before, after].some(
    ({ content, categories }) => content.participantWords !== null && !canRead(categories.participantWords),
  );
  const shown = ({ content, categories }: CategorisedContent): PlanContent => {
    const goalCategory = new Map(categories.goals.map((g) => [g.goalId, g.category]));
    const stepCategory = new Map(categories.steps.map((s) => [s.stepId, s.category]));
    return {
      legalStatus: content.legalStatus,
      goals: content.goals
        .filter((g) => !goals.has(g.goalId))
        .map((g) => ({ ...g, category: goalCategory.get(g.goalId) ?? 'plan' })),
      steps: content.steps
        .filter((s) => !steps.has(s.stepId))
        .map((s) => ({ ...s, category: stepCategory.get(s.stepId) ?? 'plan' })),
      participantWords: words ? null : content.participantWords,
    };
  };
  return { before: shown(before), after: shown(after), withheld: goals.size + steps.size + (words ? 1 : 0) };
};
