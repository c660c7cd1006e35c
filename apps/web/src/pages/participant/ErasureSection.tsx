import { type FormEvent, useId, useRef, useState } from 'react';
import { Button, Checkbox, CheckboxGroup, Label, Radio, RadioGroup, Text } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { useParams } from 'react-router';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import type { Category } from '../../session/purposes';
import { ChoiceField } from '../cases/ChoiceField';
import { CATEGORIES } from '../consents/summary';
import { type MyErasureRequest, useMyErasureRequests, useRequestErasure } from './queries';

const GROUNDS = [
  'not_stated',
  'no_longer_necessary',
  'consent_withdrawn',
  'objection',
  'unlawfully_processed',
  'legal_obligation',
] as const;
type Ground = (typeof GROUNDS)[number];

/**
 * "Löschung beantragen" (Art. 17 DSGVO): the person's requests with their status, the decision and its
 * reason in plain words, the due date of the answer, the confirmation; and the form for a new request.
 */
export function ErasureSection() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('participantErasure.part'));
  const requests = useMyErasureRequests(id);
  const items = requests.data ?? [];
  const open = items.some((r) => r.status === 'open');
  // Announced here: once sent, the request is open and the form gives way to the note.
  const [announcement, setAnnouncement] = useState('');
  const status = useRef<HTMLParagraphElement>(null);
  const announce = (text: string) => {
    setAnnouncement(text);
    status.current?.focus();
  };
  return (
    <section aria-labelledby="me-erasure">
      <h2 id="me-erasure">{t('participantErasure.part')}</h2>
      <p>{t('participantErasure.intro')}</p>
      <p role="status" tabIndex={-1} ref={status}>
        {announcement}
      </p>
      {open ? (
        <p className="note">{t('participantErasure.form.openAlready')}</p>
      ) : (
        <ErasureForm caseId={id} onSent={announce} />
      )}
      <h3>{t('participantErasure.list.heading')}</h3>
      {requests.error ? <ProblemMessage error={requests.error} /> : null}
      {requests.isPending && !requests.error ? <p role="status">{t('app.loading')}</p> : null}
      {requests.data && items.length === 0 ? <p>{t('participantErasure.list.none')}</p> : null}
      {items.length > 0 ? (
        <ul className="me-list">
          {items.map((r) => (
            <li key={r.requestId}>
              <RequestCard request={r} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function ErasureForm({ caseId, onSent }: { caseId: string; onSent: (text: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const send = useRequestErasure(caseId);
  const [scope, setScope] = useState<'case' | 'some'>('case');
  const [categories, setCategories] = useState<Category[]>([]);
  const [ground, setGround] = useState<Ground>('not_stated');
  const [message, setMessage] = useState('');
  const status = useRef<HTMLParagraphElement>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (scope === 'some' && categories.length === 0) {
      setMessage(t('participantErasure.form.categoriesMissing'));
      status.current?.focus();
      return;
    }
    setMessage('');
    send.mutate(
      { scope: scope === 'case' ? 'case' : categories, ground },
      {
        onSuccess: ({ dueAt }) => onSent(t('participantErasure.form.sent', { date: format.date(dueAt) })),
      },
    );
  };
  return (
    <form onSubmit={submit} className="me-form" noValidate aria-labelledby="me-erasure-form">
      <h3 id="me-erasure-form">{t('participantErasure.form.heading')}</h3>
      <RadioGroup value={scope} onChange={(v) => setScope(v as 'case' | 'some')} className="field">
        <Label>{t('participantErasure.form.scope')}</Label>
        <Radio value="case">{t('participantErasure.form.scopeCase')}</Radio>
        <Radio value="some">{t('participantErasure.form.scopeSome')}</Radio>
      </RadioGroup>
      {scope === 'some' ? (
        <CheckboxGroup value={categories} onChange={(v) => setCategories(v as Category[])} className="field" isRequired>
          <Label>{t('participantErasure.form.categories')}</Label>
          {CATEGORIES.map((c) => (
            <Checkbox key={c} value={c}>
              {t(`category.${c}`)}
            </Checkbox>
          ))}
        </CheckboxGroup>
      ) : null}
      <ChoiceField<Ground>
        label={t('participantErasure.form.ground')}
        value={ground}
        options={GROUNDS.map((g) => ({ id: g, name: t(`participantErasure.grounds.${g}`) }))}
        onChange={setGround}
      />
      <Button type="submit">{t('participantErasure.form.send')}</Button>
      <p role="status" tabIndex={-1} ref={status}>
        {message}
      </p>
      {send.error ? <ProblemMessage error={send.error} /> : null}
    </form>
  );
}

function RequestCard({ request }: { request: MyErasureRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const scope =
    typeof request.scope === 'string'
      ? t('participantErasure.list.scopeCase')
      : t('participantErasure.list.scopeSome', {
          categories: request.scope.map((c) => t(`category.${c}`, { defaultValue: c })).join(', '),
        });
  return (
    <article aria-labelledby={headingId} className="me-card" data-erasure-request={request.requestId}>
      <h4 id={headingId}>{t('participantErasure.list.name', { date: format.dateTime(request.requestedAt) })}</h4>
      <p>{scope}</p>
      {request.channel === 'staff' ? <p className="muted">{t('participantErasure.list.byStaff')}</p> : null}
      <p>
        <strong>{t(`participantErasure.list.status.${request.status}`)}</strong>
      </p>
      {request.status === 'open' ? (
        <Text elementType="p">
          {request.overdue
            ? t('participantErasure.list.overdue', { date: format.date(request.dueAt) })
            : t('participantErasure.list.due', { date: format.date(request.dueAt) })}
        </Text>
      ) : null}
      {request.decision ? (
        <>
          <p>{t('participantErasure.list.decidedAt', { date: format.date(request.decision.decidedAt) })}</p>
          <p>
            {t('participantErasure.list.reason', {
              reason: t(`participantErasure.reasons.${request.decision.reason}`),
            })}
          </p>
          <p className="muted">{t('participantErasure.list.source', { source: request.decision.legalSource })}</p>
        </>
      ) : null}
      {request.executedAt ? (
        <p>{t('participantErasure.list.executedAt', { date: format.date(request.executedAt) })}</p>
      ) : null}
    </article>
  );
}
