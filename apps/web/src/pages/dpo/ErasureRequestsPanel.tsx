import { type FormEvent, useId, useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { ProblemMessage } from '../../components/ProblemMessage';
import { ChoiceField } from '../cases/ChoiceField';
import { type ErasureDecisionBody, useDecideErasureRequest, useDpoErasureRequests } from './queries';

type Request = NonNullable<ReturnType<typeof useDpoErasureRequests>['data']>[number];
type Decision = ErasureDecisionBody['decision'];
type Reason = ErasureDecisionBody['reason'];

const REASONS: Record<Decision, readonly Reason[]> = {
  granted: ['no_longer_necessary', 'consent_withdrawn', 'objection_upheld', 'unlawfully_processed', 'legal_obligation'],
  refused_retention_duty: ['retention_duty'],
  restricted_instead: ['retention_duty', 'would_harm_interests'],
};
/** The classes of docs/retention.md; the API refuses one of another legal domain than the case's. */
const RETENTION_CLASSES = [
  'sgb2-file',
  'sgb2-sensitive',
  'sgb8-file',
  'health-record',
  'rehab-file',
  'rehab-medical',
  'general-file',
] as const;

/** "Löschanträge": the open requests for erasure, earliest due first, each with its decision form. */
export function ErasureRequestsPanel() {
  const { t } = useTranslation();
  const requests = useDpoErasureRequests();
  const [announcement, setAnnouncement] = useState('');
  const status = useRef<HTMLParagraphElement>(null);
  const items = requests.data ?? [];
  return (
    <section aria-labelledby="dpo-erasure">
      <h2 id="dpo-erasure">{t('dpoErasure.heading')}</h2>
      <p>{t('dpoErasure.intro')}</p>
      <p role="status" tabIndex={-1} ref={status}>
        {announcement}
      </p>
      {requests.error ? <ProblemMessage error={requests.error} /> : null}
      {requests.isPending && !requests.error ? <p role="status">{t('app.loading')}</p> : null}
      {requests.data && items.length === 0 ? <p>{t('dpoErasure.none')}</p> : null}
      <ul className="question-list">
        {items.map((r) => (
          <li key={r.requestId}>
            <RequestItem
              request={r}
              onDecided={() => {
                setAnnouncement(t('dpoErasure.decided'));
                status.current?.focus();
              }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function RequestItem({ request, onDecided }: { request: Request; onDecided: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const scope =
    typeof request.scope === 'string'
      ? t('dpoErasure.scopeCase')
      : t('dpoErasure.scopeSome', {
          categories: request.scope.map((c) => t(`category.${c}`, { defaultValue: c })).join(', '),
        });
  return (
    <article aria-labelledby={headingId} className="panel" data-erasure-request={request.requestId}>
      <h3 id={headingId}>{t('dpoErasure.name', { date: format.dateTime(request.requestedAt) })}</h3>
      <p>
        <code className="case-ref">{request.caseId}</code> · {t(`dpoErasure.channel.${request.channel}`)}
      </p>
      <p>{scope}</p>
      <p>{t('dpoErasure.ground', { ground: t(`dpoErasure.grounds.${request.ground}`) })}</p>
      <p>
        <strong>
          {request.overdue
            ? t('dpoErasure.overdue', { date: format.date(request.dueAt) })
            : t('dpoErasure.due', { date: format.date(request.dueAt) })}
        </strong>
      </p>
      {request.status === 'granted' ? (
        <p>{t('dpoErasure.pending')}</p>
      ) : (
        <DecisionForm caseId={request.caseId} requestId={request.requestId} onDecided={onDecided} />
      )}
    </article>
  );
}

function DecisionForm({ caseId, requestId, onDecided }: { caseId: string; requestId: string; onDecided: () => void }) {
  const { t } = useTranslation();
  const decide = useDecideErasureRequest();
  const [decision, setDecision] = useState<Decision>('refused_retention_duty');
  const [reason, setReason] = useState<Reason>('retention_duty');
  const [retention, setRetention] = useState<(typeof RETENTION_CLASSES)[number] | null>(null);
  const [message, setMessage] = useState('');
  const reasons = REASONS[decision];
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (reason === 'retention_duty' && !retention) {
      setMessage(t('dpoErasure.retentionMissing'));
      return;
    }
    setMessage('');
    decide.mutate(
      {
        caseId,
        requestId,
        body: { decision, reason, ...(reason === 'retention_duty' ? { retentionClass: retention } : {}) },
      },
      { onSuccess: onDecided },
    );
  };
  return (
    <form onSubmit={submit} className="stack wide" noValidate>
      <ChoiceField<Decision>
        label={t('dpoErasure.decision')}
        value={decision}
        options={(Object.keys(REASONS) as Decision[]).map((d) => ({ id: d, name: t(`dpoErasure.decisions.${d}`) }))}
        onChange={(d) => {
          setDecision(d);
          setReason(REASONS[d][0] as Reason);
        }}
      />
      <ChoiceField<Reason>
        label={t('dpoErasure.reason')}
        value={reason}
        options={reasons.map((r) => ({ id: r, name: t(`dpoErasure.reasons.${r}`) }))}
        onChange={setReason}
      />
      {reason === 'retention_duty' ? (
        <ChoiceField<(typeof RETENTION_CLASSES)[number]>
          label={t('dpoErasure.retention')}
          value={retention}
          options={RETENTION_CLASSES.map((c) => ({ id: c, name: t(`dpoErasure.classes.${c}`) }))}
          onChange={setRetention}
          isRequired
        />
      ) : null}
      <Button type="submit">{t('dpoErasure.decide')}</Button>
      <p role="status">{message}</p>
      {decide.error ? <ProblemMessage error={decide.error} /> : null}
    </form>
  );
}
