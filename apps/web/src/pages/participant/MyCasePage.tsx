import { useFormat, useTranslation } from '../../i18n/i18n';
import { Link, Outlet, useParams } from 'react-router';
import { ProblemMessage } from '../../components/ProblemMessage';
import { NavLink } from '../../layout/nav-link';
import { usePageTitle } from '../../components/usePageTitle';
import { AccessesSection } from './AccessesSection';
import { type MyCase, useMyCases } from './queries';

/** The parts of the person's own case, each a nested route (App.tsx); `''` is the accesses. */
export const MY_CASE_PARTS = [
  { path: '', label: 'participant.case.parts.accesses' },
  { path: 'consents', label: 'participant.case.parts.consents' },
  { path: 'questions', label: 'participant.case.parts.questions' },
  { path: 'copy', label: 'participant.case.parts.copy' },
  { path: 'erasure', label: 'participantErasure.part' },
] as const;

/** "Mein Fall": the person's name, the lead agency, and a navigation between the parts. */
export function MyCasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const cases = useMyCases();
  const mine = cases.data?.find((c) => c.caseId === id);
  return (
    <>
      <p>
        <Link to="/me">{t('participant.case.back')}</Link>
      </p>
      <h1>{mine ? `${mine.givenName} ${mine.familyName}` : t('participant.case.title')}</h1>
      {cases.error ? <ProblemMessage error={cases.error} /> : null}
      {mine ? <p>{t('participant.case.lead', { agency: mine.leadAgency.name })}</p> : null}
      {mine ? <CaseNotices mine={mine} /> : null}
      <nav aria-label={t('participant.case.partsLabel')} className="me-parts">
        <ul>
          {MY_CASE_PARTS.map((part) => (
            <li key={part.path}>
              <NavLink to={part.path === '' ? `/me/cases/${id}` : `/me/cases/${id}/${part.path}`} end>
                {t(part.label)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

/** The index part: "Wer hat meine Daten gesehen?". */
export function MyAccesses() {
  const { id = '' } = useParams();
  return <AccessesSection caseId={id} />;
}

/** A part's page title. */
export function usePartTitle(label: string): void {
  const { t } = useTranslation();
  usePageTitle(t(label));
}

/** § 84 SGB X: the person is told that processing of her case is restricted, or its accuracy disputed. */
export function CaseNotices({ mine }: { mine: MyCase }) {
  const { t } = useTranslation();
  const format = useFormat();
  const words = (categories: readonly string[]) =>
    categories.map((c) => t(`category.${c}`, { defaultValue: c })).join(', ');
  const { restriction, accuracyDisputed } = mine;
  if (!restriction && !accuracyDisputed) return null;
  return (
    <section aria-label={t('participantErasure.notice.label')} className="note" data-notices="">
      {restriction ? (
        <p>
          {t('participantErasure.notice.restricted', { date: format.date(restriction.since) })}{' '}
          {typeof restriction.scope === 'string'
            ? t('participantErasure.notice.restrictedAll')
            : t('participantErasure.notice.restrictedWhat', { categories: words(restriction.scope) })}
        </p>
      ) : null}
      {accuracyDisputed ? (
        <p>
          {t('participantErasure.notice.disputed', { date: format.date(accuracyDisputed.since) })}
          {accuracyDisputed.categories
            ? ` ${t('participantErasure.notice.disputedWhat', { categories: words(accuracyDisputed.categories) })}`
            : ''}
        </p>
      ) : null}
    </section>
  );
}
