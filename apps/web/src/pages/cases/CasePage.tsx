import { useTranslation } from 'react-i18next';
import { Link, Outlet, useParams } from 'react-router';
import { legalBasisInWords } from '../../components/legal-basis';
import { ProblemMessage } from '../../components/ProblemMessage';
import { usePageTitle } from '../../components/usePageTitle';
import { WithheldSection } from '../../components/WithheldSection';
import { useFormat } from '../../i18n/i18n';
import type { Category } from '../../session/purposes';
import { useCase } from './queries';

/** A case (placeholder): the participant, the sections given with their legal basis, the withheld ones. */
export function CasePage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { id = '' } = useParams();
  const found = useCase(id);
  const view = found.data;
  const participant = view?.participant && !('erased' in view.participant) ? view.participant : undefined;
  const name = participant ? `${participant.givenName} ${participant.familyName}` : t('case.title');
  // Not the name: titles end up in the browser's history, on disk.
  usePageTitle(t('case.title'));
  return (
    <>
      <p>
        <Link to="/cases">{t('case.back')}</Link>
      </p>
      <h1>{name}</h1>
      {found.error ? <ProblemMessage error={found.error} /> : null}
      {found.isPending && !found.error ? <p role="status">{t('app.loading')}</p> : null}
      {view ? (
        <>
          {participant ? <p>{format.day(participant.birthDate)}</p> : null}
          <h2>{t('case.shown')}</h2>
          <ul className="sections">
            {Object.entries(view.access.legalBasis).map(([category, basis]) => (
              <li key={category} data-category={category}>
                {t(`category.${category}`)} – {t('case.basis', { basis: legalBasisInWords(basis, t) })}
              </li>
            ))}
          </ul>
          {view.withheld.length > 0 ? (
            <>
              <h2>{t('case.withheld')}</h2>
              {view.withheld.map((category: Category) => (
                <WithheldSection key={category} category={category} purpose={view.access.purpose} />
              ))}
            </>
          ) : null}
        </>
      ) : null}
      <Outlet />
    </>
  );
}
