import { useTranslation } from '../i18n/i18n';
import { ApiProblem, isApiProblem } from '../api/problem';

/**
 * A refusal or failure in words: the message for its code where we know one, else for its HTTP status,
 * else the API's title; the API's (English) detail marked as such; always the code and the request id
 * "for support". Announced to screen readers (role alert).
 */
export function ProblemMessage({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  const problem = isApiProblem(error)
    ? error
    : new ApiProblem(0, 'CLIENT.NETWORK', error instanceof Error ? error.message : String(error), undefined, undefined);
  const key = `problem.codes.${problem.code}`;
  const byStatus = `problem.codes.HTTP.${problem.status}`;
  const message = i18n.exists(key) ? t(key) : i18n.exists(byStatus) ? t(byStatus) : problem.title;
  return (
    <div role="alert" className="problem">
      <p className="problem-heading">{t('problem.heading')}</p>
      <p>{message}</p>
      {/* The API words its details in English: said as such (lang), after a label in the page's language. */}
      {problem.detail && problem.detail !== message ? (
        <p className="problem-detail">
          {t('problem.detail')} <span lang="en">{problem.detail}</span>
        </p>
      ) : null}
      <p className="problem-support">
        {problem.requestId
          ? t('problem.support', { code: problem.code, requestId: problem.requestId })
          : t('problem.supportNoId', { code: problem.code })}
      </p>
    </div>
  );
}
