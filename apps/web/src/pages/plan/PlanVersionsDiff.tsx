import { useFormat, useTranslation } from '../../i18n/i18n';
import type { Schema } from '../../api/client';
import { responsibleInWords } from './responsible';
import { WordDiff } from './WordDiff';

type Version = Schema<'PlanVersionViewDto'>;

interface Row {
  readonly key: string;
  readonly label: string;
  readonly from: string | undefined;
  readonly to: string | undefined;
}

const list = <T,>(value: T[] | { erased: true }): T[] => (Array.isArray(value) ? value : []);

/**
 * Two versions of the plan side by side, one row per part (legal basis, each goal, each step, the
 * person's words): the earlier text with its deleted words marked, the later with its inserted words
 * marked (word diff, `diff`). A part present in only one version shows "(nicht vorhanden)" on the
 * other side.
 */
export function PlanVersionsDiff({ from, to }: { from: Version; to: Version }) {
  const { t } = useTranslation();
  const format = useFormat();
  // A goal or step of an erased data category (issue 17) shows as erased.
  const stepText = (step: Schema<'PlanStepTextViewDto'> | Schema<'ErasedPlanStepTextViewDto'>) =>
    'erased' in step
      ? t('plan.itemErased', { category: t(`category.${step.category}`) })
      : `${step.action} – ${responsibleInWords(step.responsible, t)}, ${format.day(step.dueDate)}`;
  const goalText = (goal: Schema<'PlanGoalViewDto'> | Schema<'ErasedPlanGoalViewDto'>) =>
    'erased' in goal
      ? t('plan.itemErased', { category: t(`category.${goal.category}`) })
      : `${t(`plan.lifeAreas.${goal.lifeArea}`)}: ${goal.text}`;
  const rows: Row[] = [
    {
      key: 'basis',
      label: t('plan.compare.basis'),
      from: `${from.legalStatus.basis} (${from.legalStatus.binding ? t('plan.binding') : t('plan.notBinding')})`,
      to: `${to.legalStatus.basis} (${to.legalStatus.binding ? t('plan.binding') : t('plan.notBinding')})`,
    },
  ];
  const fromGoals = list(from.goals);
  const toGoals = list(to.goals);
  // Parts are numbered in the order they appear (the ids the API keys them by mean nothing to a reader).
  for (const [index, goalId] of [...new Set([...fromGoals, ...toGoals].map((goal) => goal.goalId))].entries()) {
    const a = fromGoals.find((goal) => goal.goalId === goalId);
    const b = toGoals.find((goal) => goal.goalId === goalId);
    rows.push({
      key: `goal-${goalId}`,
      label: t('plan.compare.goal', { id: index + 1 }),
      from: a && goalText(a),
      to: b && goalText(b),
    });
  }
  const fromSteps = list(from.steps);
  const toSteps = list(to.steps);
  for (const [index, stepId] of [...new Set([...fromSteps, ...toSteps].map((step) => step.stepId))].entries()) {
    const a = fromSteps.find((step) => step.stepId === stepId);
    const b = toSteps.find((step) => step.stepId === stepId);
    rows.push({
      key: `step-${stepId}`,
      label: t('plan.compare.step', { id: index + 1 }),
      from: a && stepText(a),
      to: b && stepText(b),
    });
  }
  const words = (value: Version['participantWords']) => (typeof value === 'string' && value ? value : undefined);
  if (words(from.participantWords) ?? words(to.participantWords)) {
    rows.push({
      key: 'words',
      label: t('plan.compare.participantWords'),
      from: words(from.participantWords),
      to: words(to.participantWords),
    });
  }
  const cell = (row: Row, side: 'from' | 'to') => {
    const own = side === 'from' ? row.from : row.to;
    if (own === undefined) return <span className="absent">{t('plan.compare.absent')}</span>;
    return <WordDiff from={row.from ?? ''} to={row.to ?? ''} side={side} />;
  };
  return (
    <>
      <p className="diff-legend">{t('plan.compare.legend')}</p>
      <table className="data-table plan-diff">
        <caption>{t('plan.compare.caption', { from: from.version, to: to.version })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('plan.compare.part')}</th>
            <th scope="col">{t('plan.compare.option', { version: from.version })}</th>
            <th scope="col">{t('plan.compare.option', { version: to.version })}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key}>
              <th scope="row">{row.label}</th>
              <td>{cell(row, 'from')}</td>
              <td>{cell(row, 'to')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
