import { useFormat, useTranslation } from '../../i18n/i18n';
import type { Schema } from '../../api/client';
import { erasedItemInWords, responsibleInWords } from './responsible';
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
      ? erasedItemInWords(step.category, t)
      : `${step.action} – ${responsibleInWords(step.responsible, t)}, ${format.day(step.dueDate)}`;
  const goalText = (goal: Schema<'PlanGoalViewDto'> | Schema<'ErasedPlanGoalViewDto'>) =>
    'erased' in goal ? erasedItemInWords(goal.category, t) : `${t(`plan.lifeAreas.${goal.lifeArea}`)}: ${goal.text}`;
  // The basis, whether it binds and whether mediation is provided: the three the API's sentences compare.
  const legalStatusText = (status: Schema<'PlanLegalStatusDto'>) =>
    `${status.basis} (${status.binding ? t('plan.binding') : t('plan.notBinding')}, ${
      status.mediationAvailable ? t('plan.mediationAvailable') : t('plan.mediationNotAvailable')
    })`;
  const rows: Row[] = [
    {
      key: 'basis',
      label: t('plan.compare.basis'),
      from: legalStatusText(from.legalStatus),
      to: legalStatusText(to.legalStatus),
    },
  ];
  // Parts are named as the plan numbers them (the ids the API keys them by mean nothing to a reader), as the
  // API's sentences below name them: by the place in the later version, one only the earlier version had by
  // its place there, with that version ("Schritt 1 der Fassung 1"). Rows in the order they appear.
  const parts = <T,>(before: T[], after: T[], key: (item: T) => string, word: 'goal' | 'step') => {
    const later = after.map(key);
    const earlier = before.map(key);
    return [...new Set([...earlier, ...later])].map((id) => {
      const now = later.indexOf(id);
      return {
        id,
        label:
          now >= 0
            ? t(`plan.compare.${word}`, { id: now + 1 })
            : t(`plan.compare.${word}Of`, { id: earlier.indexOf(id) + 1, version: from.version }),
        a: before.find((item) => key(item) === id),
        b: after.find((item) => key(item) === id),
      };
    });
  };
  for (const { id, label, a, b } of parts(list(from.goals), list(to.goals), (goal) => goal.goalId, 'goal'))
    rows.push({ key: `goal-${id}`, label, from: a && goalText(a), to: b && goalText(b) });
  for (const { id, label, a, b } of parts(list(from.steps), list(to.steps), (step) => step.stepId, 'step'))
    rows.push({ key: `step-${id}`, label, from: a && stepText(a), to: b && stepText(b) });
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
