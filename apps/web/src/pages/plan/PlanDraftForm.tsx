import { type FormEvent, useEffect, useRef, useState } from 'react';
import { schemaLimits } from '../../api/schema.gen';
import { Button } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import type { Schema } from '../../api/client';
import { NativeSelect } from '../../components/NativeSelect';
import { ProblemMessage } from '../../components/ProblemMessage';
import { type DraftBody, useDraftPlan } from './queries';
import { PARTICIPANT, responsibleFromWords, responsibleInWords } from './responsible';

type Goal = Schema<'PlanGoalDto'>;
type Step = Schema<'PlanStepDto'>;
const LIFE_AREAS: readonly Goal['lifeArea'][] = [
  'work',
  'health',
  'housing',
  'finances',
  'family',
  'social_participation',
  'mobility',
];

const nextId = (prefix: string, ids: readonly string[]) => {
  let n = ids.length + 1;
  while (ids.includes(`${prefix}${n}`)) n += 1;
  return `${prefix}${n}`;
};

/**
 * The whole plan as a new version: legal status, goals by life area, steps (what, who, by when, for
 * which goal), the person's words. Starts from the latest version (ids and categories kept, so the
 * diff matches parts across versions); a text keeps the category its author chose.
 */
export function PlanDraftForm({
  caseId,
  initial,
  onSaved,
  onCancel,
}: {
  caseId: string;
  initial: DraftBody;
  onSaved: (version: number) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const draft = useDraftPlan(caseId);
  const [legalStatus, setLegalStatus] = useState(initial.legalStatus);
  const [goals, setGoals] = useState<Goal[]>(initial.goals);
  const [steps, setSteps] = useState<Step[]>(initial.steps);
  const [words, setWords] = useState(initial.participantWords ?? '');
  const [incomplete, setIncomplete] = useState(false);
  // The form opens where the user works on it: its first field. A goal or step removed takes its button with it;
  // the focus goes to the button that adds one, not to the top of the page.
  const firstField = useRef<HTMLInputElement>(null);
  const addGoal = useRef<HTMLButtonElement>(null);
  const addStep = useRef<HTMLButtonElement>(null);
  useEffect(() => firstField.current?.focus(), []);
  const setGoal = (index: number, patch: Partial<Goal>) =>
    setGoals((all) => all.map((goal, i) => (i === index ? { ...goal, ...patch } : goal)));
  const setStep = (index: number, patch: Partial<Step>) =>
    setSteps((all) => all.map((step, i) => (i === index ? { ...step, ...patch } : step)));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const complete =
      legalStatus.basis.trim() &&
      goals.every((goal) => goal.text.trim()) &&
      steps.every((step) => step.action.trim() && step.responsible.trim() && step.dueDate);
    if (!complete) return setIncomplete(true);
    setIncomplete(false);
    draft.mutate(
      {
        legalStatus,
        goals,
        steps,
        participantWords: words.trim() ? words : null,
        ...(initial.participantWordsCategory ? { participantWordsCategory: initial.participantWordsCategory } : {}),
      },
      { onSuccess: (created) => onSaved(created.version) },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="plan-form" aria-labelledby="plan-draft-heading">
      <h3 id="plan-draft-heading">{t('plan.draft.heading')}</h3>
      <div className="field">
        <label htmlFor="plan-basis">{t('plan.draft.basis')}</label>
        <input
          id="plan-basis"
          ref={firstField}
          value={legalStatus.basis}
          onChange={(e) => setLegalStatus({ ...legalStatus, basis: e.target.value })}
        />
      </div>
      <label className="choice">
        <input
          type="checkbox"
          checked={legalStatus.binding}
          onChange={(e) => setLegalStatus({ ...legalStatus, binding: e.target.checked })}
        />
        {t('plan.draft.binding')}
      </label>
      <label className="choice">
        <input
          type="checkbox"
          checked={legalStatus.mediationAvailable}
          onChange={(e) => setLegalStatus({ ...legalStatus, mediationAvailable: e.target.checked })}
        />
        {t('plan.draft.mediationAvailable')}
      </label>
      {goals.map((goal, index) => (
        <fieldset key={goal.goalId}>
          <legend>{t('plan.draft.goalsLegend', { n: index + 1 })}</legend>
          <NativeSelect
            id={`goal-area-${goal.goalId}`}
            label={t('plan.draft.lifeArea')}
            value={goal.lifeArea}
            options={LIFE_AREAS.map((area) => ({ value: area, label: t(`plan.lifeAreas.${area}`) }))}
            onChange={(lifeArea) => setGoal(index, { lifeArea })}
          />
          <div className="field field-wide">
            <label htmlFor={`goal-text-${goal.goalId}`}>{t('plan.draft.goalText')}</label>
            <input
              id={`goal-text-${goal.goalId}`}
              value={goal.text}
              maxLength={schemaLimits.PlanGoalDto.text.maxLength}
              onChange={(e) => setGoal(index, { text: e.target.value })}
            />
          </div>
          <Button
            onPress={() => {
              addGoal.current?.focus();
              setGoals((all) => all.filter((_, i) => i !== index));
            }}
          >
            {t('plan.draft.removeGoal', { n: index + 1 })}
          </Button>
        </fieldset>
      ))}
      <Button
        ref={addGoal}
        onPress={() =>
          setGoals((all) => [
            ...all,
            {
              goalId: nextId(
                'g',
                all.map((g) => g.goalId),
              ),
              lifeArea: 'work',
              text: '',
            },
          ])
        }
      >
        {t('plan.draft.addGoal')}
      </Button>
      {steps.map((step, index) => (
        <fieldset key={step.stepId}>
          <legend>{t('plan.draft.stepsLegend', { n: index + 1 })}</legend>
          <div className="field field-wide">
            <label htmlFor={`step-action-${step.stepId}`}>{t('plan.draft.action')}</label>
            <input
              id={`step-action-${step.stepId}`}
              value={step.action}
              maxLength={schemaLimits.PlanStepDto.action.maxLength}
              onChange={(e) => setStep(index, { action: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor={`step-who-${step.stepId}`}>{t('plan.draft.responsible')}</label>
            <input
              id={`step-who-${step.stepId}`}
              value={responsibleInWords(step.responsible, t)}
              onChange={(e) => setStep(index, { responsible: responsibleFromWords(e.target.value, t) })}
            />
          </div>
          <div className="field">
            <label htmlFor={`step-due-${step.stepId}`}>{t('plan.draft.dueDate')}</label>
            <input
              id={`step-due-${step.stepId}`}
              type="date"
              value={step.dueDate}
              onChange={(e) => setStep(index, { dueDate: e.target.value })}
            />
          </div>
          <NativeSelect
            id={`step-goal-${step.stepId}`}
            label={t('plan.draft.forGoal')}
            value={step.goalId ?? ''}
            options={[
              { value: '', label: t('plan.draft.noGoal') },
              ...goals.map((goal, n) => ({
                value: goal.goalId,
                label: `${t('plan.draft.goalsLegend', { n: n + 1 })}: ${goal.text}`,
              })),
            ]}
            onChange={(goalId) => setStep(index, { goalId: goalId || null })}
          />
          <Button
            onPress={() => {
              addStep.current?.focus();
              setSteps((all) => all.filter((_, i) => i !== index));
            }}
          >
            {t('plan.draft.removeStep', { n: index + 1 })}
          </Button>
        </fieldset>
      ))}
      <Button
        ref={addStep}
        onPress={() =>
          setSteps((all) => [
            ...all,
            {
              stepId: nextId(
                's',
                all.map((s) => s.stepId),
              ),
              goalId: goals[0]?.goalId ?? null,
              action: '',
              responsible: PARTICIPANT,
              dueDate: '',
            },
          ])
        }
      >
        {t('plan.draft.addStep')}
      </Button>
      <div className="field">
        <label htmlFor="plan-words">{t('plan.draft.participantWords')}</label>
        <textarea
          id="plan-words"
          rows={3}
          value={words}
          maxLength={schemaLimits.DraftPlanVersionDto.participantWords.maxLength}
          onChange={(e) => setWords(e.target.value)}
        />
      </div>
      {incomplete ? (
        <p role="alert" className="field-error">
          {t('plan.draft.incomplete')}
        </p>
      ) : null}
      <div className="button-row">
        <Button type="submit">{t('plan.draft.save')}</Button>
        <Button onPress={onCancel}>{t('plan.draft.cancel')}</Button>
      </div>
      {draft.error ? <ProblemMessage error={draft.error} /> : null}
    </form>
  );
}
