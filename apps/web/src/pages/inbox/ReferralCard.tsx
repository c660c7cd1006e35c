import { type FormEvent, useId, useState } from 'react';
import { Button } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { Link } from 'react-router';
import type { Schema } from '../../api/client';
import { localToInstant, useDateTime } from '../../components/dateTime';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useAgencyName } from '../cases/queries';
import {
  type DeclineReason,
  useAcceptReferral,
  useCompleteReferral,
  useConfirmAppointment,
  useDeclineReferral,
  usePlanAppointment,
} from './queries';
import { listedName } from '../../components/listedName';

type Referral = Schema<'ReferralInboxItemDto'>;

const DECLINE_REASONS: readonly DeclineReason[] = [
  'no_capacity',
  'not_suitable',
  'outside_area',
  'participant_unreachable',
  'other',
];

/**
 * One referral in the partner's inbox, as an article named by its sender and date, with the steps the
 * partner may take from its status: accept or decline (with a reason) from sent; plan the first
 * appointment and confirm it as held while accepted; complete with the attestation after it.
 * Each outcome goes to `onDone`, which the page announces (the card may leave the inbox).
 */
export function ReferralCard({ referral, onDone }: { referral: Referral; onDone: (message: string) => void }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const agencyName = useAgencyName();
  const headingId = useId();
  const ref = { caseId: referral.caseId, referralId: referral.id };
  const agency = agencyName(referral.referredBy.agencyId);
  return (
    <article className="referral-card" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('inbox.referralHeading', { agency, date: dateTime(referral.sentAt) })}</h2>
      <dl className="facts">
        {/* Only where the caller may read the participant's identity (the API leaves it out otherwise). */}
        {referral.participant ? (
          <>
            <dt>{t('inbox.participant')}</dt>
            <dd>
              {'erased' in referral.participant ? t('inbox.participantErased') : listedName(referral.participant)}
            </dd>
          </>
        ) : null}
        <dt>{t('inbox.status')}</dt>
        <dd>{t(`inbox.steps.${referral.status}`)}</dd>
        <dt>{t('inbox.purpose')}</dt>
        <dd>{t(`purpose.${referral.purpose}`)}</dd>
        <dt>{t('inbox.shared')}</dt>
        <dd>{referral.sharedCategories.map((c) => t(`category.${c}`)).join(', ')}</dd>
        <dt>{t('inbox.reason')}</dt>
        <dd>{typeof referral.reason === 'string' ? referral.reason : t('inbox.reasonErased')}</dd>
        {referral.plannedAppointmentAt ? (
          <>
            <dt>{t('inbox.planned')}</dt>
            <dd>{dateTime(referral.plannedAppointmentAt)}</dd>
          </>
        ) : null}
        {referral.firstAppointmentAt ? (
          <>
            <dt>{t('inbox.held')}</dt>
            <dd>{dateTime(referral.firstAppointmentAt)}</dd>
          </>
        ) : null}
        {referral.waitingDays !== null ? (
          <>
            <dt>{t('inbox.waitingDays')}</dt>
            <dd>{t('inbox.days', { count: referral.waitingDays })}</dd>
          </>
        ) : null}
      </dl>
      <p>
        <Link to={`/cases/${referral.caseId}`}>{t('inbox.openCase')}</Link>
      </p>
      {referral.status === 'sent' ? <SentActions refId={ref} onDone={onDone} /> : null}
      {referral.status === 'accepted' ? (
        <>
          <PlanAppointment refId={ref} planned={referral.plannedAppointmentAt} onDone={onDone} />
          <ConfirmAppointment refId={ref} planned={referral.plannedAppointmentAt} onDone={onDone} />
        </>
      ) : null}
      {referral.status === 'first_appointment' ? <Complete refId={ref} onDone={onDone} /> : null}
    </article>
  );
}

interface StepProps {
  readonly refId: { caseId: string; referralId: string };
  readonly onDone: (message: string) => void;
}

function SentActions({ refId, onDone }: StepProps) {
  const { t } = useTranslation();
  const accept = useAcceptReferral();
  const decline = useDeclineReferral();
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState<DeclineReason | ''>('');
  const [missingReason, setMissingReason] = useState(false);
  const errorId = useId();
  const submitDecline = (event: FormEvent) => {
    event.preventDefault();
    if (!reason) {
      setMissingReason(true);
      return;
    }
    setMissingReason(false);
    decline.mutate({ ...refId, reason }, { onSuccess: () => onDone(t('inbox.declined')) });
  };
  return (
    <div className="actions">
      <div className="button-row">
        <Button onPress={() => accept.mutate(refId, { onSuccess: () => onDone(t('inbox.accepted')) })}>
          {t('inbox.accept')}
        </Button>
        <Button aria-expanded={declining} onPress={() => setDeclining((open) => !open)}>
          {t('inbox.decline')}
        </Button>
      </div>
      {accept.error ? <ProblemMessage error={accept.error} /> : null}
      {declining ? (
        <form onSubmit={submitDecline} noValidate>
          <fieldset aria-describedby={missingReason ? errorId : undefined} aria-invalid={missingReason || undefined}>
            <legend>{t('inbox.declineReason')}</legend>
            {DECLINE_REASONS.map((value) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name={`decline-${refId.referralId}`}
                  value={value}
                  checked={reason === value}
                  onChange={() => setReason(value)}
                />
                {t(`inbox.declineReasons.${value}`)}
              </label>
            ))}
          </fieldset>
          {missingReason ? (
            <p id={errorId} role="alert" className="field-error">
              {t('inbox.declineNeedsReason')}
            </p>
          ) : null}
          <div className="button-row">
            <Button type="submit">{t('inbox.declineSend')}</Button>
            <Button onPress={() => setDeclining(false)}>{t('inbox.cancel')}</Button>
          </div>
          {decline.error ? <ProblemMessage error={decline.error} /> : null}
        </form>
      ) : null}
    </div>
  );
}

function PlanAppointment({ refId, planned, onDone }: StepProps & { planned: string | null }) {
  const { t } = useTranslation();
  const plan = usePlanAppointment();
  const [at, setAt] = useState('');
  const [reason, setReason] = useState<'missed' | 'moved' | ''>('');
  const [problem, setProblem] = useState('');
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    plan.reset();
    if (!at) return setProblem(t('inbox.planNeedsTime'));
    if (planned && !reason) return setProblem(t('inbox.planNeedsReason'));
    setProblem('');
    plan.mutate(
      { ...refId, body: { appointmentAt: localToInstant(at), ...(planned && reason ? { reason } : {}) } },
      { onSuccess: () => onDone(t('inbox.plannedDone')) },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="step-form" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('inbox.planHeading')}</h3>
      <div className="field">
        <label htmlFor={`${id}-at`}>{t('inbox.planAt')}</label>
        <input id={`${id}-at`} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
      </div>
      {planned ? (
        <fieldset>
          <legend>{t('inbox.planAgainReason')}</legend>
          {(['missed', 'moved'] as const).map((value) => (
            <label key={value} className="choice">
              <input
                type="radio"
                name={`plan-${refId.referralId}`}
                checked={reason === value}
                onChange={() => setReason(value)}
              />
              {t(`inbox.planReasons.${value}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
      {problem ? (
        <p role="alert" className="field-error">
          {problem}
        </p>
      ) : null}
      <Button type="submit">{t('inbox.planSend')}</Button>
      {plan.error ? <ProblemMessage error={plan.error} /> : null}
    </form>
  );
}

function ConfirmAppointment({ refId, planned, onDone }: StepProps & { planned: string | null }) {
  const { t } = useTranslation();
  const dateTime = useDateTime();
  const confirm = useConfirmAppointment();
  const [at, setAt] = useState('');
  const [problem, setProblem] = useState('');
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    // A new try replaces what the last one was told.
    confirm.reset();
    if (!at && !planned) return setProblem(t('inbox.confirmNeedsTime'));
    // The API takes only an appointment that took place (400 REFERRAL.INVALID otherwise): said here, in words.
    const held = at ? localToInstant(at) : planned;
    if (held && Date.parse(held) > Date.now()) return setProblem(t('inbox.confirmInFuture', { at: dateTime(held) }));
    setProblem('');
    confirm.mutate(
      { ...refId, body: at ? { appointmentAt: localToInstant(at) } : {} },
      { onSuccess: () => onDone(t('inbox.confirmed')) },
    );
  };
  return (
    <form onSubmit={submit} noValidate className="step-form" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('inbox.confirmHeading')}</h3>
      <div className="field">
        <label htmlFor={`${id}-at`}>{planned ? t('inbox.confirmAt') : t('inbox.confirmAtRequired')}</label>
        <input id={`${id}-at`} type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
      </div>
      {problem ? (
        <p role="alert" className="field-error">
          {problem}
        </p>
      ) : null}
      <Button type="submit">{t('inbox.confirmSend')}</Button>
      {confirm.error ? <ProblemMessage error={confirm.error} /> : null}
    </form>
  );
}

function Complete({ refId, onDone }: StepProps) {
  const { t } = useTranslation();
  const complete = useCompleteReferral();
  const [attended, setAttended] = useState(false);
  const [goalReached, setGoalReached] = useState(false);
  const id = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    complete.mutate({ ...refId, body: { attended, goalReached } }, { onSuccess: () => onDone(t('inbox.completed')) });
  };
  return (
    <form onSubmit={submit} className="step-form" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>{t('inbox.completeHeading')}</h3>
      <label className="choice">
        <input type="checkbox" checked={attended} onChange={(e) => setAttended(e.target.checked)} />
        {t('inbox.attended')}
      </label>
      <label className="choice">
        <input type="checkbox" checked={goalReached} onChange={(e) => setGoalReached(e.target.checked)} />
        {t('inbox.goalReached')}
      </label>
      <Button type="submit">{t('inbox.completeSend')}</Button>
      {complete.error ? <ProblemMessage error={complete.error} /> : null}
    </form>
  );
}
