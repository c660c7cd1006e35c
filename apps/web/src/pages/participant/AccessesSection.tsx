import { type FormEvent, useId, useState } from 'react';
import { schemaLimits } from '../../api/schema.gen';
import { Button, Label, ProgressBar, Text, TextArea, TextField } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import type { Category } from '../../session/purposes';
import { ChoiceField } from '../cases/ChoiceField';
import { CATEGORIES } from '../consents/summary';
import { basesInWords } from './basis';
import { type ProofCheck, useProofCheck } from './proof-check';
import { type AccessItem, type AccessQuery, useAskQuestion, useMyAccesses } from './queries';

export const PAGE_SIZE = 20;

type CategoryFilter = 'all' | Category;
type DecisionFilter = 'all' | 'permit' | 'deny';

/** Actions the person is told about in their own words; any other read or write in general words. */
const NAMED_ACTIONS = new Set([
  'open_case',
  'grant_consent',
  'withdraw_consent',
  'invite_participant',
  'redeem_invitation',
  'record_contact',
  'correct_contact',
  'send_referral',
  'assess_progress',
  'read_access_questions',
  'ask_access_question',
  'answer_access_question',
  'set_access_deferral',
  'erase_participant_data',
  'close_case',
  'reopen_case',
]);

/** The action of a log entry in plain words. */
export const actionKey = (action: string): string => {
  if (NAMED_ACTIONS.has(action)) return `participant.accesses.actions.${action}`;
  if (action === 'list') return 'participant.accesses.action_list';
  if (action === 'access_report') return 'participant.accesses.action_report';
  if (action === 'read' || action.startsWith('read_')) return 'participant.accesses.action_read';
  return 'participant.accesses.action_write';
};

/**
 * "Wer hat meine Daten gesehen?": every access to the person's case from the audit log, newest first,
 * filtered by data category and result, a page at a time. Each entry names the agency and the role,
 * never the staff member; the legal basis in words; a proof check and a question per entry.
 */
export function AccessesSection({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  usePageTitle(t('participant.case.parts.accesses'));
  const [category, setCategory] = useState<CategoryFilter>('all');
  const [decision, setDecision] = useState<DecisionFilter>('all');
  const [offset, setOffset] = useState(0);
  const query: AccessQuery = {
    offset,
    limit: PAGE_SIZE,
    ...(category !== 'all' ? { category } : {}),
    ...(decision !== 'all' ? { decision } : {}),
  };
  const page = useMyAccesses(caseId, query);
  const items = page.data?.items ?? [];
  const total = page.data?.total ?? 0;
  const from = page.data ? page.data.offset + 1 : 0;
  const to = page.data ? page.data.offset + items.length : 0;
  return (
    <section aria-labelledby="me-accesses">
      <h2 id="me-accesses">{t('participant.case.parts.accesses')}</h2>
      <p>{t('participant.accesses.intro')}</p>
      <p className="note">{t('participant.accesses.deferredNote')}</p>
      <div role="group" aria-label={t('participant.accesses.filters')} className="filters">
        <ChoiceField<CategoryFilter>
          label={t('participant.accesses.category')}
          value={category}
          options={[
            { id: 'all', name: t('participant.accesses.allCategories') },
            ...CATEGORIES.map((c) => ({ id: c, name: t(`category.${c}`) })),
          ]}
          onChange={(value) => {
            setCategory(value);
            setOffset(0);
          }}
        />
        <ChoiceField<DecisionFilter>
          label={t('participant.accesses.decision')}
          value={decision}
          options={[
            { id: 'all', name: t('participant.accesses.allDecisions') },
            { id: 'permit', name: t('participant.accesses.permit') },
            { id: 'deny', name: t('participant.accesses.deny') },
          ]}
          onChange={(value) => {
            setDecision(value);
            setOffset(0);
          }}
        />
      </div>
      {page.error ? <ProblemMessage error={page.error} /> : null}
      {page.isPending && !page.error ? <p role="status">{t('app.loading')}</p> : null}
      <p role="status">
        {page.data
          ? total === 0
            ? t('participant.accesses.none')
            : t('participant.accesses.range', {
                from: format.number(from),
                to: format.number(to),
                total: format.number(total),
              })
          : ''}
      </p>
      {items.length > 0 ? (
        <ol className="me-list" aria-label={t('participant.accesses.listLabel')}>
          {items.map((item) => (
            <li key={item.index}>
              <AccessEntry caseId={caseId} item={item} />
            </li>
          ))}
        </ol>
      ) : null}
      {page.data && page.data.notifications.length > 0 ? (
        <section aria-labelledby="me-art19">
          <h3 id="me-art19">{t('participantErasure.art19.heading')}</h3>
          <p>{t('participantErasure.art19.intro')}</p>
          <ul data-art19="">
            {page.data.notifications.map((n) => (
              <li key={`${n.recipient.kind}:${n.recipient.id}:${n.notifiedAt}`}>{n.line}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {page.data && total > PAGE_SIZE ? (
        <nav aria-label={t('participant.accesses.pages')} className="pager">
          <Button isDisabled={offset === 0} onPress={() => setOffset(Math.max(0, offset - PAGE_SIZE))}>
            {t('participant.accesses.previous')}
          </Button>
          <Button isDisabled={to >= total} onPress={() => setOffset(offset + PAGE_SIZE)}>
            {t('participant.accesses.next')}
          </Button>
        </nav>
      ) : null}
    </section>
  );
}

/** One access: when, agency, role, data, purpose, legal basis, result; "Prüfen" and "hinterfragen". */
export function AccessEntry({ caseId, item }: { caseId: string; item: AccessItem }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  const check = useProofCheck(caseId, item.index);
  const [asking, setAsking] = useState(false);
  const when = format.dateTime(item.occurredAt);
  const agency = item.agency.name;
  return (
    <article
      aria-labelledby={headingId}
      className={`me-card ${item.decision === 'deny' ? 'me-deny' : 'me-permit'}`}
      data-index={item.index}
      data-decision={item.decision}
    >
      <h3 id={headingId}>{t('participant.accesses.entryName', { when, agency })}</h3>
      <dl>
        <dt>{t('participant.accesses.role')}</dt>
        <dd>{t(`participant.role.${item.role}`, { defaultValue: item.role })}</dd>
        <dt>{t('participant.accesses.action')}</dt>
        <dd>{t(actionKey(item.action))}</dd>
        <dt>{t('participant.accesses.categories')}</dt>
        <dd>
          {item.categories.length > 0
            ? item.categories.map((c) => t(`category.${c}`, { defaultValue: c })).join(', ')
            : t('participant.accesses.noCategories')}
        </dd>
        <dt>{t('participant.accesses.purpose')}</dt>
        <dd>
          {item.purpose === 'data_subject_access'
            ? t('participant.purpose.data_subject_access')
            : t(`purpose.${item.purpose}`, { defaultValue: item.purpose })}
        </dd>
        <dt>{t('participant.accesses.basis')}</dt>
        <dd>
          {item.legalBasis.length > 0
            ? basesInWords(item.legalBasis, agency, t, format.date)
            : t('participant.accesses.noBasis')}
        </dd>
        <dt>{t('participant.accesses.decisionLabel')}</dt>
        <dd>{item.decision === 'deny' ? t('participant.accesses.deny') : t('participant.accesses.permit')}</dd>
      </dl>
      <p className="muted">{t('participant.accesses.entryNumber', { index: item.index })}</p>
      <div className="buttons">
        <Button onPress={check.run} isDisabled={check.state.status === 'running'}>
          {t('participant.accesses.verify')}
        </Button>
        <Button aria-expanded={asking} onPress={() => setAsking(!asking)}>
          {t('participant.accesses.ask')}
        </Button>
      </div>
      <ProofOutcome check={check} />
      {asking ? <QuestionForm caseId={caseId} index={item.index} onDone={() => setAsking(false)} /> : null}
    </article>
  );
}

/** The proof check's progress and its result in plain words (a live region). */
function ProofOutcome({ check }: { check: ProofCheck }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { state } = check;
  return (
    <div className="me-proof">
      {state.status === 'running' ? (
        <ProgressBar isIndeterminate className="progress">
          <Label>{t('participant.proof.progress')}</Label>
          <div className="progress-track" aria-hidden="true">
            <div className="progress-fill" />
          </div>
        </ProgressBar>
      ) : null}
      <div role="status">
        {state.status === 'valid' ? (
          <p className="me-proof-ok">
            <strong>{t('participant.proof.ok', { date: format.dateTime(state.checkpointIssuedAt) })}</strong>
          </p>
        ) : null}
        {state.status === 'invalid' ? (
          <>
            <p className="me-proof-bad">
              <strong>{t('participant.proof.failed')}</strong>
            </p>
            <p>{t('participant.proof.reason', { reason: t(`participant.proof.step.${state.step}`) })}</p>
            <p>{t('participant.proof.tell')}</p>
          </>
        ) : null}
      </div>
      {state.status === 'error' ? <ProblemMessage error={state.error} /> : null}
    </div>
  );
}

/** "Diesen Zugriff hinterfragen": a question to the DPO about this entry. */
function QuestionForm({ caseId, index, onDone }: { caseId: string; index: number; onDone: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ask = useAskQuestion(caseId);
  const titleId = useId();
  const [text, setText] = useState('');
  const [message, setMessage] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setMessage(t('participant.question.missing'));
      return;
    }
    setMessage('');
    ask.mutate(
      { accessIndex: index, text: text.trim() },
      {
        onSuccess: ({ dueAt }) => {
          setText('');
          setMessage(t('participant.question.sent', { date: format.date(dueAt) }));
        },
      },
    );
  };
  return (
    <form onSubmit={submit} aria-labelledby={titleId} className="me-form" noValidate>
      <h4 id={titleId}>{t('participant.question.heading')}</h4>
      <p>{t('participant.question.about', { index })}</p>
      <TextField
        value={text}
        onChange={setText}
        maxLength={schemaLimits.AskQuestionDto.text.maxLength}
        className="field"
        isRequired
      >
        <Label>{t('participant.question.text')}</Label>
        <TextArea rows={4} />
        <Text slot="description">{t('participant.question.help')}</Text>
      </TextField>
      <div className="buttons">
        <Button type="submit">{t('participant.question.send')}</Button>
        <Button onPress={onDone}>{t('participant.question.cancel')}</Button>
      </div>
      <p role="status">{message}</p>
      {ask.error ? <ProblemMessage error={ask.error} /> : null}
    </form>
  );
}
