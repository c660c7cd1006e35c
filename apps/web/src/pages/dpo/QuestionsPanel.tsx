import { type FormEvent, useId, useRef, useState } from 'react';
import { schemaLimits } from '../../api/schema.gen';
import { Button, Label, Text, TextArea, TextField } from 'react-aria-components';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useAnswerQuestion, useDpoQuestions } from './queries';
import './questions.css';

type Question = NonNullable<ReturnType<typeof useDpoQuestions>['data']>[number];

const DAY_MS = 86_400_000;

/** The Art. 12(3) deadline in words: days left, today, or overdue by how many days. */
export function useDeadline(): (dueAt: string, now?: number) => string {
  const { t } = useTranslation();
  const format = useFormat();
  return (dueAt, now = Date.now()) => {
    const left = Date.parse(dueAt) - now;
    const date = format.date(dueAt);
    // Begun days count: 2.5 days overdue reads "seit 3 Tagen", 9.5 days left "noch 10 Tage".
    if (left < 0) return t('dpoMe.questions.overdue', { date, days: Math.ceil(-left / DAY_MS) });
    const days = Math.ceil(left / DAY_MS);
    if (days === 0) return t('dpoMe.questions.dueToday', { date });
    return t('dpoMe.questions.due', { date, days });
  };
}

/**
 * "Fragen von Personen": open questions first, the earliest deadline first, each with the log entry it
 * is about and an answer form; answered ones below.
 */
export function QuestionsPanel() {
  const { t } = useTranslation();
  const questions = useDpoQuestions();
  // Announced here: once answered, the question moves to "Beantwortete Fragen" and its form is gone.
  const [announcement, setAnnouncement] = useState('');
  const status = useRef<HTMLParagraphElement>(null);
  const announceAnswer = () => {
    setAnnouncement(t('dpoMe.questions.sent'));
    status.current?.focus();
  };
  const items = questions.data ?? [];
  const open = items.filter((q) => !q.answer).sort((a, b) => a.dueAt.localeCompare(b.dueAt));
  const answered = items.filter((q) => q.answer);
  return (
    <section aria-labelledby="dpo-questions">
      <h2 id="dpo-questions">{t('dpoMe.questions.heading')}</h2>
      <p>{t('dpoMe.questions.intro')}</p>
      <p role="status" tabIndex={-1} ref={status}>
        {announcement}
      </p>
      {questions.error ? <ProblemMessage error={questions.error} /> : null}
      {questions.isPending && !questions.error ? <p role="status">{t('app.loading')}</p> : null}
      {questions.data ? (
        <>
          <h3>{t('dpoMe.questions.open')}</h3>
          {open.length === 0 ? <p>{t('dpoMe.questions.noneOpen')}</p> : null}
          <ul className="question-list">
            {open.map((q) => (
              <li key={q.id}>
                <QuestionItem question={q} onAnswered={announceAnswer} />
              </li>
            ))}
          </ul>
          {answered.length > 0 ? (
            <>
              <h3>{t('dpoMe.questions.answered')}</h3>
              <ul className="question-list">
                {answered.map((q) => (
                  <li key={q.id}>
                    <QuestionItem question={q} />
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function QuestionItem({ question, onAnswered }: { question: Question; onAnswered?: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const deadline = useDeadline();
  const headingId = useId();
  return (
    <article aria-labelledby={headingId} className="panel" data-question={question.id}>
      <h4 id={headingId}>
        {t('dpoMe.questions.name', { date: format.dateTime(question.askedAt), short: question.caseId.slice(0, 8) })}
      </h4>
      <p>
        {t('dpoMe.questions.entry', { index: question.accessIndex })} ·{' '}
        <code className="case-ref">{question.caseId}</code>
      </p>
      <p>{t('dpoMe.questions.asked', { date: format.dateTime(question.askedAt) })}</p>
      <blockquote>{question.text ?? '–'}</blockquote>
      {question.answer ? (
        <>
          <p>{t('dpoMe.questions.answeredAt', { date: format.dateTime(question.answer.answeredAt) })}</p>
          <blockquote>{question.answer.text ?? '–'}</blockquote>
        </>
      ) : (
        <>
          <p>
            <strong>{deadline(question.dueAt)}</strong>
          </p>
          <AnswerForm questionId={question.id} onAnswered={onAnswered} />
        </>
      )}
    </article>
  );
}

function AnswerForm({ questionId, onAnswered }: { questionId: string; onAnswered?: (() => void) | undefined }) {
  const { t } = useTranslation();
  const answer = useAnswerQuestion();
  const [text, setText] = useState('');
  const [message, setMessage] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!text.trim()) {
      setMessage(t('dpoMe.questions.missing'));
      return;
    }
    setMessage('');
    answer.mutate({ questionId, text: text.trim() }, { onSuccess: () => onAnswered?.() });
  };
  return (
    <form onSubmit={submit} className="stack wide" noValidate>
      <TextField
        value={text}
        onChange={setText}
        maxLength={schemaLimits.AnswerQuestionDto.text.maxLength}
        className="field"
        isRequired
      >
        <Label>{t('dpoMe.questions.answer')}</Label>
        <TextArea rows={4} />
        <Text slot="description">{t('dpoMe.questions.answerHelp')}</Text>
      </TextField>
      <Button type="submit">{t('dpoMe.questions.send')}</Button>
      <p role="status">{message}</p>
      {answer.error ? <ProblemMessage error={answer.error} /> : null}
    </form>
  );
}
