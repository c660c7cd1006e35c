import { type FormEvent, useId, useState } from 'react';
import { Button, Input, Label, TextField } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { ProblemMessage } from '../../components/ProblemMessage';
import { addTexts } from '../../i18n/texts';
import { ChoiceField } from '../cases/ChoiceField';
import { UUID } from './common';
import {
  type ArchiveAnswer,
  type HoldReason,
  useArchiveAnswer,
  useRetentionDue,
  useRetentionHold,
} from './retention-queries';
import { retentionTexts } from './retention-texts';

addTexts('retention', retentionTexts);

const WITHIN = ['P30D', 'P90D', 'P1Y', 'P10Y'] as const;
type Within = (typeof WITHIN)[number];
const REASONS: readonly HoldReason[] = ['litigation', 'ongoing_claim', 'archive_review', 'other'];
const ANSWERS: readonly ArchiveAnswer[] = ['declined', 'taken'];

/**
 * "Aufbewahrung": the dry run of the daily retention run (case numbers only), the hold and the
 * archive's answer. Asks for nothing while the tab is not shown: every read is logged.
 */
export function RetentionPanel({ active = true }: { active?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [within, setWithin] = useState<Within>('P30D');
  const due = useRetentionDue(within, active);
  const items = due.data?.items ?? [];
  return (
    <section aria-labelledby="dpo-retention">
      <h2 id="dpo-retention">{t('retention.heading')}</h2>
      <p>{t('retention.intro')}</p>
      <ChoiceField<Within>
        label={t('retention.within')}
        value={within}
        options={WITHIN.map((w) => ({ id: w, name: t(`retention.withinOptions.${w}`) }))}
        onChange={setWithin}
      />
      {due.error ? <ProblemMessage error={due.error} /> : null}
      {due.isPending && active && !due.error ? <p role="status">{t('app.loading')}</p> : null}
      {due.data && items.length === 0 ? <p>{t('retention.none')}</p> : null}
      {items.length > 0 ? (
        <div className="table-scroll" role="region" aria-label={t('retention.caption')} tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">{t('retention.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('retention.case')}</th>
                <th scope="col">{t('retention.retentionClass')}</th>
                <th scope="col">{t('retention.nextStep')}</th>
                <th scope="col">{t('retention.dueAt')}</th>
                <th scope="col">{t('retention.held')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={`${item.caseId}/${item.retentionClass}`} data-case={item.caseId}>
                  <th scope="row">
                    <code className="case-ref">{item.caseId}</code>
                  </th>
                  <td>{item.retentionClass}</td>
                  <td>{t(`retention.steps.${item.nextStep}`)}</td>
                  <td>{item.dueAt ? format.date(item.dueAt) : t('retention.undetermined')}</td>
                  <td>{item.held ? t('retention.yes') : t('retention.no')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {due.data?.truncated ? <p>{t('retention.truncated')}</p> : null}
      <HoldForm />
      <AnswerForm />
    </section>
  );
}

function HoldForm() {
  const { t } = useTranslation();
  const hold = useRetentionHold();
  const headingId = useId();
  const [caseId, setCaseId] = useState('');
  const [reason, setReason] = useState<HoldReason>('litigation');
  const [message, setMessage] = useState('');
  const send = (release: boolean) => {
    const id = caseId.trim().toLowerCase();
    if (!UUID.test(id)) {
      setMessage(t('retention.badCase'));
      return;
    }
    setMessage('');
    hold.mutate(
      { caseId: id, reason: release ? null : reason },
      {
        onSuccess: () => setMessage(t(release ? 'retention.released' : 'retention.placed', { short: id.slice(0, 8) })),
      },
    );
  };
  return (
    <form
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        send(false);
      }}
      aria-labelledby={headingId}
      className="stack wide"
      noValidate
    >
      <h3 id={headingId}>{t('retention.holdHeading')}</h3>
      <TextField value={caseId} onChange={setCaseId} className="field" isRequired>
        <Label>{t('retention.caseId')}</Label>
        <Input autoComplete="off" spellCheck={false} />
      </TextField>
      <ChoiceField<HoldReason>
        label={t('retention.reason')}
        value={reason}
        options={REASONS.map((r) => ({ id: r, name: t(`retention.reasons.${r}`) }))}
        onChange={setReason}
      />
      <div className="actions">
        <Button type="submit">{t('retention.place')}</Button>
        <Button onPress={() => send(true)}>{t('retention.release')}</Button>
      </div>
      <p role="status">{message}</p>
      {hold.error ? <ProblemMessage error={hold.error} /> : null}
    </form>
  );
}

function AnswerForm() {
  const { t } = useTranslation();
  const record = useArchiveAnswer();
  const headingId = useId();
  const [caseId, setCaseId] = useState('');
  const [answer, setAnswer] = useState<ArchiveAnswer>('declined');
  const [message, setMessage] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const id = caseId.trim().toLowerCase();
    if (!UUID.test(id)) {
      setMessage(t('retention.badCase'));
      return;
    }
    setMessage('');
    record.mutate(
      { caseId: id, answer },
      { onSuccess: () => setMessage(t('retention.recorded', { short: id.slice(0, 8) })) },
    );
  };
  return (
    <form onSubmit={submit} aria-labelledby={headingId} className="stack wide" noValidate>
      <h3 id={headingId}>{t('retention.answerHeading')}</h3>
      <p>{t('retention.answerIntro')}</p>
      <TextField value={caseId} onChange={setCaseId} className="field" isRequired>
        <Label>{t('retention.caseId')}</Label>
        <Input autoComplete="off" spellCheck={false} />
      </TextField>
      <ChoiceField<ArchiveAnswer>
        label={t('retention.answer')}
        value={answer}
        options={ANSWERS.map((a) => ({ id: a, name: t(`retention.answers.${a}`) }))}
        onChange={setAnswer}
      />
      <Button type="submit">{t('retention.record')}</Button>
      <p role="status">{message}</p>
      {record.error ? <ProblemMessage error={record.error} /> : null}
    </form>
  );
}
