import { useTranslation } from '../i18n/i18n';
import { ApiProblem, isApiProblem } from '../api/problem';

/**
 * A refusal or failure in words: the message for its code where we know one, else the API's title;
 * always the code and the request id "for support". Announced to screen readers (role alert).
 */
export function ProblemMessage({ error }: { error: unknown }) {
  const { t, i18n } = useTranslation();
  const problem = isApiProblem(error)
    ? error
    : new ApiProblem(0, 'CLIENT.NETWORK', error instanceof Error ? error.message : String(error), undefined, undefined);
  const key = `problem.codes.${problem.code}`;
  const message = i18n.exists(key) ? t(key) : problem.title;
  return (
    <div role="alert" className="problem">
      <p className="problem-heading">{t('problem.heading')}</p>
      <p>{message}</p>
      {problem.detail && problem.detail !== message ? <p className="problem-detail">{problem.detail}</p> : null}
      <p className="problem-support">
        {problem.requestId
          ? t('problem.support', { code: problem.code, requestId: problem.requestId })
          : t('problem.supportNoId', { code: problem.code })}
      </p>
    </div>
  );
}
