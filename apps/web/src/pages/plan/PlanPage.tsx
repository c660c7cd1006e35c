import { type FormEvent, useEffect, useRef, useState } from 'react';
import { schemaLimits } from '../../api/schema.gen';
import { Button } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { useParams } from 'react-router';
import { useCase } from '../cases/queries';
import { WithheldTab } from '../cases/WithheldTab';
import type { Schema } from '../../api/client';
import { useDateTime } from '../../components/dateTime';
import { NativeSelect } from '../../components/NativeSelect';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import { addTexts } from '../../i18n/texts';
import { PlanDraftForm } from './PlanDraftForm';
import { PlanVersionsDiff } from './PlanVersionsDiff';
import {
  type DraftBody,
  useAgreePlan,
  useCompleteStep,
  useConcludeMediation,
  useDisputePlan,
  usePlan,
  usePlanDiff,
  usePlanVersion,
  useRequestMediation,
} from './queries';
import { erasedItemInWords, responsibleInWords } from './responsible';
import { planTexts } from './texts';
import './plan.css';

addTexts('plan', planTexts);

type PlanView = Schema<'PlanViewDto'>;
type Latest = Schema<'LatestPlanVersionDto'>;

const arr = <T,>(value: T[] | { erased: true }): T[] => (Array.isArray(value) ? value : []);
/** A goal or step of an erased data category (issue 17): its id and category, no content. */
const isErasedItem = <T extends object>(item: T): item is Extract<T, { erased: true }> =>
  (item as { erased?: unknown }).erased === true;
const present = <T extends object>(items: T[]): Exclude<T, { erased: true }>[] =>
  items.filter((item): item is Exclude<T, { erased: true }> => !isErasedItem(item));

/** The cooperation plan of a case (a tab of the case page, so it starts with an <h2>). */
export function PlanPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('plan.title'));
  return (
    <section aria-labelledby="plan-heading">
      <h2 id="plan-heading">{t('plan.title')}</h2>
      <WithheldTab caseId={id} category="plan">
        <Plan caseId={id} />
      </WithheldTab>
    </section>
  );
}

function Plan({ caseId: id }: { caseId: string }) {
  const { t } = useTranslation();
  const plan = usePlan(id);
  // Drafting, agreeing, disputing, mediation and completed steps only for a reader the API says may record the
  // plan (a partner or a supervising team lead reads it; the API would refuse the forms).
  const mayRecord = useCase(id).data?.access.recordable.includes('plan') ?? false;
  const [announcement, setAnnouncement] = useState('');
  const [drafting, setDrafting] = useState(false);
  // Closing the draft (saved or cancelled) takes the focus back to the button that opened it.
  const openDraft = useRef<HTMLButtonElement>(null);
  const [closed, setClosed] = useState(false);
  useEffect(() => {
    if (!closed || drafting) return;
    openDraft.current?.focus();
    setClosed(false);
  }, [closed, drafting]);
  const closeDraft = () => {
    setDrafting(false);
    setClosed(true);
  };
  return (
    <>
      <p role="status" className="announcement">
        {announcement}
      </p>
      {plan.error ? <ProblemMessage error={plan.error} /> : null}
      {plan.isPending && !plan.error ? <p role="status">{t('plan.loading')}</p> : null}
      {plan.data ? (
        <>
          <p>{t('plan.status', { status: t(`plan.statuses.${plan.data.status}`) })}</p>
          {plan.data.agreedVersion ? <p>{t('plan.agreedVersion', { version: plan.data.agreedVersion })}</p> : null}
          {plan.data.latest ? (
            <LatestVersion plan={plan.data} latest={plan.data.latest} mayRecord={mayRecord} onDone={setAnnouncement} />
          ) : null}
          {!mayRecord ? (
            <p>{t('plan.readOnly')}</p>
          ) : drafting ? (
            <PlanDraftForm
              caseId={id}
              initial={initialDraft(plan.data.latest)}
              onCancel={closeDraft}
              onSaved={(version) => {
                closeDraft();
                setAnnouncement(t('plan.draft.saved', { version }));
              }}
            />
          ) : plan.data.latest && plan.data.latest.withheldTexts > 0 ? (
            <p>{t('plan.draft.blockedWithheld')}</p>
          ) : (
            <div className="plan-open-draft">
              <Button ref={openDraft} onPress={() => setDrafting(true)}>
                {plan.data.latest ? t('plan.draft.open') : t('plan.draft.first')}
              </Button>
            </div>
          )}
          {plan.data.latest && mayRecord ? (
            <PlanActions plan={plan.data} latest={plan.data.latest} onDone={setAnnouncement} />
          ) : null}
          <History plan={plan.data} />
          {plan.data.versions.length > 0 ? <Compare caseId={id} plan={plan.data} /> : null}
        </>
      ) : null}
    </>
  );
}

function initialDraft(latest: Latest | null): DraftBody {
  if (!latest) {
    return {
      legalStatus: { basis: '§ 15 SGB II', binding: false, mediationAvailable: true },
      goals: [{ goalId: 'g1', lifeArea: 'work', text: '' }],
      steps: [],
      participantWords: null,
    };
  }
  return {
    legalStatus: latest.legalStatus,
    // An erased goal or step has no text to draft again: the next version leaves it out.
    goals: present(arr(latest.goals)).map(({ goalId, lifeArea, text, category }) => ({
      goalId,
      lifeArea,
      text,
      category,
    })),
    steps: present(arr(latest.steps)).map(({ stepId, goalId, action, responsible, dueDate, category }) => ({
      stepId,
      goalId,
      action,
      responsible,
      dueDate,
      category,
    })),
    participantWords: typeof latest.participantWords === 'string' ? latest.participantWords : null,
    ...(latest.participantWordsCategory ? { participantWordsCategory: latest.participantWordsCategory } : {}),
  };
}

function LatestVersion({
  plan,
  latest,
  mayRecord,
  onDone,
}: {
  plan: PlanView;
  latest: Latest;
  mayRecord: boolean;
  onDone: (m: string) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const dateTime = useDateTime();
  const { id = '' } = useParams();
  const completeStep = useCompleteStep(id);
  const erased = !Array.isArray(latest.goals);
  const goals = arr(latest.goals);
  const steps = arr(latest.steps);
  const mayComplete = plan.agreedVersion === latest.version && plan.status === 'agreed' && mayRecord;
  /** The goal a step serves, by its number in the list above. */
  const goalOf = (goalId: string | null): string => {
    const n = goals.findIndex((goal) => goal.goalId === goalId);
    return n < 0 ? t('plan.draft.noGoal') : t('plan.draft.goalsLegend', { n: n + 1 });
  };
  return (
    <section aria-labelledby="plan-latest">
      <h3 id="plan-latest">{t('plan.latest', { version: latest.version })}</h3>
      <p>
        {t('plan.draftedBy', { by: latest.draftedBy, date: dateTime(latest.draftedAt) })}
        {latest.agreement
          ? ` · ${t('plan.agreement', { date: dateTime(latest.agreement.agreedAt), form: t(`plan.agree.forms.${latest.agreement.form}`, latest.agreement.form) })}`
          : ''}
      </p>
      <p>
        {t('plan.legalBasis', { basis: latest.legalStatus.basis })} ·{' '}
        {latest.legalStatus.binding ? t('plan.binding') : t('plan.notBinding')} ·{' '}
        {latest.legalStatus.mediationAvailable ? t('plan.mediationAvailable') : t('plan.mediationNotAvailable')}
      </p>
      {erased ? <p>{t('plan.erased')}</p> : null}
      {latest.withheldTexts > 0 ? (
        <p className="withheld">{t('plan.withheld', { count: latest.withheldTexts })}</p>
      ) : null}
      <h4>{t('plan.goals')}</h4>
      {/* Numbered: the steps below name the goal they serve by its number. */}
      <ol>
        {goals.map((goal) => (
          <li key={goal.goalId}>
            {isErasedItem(goal)
              ? erasedItemInWords(goal.category, t)
              : `${t(`plan.lifeAreas.${goal.lifeArea}`)}: ${goal.text}`}
          </li>
        ))}
      </ol>
      {steps.length > 0 ? (
        <table className="data-table">
          <caption>{t('plan.steps')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('plan.step.number')}</th>
              <th scope="col">{t('plan.step.action')}</th>
              <th scope="col">{t('plan.step.goal')}</th>
              <th scope="col">{t('plan.step.responsible')}</th>
              <th scope="col">{t('plan.step.due')}</th>
              <th scope="col">{t('plan.step.state')}</th>
            </tr>
          </thead>
          <tbody>
            {steps.map((step, index) => (
              <tr key={step.stepId}>
                {/* Numbered as the plan comparison's sentences name steps ("Schritt 2"). */}
                <th scope="row">{t('plan.compare.step', { id: index + 1 })}</th>
                <td>{isErasedItem(step) ? erasedItemInWords(step.category, t) : step.action}</td>
                <td>{isErasedItem(step) ? '' : goalOf(step.goalId)}</td>
                <td>{isErasedItem(step) ? '' : responsibleInWords(step.responsible, t)}</td>
                <td>{format.day(step.dueDate)}</td>
                <td>
                  {step.completed && step.completedAt
                    ? t('plan.step.done', { date: format.date(step.completedAt) })
                    : step.overdue
                      ? t('plan.step.overdue')
                      : t('plan.step.open')}
                  {!step.completed && mayComplete ? (
                    <>
                      {' '}
                      <Button
                        onPress={() =>
                          completeStep.mutate(step.stepId, { onSuccess: () => onDone(t('plan.step.completed')) })
                        }
                      >
                        {t('plan.step.complete', {
                          action: isErasedItem(step) ? erasedItemInWords(step.category, t) : step.action,
                        })}
                      </Button>
                    </>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {completeStep.error ? <ProblemMessage error={completeStep.error} /> : null}
      {typeof latest.participantWords === 'string' && latest.participantWords ? (
        <>
          <h4>{t('plan.participantWords')}</h4>
          <blockquote>{latest.participantWords}</blockquote>
        </>
      ) : null}
    </section>
  );
}

const FORMS = ['written', 'electronic', 'verbal'] as const;
const OUTCOMES = ['agreement_reached', 'no_agreement', 'withdrawn'] as const;

/** Agreement, dispute and mediation, offered as the plan's status allows. */
function PlanActions({ plan, latest, onDone }: { plan: PlanView; latest: Latest; onDone: (m: string) => void }) {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const agree = useAgreePlan(id);
  const dispute = useDisputePlan(id);
  const request = useRequestMediation(id);
  const conclude = useConcludeMediation(id);
  const [form, setForm] = useState<(typeof FORMS)[number]>('written');
  const [reason, setReason] = useState('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [outcome, setOutcome] = useState<(typeof OUTCOMES)[number] | ''>('');
  const [outcomeMissing, setOutcomeMissing] = useState(false);
  const canAgree = plan.status === 'draft' || plan.status === 'mediation_concluded' || plan.status === 'disputed';
  const canDispute = plan.status === 'draft' || plan.status === 'agreed' || plan.status === 'mediation_concluded';
  const submitAgree = (event: FormEvent) => {
    event.preventDefault();
    agree.mutate({ version: latest.version, form }, { onSuccess: () => onDone(t('plan.agree.done')) });
  };
  const submitDispute = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setReasonMissing(true);
    setReasonMissing(false);
    dispute.mutate(
      { version: latest.version, reason },
      {
        onSuccess: () => {
          setReason('');
          onDone(t('plan.dispute.done'));
        },
      },
    );
  };
  const submitConclusion = (event: FormEvent) => {
    event.preventDefault();
    if (!outcome) return setOutcomeMissing(true);
    setOutcomeMissing(false);
    conclude.mutate({ outcome }, { onSuccess: () => onDone(t('plan.mediation.concluded')) });
  };
  return (
    <div className="plan-actions">
      {canAgree ? (
        <form onSubmit={submitAgree} className="plan-form" aria-labelledby="plan-agree">
          <h3 id="plan-agree">{t('plan.agree.heading')}</h3>
          <fieldset>
            <legend>{t('plan.agree.form')}</legend>
            {FORMS.map((value) => (
              <label key={value} className="choice">
                <input type="radio" name="plan-agree-form" checked={form === value} onChange={() => setForm(value)} />
                {t(`plan.agree.forms.${value}`)}
              </label>
            ))}
          </fieldset>
          <Button type="submit">{t('plan.agree.send', { version: latest.version })}</Button>
          {agree.error ? <ProblemMessage error={agree.error} /> : null}
        </form>
      ) : null}
      {canDispute ? (
        <form onSubmit={submitDispute} noValidate className="plan-form" aria-labelledby="plan-dispute">
          <h3 id="plan-dispute">{t('plan.dispute.heading')}</h3>
          <div className="field">
            <label htmlFor="plan-dispute-reason">{t('plan.dispute.reason')}</label>
            <textarea
              id="plan-dispute-reason"
              rows={3}
              value={reason}
              maxLength={schemaLimits.PlanDisputeDto.reason.maxLength}
              aria-invalid={reasonMissing || undefined}
              onChange={(e) => setReason(e.target.value)}
            />
          </div>
          {reasonMissing ? (
            <p role="alert" className="field-error">
              {t('plan.dispute.needsReason')}
            </p>
          ) : null}
          <Button type="submit">{t('plan.dispute.send', { version: latest.version })}</Button>
          {dispute.error ? <ProblemMessage error={dispute.error} /> : null}
        </form>
      ) : null}
      {plan.status === 'disputed' && latest.legalStatus.mediationAvailable ? (
        <section aria-labelledby="plan-mediation" className="plan-form">
          <h3 id="plan-mediation">{t('plan.mediation.heading')}</h3>
          <Button onPress={() => request.mutate(undefined, { onSuccess: () => onDone(t('plan.mediation.requested')) })}>
            {t('plan.mediation.request')}
          </Button>
          {request.error ? <ProblemMessage error={request.error} /> : null}
        </section>
      ) : null}
      {plan.status === 'mediation_requested' ? (
        <form onSubmit={submitConclusion} noValidate className="plan-form" aria-labelledby="plan-mediation">
          <h3 id="plan-mediation">{t('plan.mediation.heading')}</h3>
          <fieldset>
            <legend>{t('plan.mediation.outcome')}</legend>
            {OUTCOMES.map((value) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name="plan-mediation-outcome"
                  checked={outcome === value}
                  onChange={() => setOutcome(value)}
                />
                {t(`plan.mediation.outcomes.${value}`)}
              </label>
            ))}
          </fieldset>
          {outcomeMissing ? (
            <p role="alert" className="field-error">
              {t('plan.mediation.needsOutcome')}
            </p>
          ) : null}
          <Button type="submit">{t('plan.mediation.conclude')}</Button>
          {conclude.error ? <ProblemMessage error={conclude.error} /> : null}
        </form>
      ) : null}
    </div>
  );
}

function History({ plan }: { plan: PlanView }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  return (
    <>
      {plan.versions.length > 0 ? (
        <section aria-labelledby="plan-versions">
          <h3 id="plan-versions">{t('plan.versions')}</h3>
          <ul>
            {plan.versions.map((v) => (
              <li key={v.version}>
                {t('plan.versionItem', { version: v.version, date: dateTime(v.draftedAt), by: v.draftedBy })}
                {v.agreedAt && v.form
                  ? ` · ${t('plan.versionAgreed', { form: t(`plan.agree.forms.${v.form}`, v.form) })}`
                  : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {plan.disputes.length > 0 ? (
        <section aria-labelledby="plan-disputes">
          <h3 id="plan-disputes">{t('plan.disputes')}</h3>
          <ul>
            {plan.disputes.map((d) => (
              <li key={`${d.version}-${d.disputedAt}`}>
                {t('plan.disputeItem', { version: d.version, date: dateTime(d.disputedAt), by: d.disputedBy })}
                {typeof d.reason === 'string' ? `: ${d.reason}` : ''}
                {d.mediation ? ` · ${t('plan.disputeMediation', { date: dateTime(d.mediation.requestedAt) })}` : ''}
                {d.mediation?.outcome
                  ? ` · ${t('plan.disputeOutcome', { outcome: t(`plan.mediation.outcomes.${d.mediation.outcome}`, d.mediation.outcome) })}`
                  : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}

/** Two versions chosen, side by side with the word diff, and the API's changes in sentences. */
function Compare({ caseId, plan }: { caseId: string; plan: PlanView }) {
  const { t } = useTranslation();
  const numbers = plan.versions.map((v) => v.version).sort((a, b) => a - b);
  const last = numbers[numbers.length - 1];
  // Until the user chooses, the last two versions (following a version drafted meanwhile).
  const [chosenFrom, setFrom] = useState<number>();
  const [chosenTo, setTo] = useState<number>();
  const from = chosenFrom ?? (numbers.length > 1 ? numbers[numbers.length - 2] : undefined);
  const to = chosenTo ?? last;
  const ordered = from !== undefined && to !== undefined && from < to;
  const a = usePlanVersion(caseId, ordered ? from : undefined);
  const b = usePlanVersion(caseId, ordered ? to : undefined);
  const diff = usePlanDiff(caseId, ordered ? from : undefined, ordered ? to : undefined);
  const versionOptions = numbers.map((n) => ({ value: String(n), label: t('plan.compare.option', { version: n }) }));
  return (
    <section aria-labelledby="plan-compare">
      <h3 id="plan-compare">{t('plan.compare.heading')}</h3>
      {numbers.length < 2 ? (
        <p>{t('plan.compare.needTwo')}</p>
      ) : (
        <>
          <div className="filters">
            <NativeSelect
              id="plan-compare-from"
              label={t('plan.compare.from')}
              value={String(from ?? '')}
              options={versionOptions}
              onChange={(chosen) => setFrom(Number(chosen))}
            />
            <NativeSelect
              id="plan-compare-to"
              label={t('plan.compare.to')}
              value={String(to ?? '')}
              options={versionOptions}
              onChange={(chosen) => setTo(Number(chosen))}
            />
          </div>
          {!ordered ? <p role="status">{t('plan.compare.order')}</p> : null}
          {a.error ? <ProblemMessage error={a.error} /> : null}
          {b.error ? <ProblemMessage error={b.error} /> : null}
          {ordered && a.data && b.data ? <PlanVersionsDiff from={a.data} to={b.data} /> : null}
          {ordered && diff.data?.lines && diff.data.lines.length > 0 ? (
            <>
              <h4>{t('plan.compare.sentences')}</h4>
              <ul>
                {diff.data.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </>
          ) : null}
          {diff.error ? <ProblemMessage error={diff.error} /> : null}
        </>
      )}
    </section>
  );
}
