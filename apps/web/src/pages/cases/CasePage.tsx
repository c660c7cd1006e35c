import { lazy, Suspense, useState } from 'react';
import { useFormat, useTranslation } from '../../i18n/i18n';
import { Link, Outlet, useLocation, useParams } from 'react-router';
import { UUID } from '../../api/ids';
import { isApiProblem } from '../../api/problem';
import { ProblemMessage } from '../../components/ProblemMessage';
import { useSession } from '../../session/session-store';
import { mayDeclareChildProtection } from '../child-protection/may-declare';
import { usePageTitle } from '../../components/usePageTitle';
import { CaseNotices } from './CaseNotices';
import { useCase } from './queries';
import './texts';

// Its own chunk: only a youth-office caseworker under child_protection ever sees it.
const DeclarationForm = lazy(() =>
  import('../child-protection/DeclarationForm').then((m) => ({ default: m.DeclarationForm })),
);

/** The case page's parts, each a nested route (App.tsx); `''` is the overview. */
export const CASE_TABS = [
  { path: '', label: 'casePage.tabs.overview' },
  { path: 'contacts', label: 'casePage.tabs.contacts' },
  { path: 'consents', label: 'casePage.tabs.consents' },
  { path: 'referrals', label: 'casePage.tabs.referrals' },
  { path: 'plan', label: 'casePage.tabs.plan' },
  { path: 'conferences', label: 'casePage.tabs.conferences' },
  { path: 'progress', label: 'casePage.tabs.progress' },
] as const;

/**
 * A case: the participant (only what the API releases), status and the purpose it is seen under, then
 * a navigation between its parts; the part chosen renders below (<Outlet />) and starts with an <h2>.
 */
export function CasePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const { pathname } = useLocation();
  const found = useCase(id);
  const { user, purpose } = useSession();
  // Until when a § 8a declaration made on this page holds (the form leaves once the case opens).
  const [declaredUntil, setDeclaredUntil] = useState<string | null>(null);
  // § 8a SGB VIII: a case a youth-office caseworker cannot see under child_protection may be opened by a
  // written declaration (the API answers 404 for a case the caller may not see, as for none).
  const mayDeclare =
    mayDeclareChildProtection(user, purpose) &&
    UUID.test(id) &&
    isApiProblem(found.error) &&
    found.error.status === 404;
  const view = found.data;
  const erased = Boolean(view?.participant && 'erased' in view.participant);
  const participant = view?.participant && !('erased' in view.participant) ? view.participant : undefined;
  const name = participant ? `${participant.givenName} ${participant.familyName}` : t('case.title');
  const current = pathname.replace(/\/+$/, '');
  // Not the name: titles end up in the browser's history, on disk.
  usePageTitle(t('case.title'));
  return (
    <>
      <p>
        <Link to="/cases">{t('case.back')}</Link>
      </p>
      <h1>{name}</h1>
      {/* Under child_protection a closed case is the start of a declaration, not a failure. */}
      {found.error && !mayDeclare ? <ProblemMessage error={found.error} /> : null}
      {mayDeclare ? (
        <Suspense fallback={<p role="status">{t('app.loading')}</p>}>
          <DeclarationForm caseId={id} onDeclared={setDeclaredUntil} />
        </Suspense>
      ) : null}
      {found.isPending && !found.error ? <p role="status">{t('app.loading')}</p> : null}
      {view ? (
        <div className="case-facts">
          {declaredUntil ? (
            <p role="status">{t('casePage.header.declared', { until: format.dateTime(declaredUntil) })}</p>
          ) : null}
          {participant ? <p>{t('casePage.header.birthDate', { date: format.day(participant.birthDate) })}</p> : null}
          {/* The number another agency needs to open the case under § 8a SGB VIII (not personal data). */}
          <p>
            {t('casePage.header.number')} <code className="case-ref">{id}</code>
          </p>
          {erased ? <p>{t('casePage.header.erased')}</p> : null}
          {view.caseAdmin ? (
            <p>{t('casePage.header.status', { status: t(`status.${view.caseAdmin.status}`) })}</p>
          ) : null}
          <p>{t('casePage.header.purpose', { purpose: t(`purpose.${view.access.purpose}`) })}</p>
          <CaseNotices view={view} />
        </div>
      ) : null}
      {found.error ? null : (
        <>
          <nav aria-label={t('casePage.tabs.label')} className="case-tabs">
            <ul>
              {CASE_TABS.map((tab) => {
                // Plain links, marked by the page's own address: a NavLink each would resolve its path
                // and follow the router's state on every navigation (`npm run bench -- web-case-page`).
                const to = tab.path === '' ? `/cases/${id}` : `/cases/${id}/${tab.path}`;
                return (
                  <li key={tab.path}>
                    <Link to={to} aria-current={current === to ? 'page' : undefined}>
                      {t(tab.label)}
                    </Link>
                  </li>
                );
              })}
            </ul>
          </nav>
          <Outlet />
        </>
      )}
    </>
  );
}
