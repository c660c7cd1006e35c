import { useId } from 'react';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { useParams } from 'react-router';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import { type MyQuestion, useMyQuestions } from './queries';

/** "Meine Fragen": the questions the person asked about accesses, and the DPO's answers. */
export function QuestionsSection() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  usePageTitle(t('participant.case.parts.questions'));
  const questions = useMyQuestions(id);
  const items = questions.data ?? [];
  return (
    <section aria-labelledby="me-questions">
      <h2 id="me-questions">{t('participant.case.parts.questions')}</h2>
      <p>{t('participant.questions.intro')}</p>
      {questions.error ? <ProblemMessage error={questions.error} /> : null}
      {questions.isPending && !questions.error ? <p role="status">{t('app.loading')}</p> : null}
      {questions.data && items.length === 0 ? <p>{t('participant.questions.none')}</p> : null}
      {items.length > 0 ? (
        <ul className="me-list">
          {items.map((q) => (
            <li key={q.id}>
              <QuestionCard question={q} />
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function QuestionCard({ question }: { question: MyQuestion }) {
  const { t } = useTranslation();
  const format = useFormat();
  const headingId = useId();
  return (
    <article aria-labelledby={headingId} className="me-card" data-question={question.id}>
      <h3 id={headingId}>{t('participant.questions.name', { date: format.dateTime(question.askedAt) })}</h3>
      <p className="muted">{t('participant.questions.about', { index: question.accessIndex })}</p>
      <blockquote>{question.text ?? '–'}</blockquote>
      {question.answer ? (
        <div className="me-answer">
          <h4>{t('participant.questions.answer', { date: format.dateTime(question.answer.answeredAt) })}</h4>
          <p>{question.answer.text ?? '–'}</p>
        </div>
      ) : (
        <>
          <p>{t('participant.questions.open')}</p>
          <p>{t('participant.questions.due', { date: format.date(question.dueAt) })}</p>
        </>
      )}
    </article>
  );
}
