import { useFormat, useTranslation } from '../../i18n/i18n';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import type { Schema } from '../../api/client';
import { ProblemMessage } from '../../components/ProblemMessage';
import { PurposeNeeded } from '../../components/PurposeNeeded';
import { usePageTitle } from '../../components/usePageTitle';
import { addTexts } from '../../i18n/texts';
import { useSession } from '../../session/session-store';
import { useAgencyName } from '../cases/queries';
import { useEvaluationFigures } from './queries';
import { evaluationTexts } from './texts';

addTexts('evaluation', evaluationTexts);

type Figures = Schema<'EvaluationFiguresDto'>;

/** A count cell: the number, or "< 5" for a suppressed group (never 0, never empty). */
export function CountCell({ value, suppressed, min }: { value: number | undefined; suppressed: boolean; min: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (suppressed || value === undefined) {
    return (
      <td className="suppressed" data-suppressed="true">
        {`< ${min}`}
        <span className="visually-hidden">{` (${t('evaluation.suppressedCell', { min })})`}</span>
      </td>
    );
  }
  return <td>{format.number(value)}</td>;
}

/** A figure derived from a group (mean, median, days): a dash while the group is suppressed. */
function ValueCell({ value, digits = 2 }: { value: number | undefined; digits?: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (value === undefined) {
    return (
      <td>
        <span aria-hidden="true">–</span>
        <span className="visually-hidden">{t('evaluation.suppressedValue')}</span>
      </td>
    );
  }
  return <td>{format.number(value, { maximumFractionDigits: digits })}</td>;
}

function Progress({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const min = figures.minGroupSize;
  const dimensions = [...new Set(figures.progressByDimension.map((f) => f.dimension))];
  const chartData = dimensions.map((dimension) => {
    const of = (perspective: 'coach' | 'self') =>
      figures.progressByDimension.find((f) => f.dimension === dimension && f.perspective === perspective)?.mean;
    return { name: t(`evaluation.dimension.${dimension}`), coach: of('coach'), self: of('self') };
  });
  const anyShown = chartData.some((d) => d.coach !== undefined || d.self !== undefined);
  return (
    <section aria-labelledby="evaluation-progress">
      <h2 id="evaluation-progress">{t('evaluation.progress')}</h2>
      {anyShown ? (
        <figure className="chart">
          <div role="img" aria-label={t('evaluation.progressChart')}>
            <ResponsiveContainer width="100%" height={320}>
              <BarChart data={chartData} margin={{ bottom: 60 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" tick={{ fill: '#1a1a1a' }} />
                <YAxis domain={[0, 5]} ticks={[1, 2, 3, 4, 5]} tick={{ fill: '#1a1a1a' }} />
                <Legend verticalAlign="top" />
                <Bar
                  dataKey="coach"
                  name={t('evaluation.perspective.coach')}
                  fill="#0b4f8a"
                  isAnimationActive={false}
                />
                <Bar dataKey="self" name={t('evaluation.perspective.self')} fill="#b3470b" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <figcaption>{t('evaluation.progressChartNote')}</figcaption>
        </figure>
      ) : (
        <p>{t('evaluation.noChart', { min })}</p>
      )}
      <table className="data-table">
        <caption>{t('evaluation.progressCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evaluation.dimensionCol')}</th>
            <th scope="col">{t('evaluation.perspectiveCol')}</th>
            <th scope="col">{t('evaluation.n')}</th>
            <th scope="col">{t('evaluation.mean')}</th>
            <th scope="col">{t('evaluation.median')}</th>
          </tr>
        </thead>
        <tbody>
          {figures.progressByDimension.map((f) => (
            <tr key={`${f.dimension}/${f.perspective}`}>
              <th scope="row">{t(`evaluation.dimension.${f.dimension}`)}</th>
              <td>{t(`evaluation.perspective.${f.perspective}`)}</td>
              <CountCell value={f.n} suppressed={f.suppressed === true} min={min} />
              <ValueCell value={f.mean} />
              <ValueCell value={f.median} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Waiting({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="evaluation-waiting">
      <h2 id="evaluation-waiting">{t('evaluation.waiting')}</h2>
      <table className="data-table">
        <caption>{t('evaluation.waitingCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evaluation.partnerType')}</th>
            <th scope="col">{t('evaluation.n')}</th>
            <th scope="col">{t('evaluation.medianDays')}</th>
            <th scope="col">{t('evaluation.p90Days')}</th>
          </tr>
        </thead>
        <tbody>
          {figures.referralWaitingTimes.map((f) => (
            <tr key={f.partnerType}>
              <th scope="row">{t(`evaluation.partner.${f.partnerType}`)}</th>
              <CountCell value={f.n} suppressed={f.suppressed === true} min={figures.minGroupSize} />
              <ValueCell value={f.medianDays} digits={1} />
              <ValueCell value={f.p90Days} digits={0} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Density({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const format = useFormat();
  const d = figures.contactDensity;
  const suppressed = d.suppressed === true;
  const share =
    d.caseMonthsWithContactShare === undefined
      ? undefined
      : format.number(d.caseMonthsWithContactShare, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <section aria-labelledby="evaluation-density">
      <h2 id="evaluation-density">{t('evaluation.density')}</h2>
      <table className="data-table">
        <caption>{t('evaluation.densityCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evaluation.figure')}</th>
            <th scope="col">{t('evaluation.value')}</th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('evaluation.casesN')}</th>
            <CountCell value={d.casesN} suppressed={suppressed} min={figures.minGroupSize} />
          </tr>
          <tr>
            <th scope="row">{t('evaluation.caseMonths')}</th>
            <ValueCell value={d.caseMonths} digits={0} />
          </tr>
          <tr>
            <th scope="row">{t('evaluation.contactsPerCaseMonth')}</th>
            <ValueCell value={d.contactsPerCaseMonth} />
          </tr>
          <tr>
            <th scope="row">{t('evaluation.caseMonthsWithContactShare')}</th>
            {share === undefined ? <ValueCell value={undefined} /> : <td>{share}</td>}
          </tr>
        </tbody>
      </table>
    </section>
  );
}

function Exits({ figures }: { figures: Figures }) {
  const { t } = useTranslation();
  const shown = figures.exitsByReason
    .filter((f) => f.suppressed !== true && f.n !== undefined)
    .map((f) => ({ name: t(`evaluation.exit.${f.exitReason}`), n: f.n }));
  return (
    <section aria-labelledby="evaluation-exits">
      <h2 id="evaluation-exits">{t('evaluation.exits')}</h2>
      {shown.length > 0 ? (
        <figure className="chart">
          <div role="img" aria-label={t('evaluation.exitsChart')}>
            <ResponsiveContainer width="100%" height={60 + shown.length * 36}>
              <BarChart data={shown} layout="vertical" margin={{ left: 24, right: 24 }} accessibilityLayer={false}>
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} tick={{ fill: '#1a1a1a' }} />
                <YAxis type="category" dataKey="name" width={200} tick={{ fill: '#1a1a1a' }} />
                <Bar dataKey="n" fill="#0b4f8a" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          </div>
          <figcaption>{t('evaluation.exitsChartNote')}</figcaption>
        </figure>
      ) : (
        <p>{t('evaluation.noChart', { min: figures.minGroupSize })}</p>
      )}
      <table className="data-table">
        <caption>{t('evaluation.exitsCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('evaluation.exitReason')}</th>
            <th scope="col">{t('evaluation.n')}</th>
          </tr>
        </thead>
        <tbody>
          {figures.exitsByReason.map((f) => (
            <tr key={f.exitReason}>
              <th scope="row">{t(`evaluation.exit.${f.exitReason}`)}</th>
              <CountCell value={f.n} suppressed={f.suppressed === true} min={figures.minGroupSize} />
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The figures of one answer: the suppression rule first, then each figure as a table (and a chart). */
export function EvaluationFigures({
  figures,
  agencyName = (id) => id,
}: {
  figures: Figures;
  /** The agency's name for its id (the directory's; the id where none is known). */
  agencyName?: (agencyId: string) => string;
}) {
  const { t } = useTranslation();
  const min = figures.minGroupSize;
  return (
    <>
      <p>{t('evaluation.intro', { agency: agencyName(figures.scope.leadAgencyId) })}</p>
      <section aria-labelledby="evaluation-suppression" className="note">
        <h2 id="evaluation-suppression">{t('evaluation.suppression')}</h2>
        <p>{t('evaluation.suppressionText', { min })}</p>
      </section>
      <Progress figures={figures} />
      <Waiting figures={figures} />
      <Density figures={figures} />
      <Exits figures={figures} />
    </>
  );
}

/** "Auswertung": GET /api/evaluation/figures under the purpose evaluation. */
export function EvaluationPage() {
  const { t } = useTranslation();
  usePageTitle(t('evaluation.title'));
  const { purpose } = useSession();
  const figures = useEvaluationFigures();
  const agencyName = useAgencyName();
  return (
    <>
      <h1>{t('evaluation.title')}</h1>
      {purpose !== 'evaluation' ? (
        <PurposeNeeded purpose="evaluation" current={purpose} />
      ) : (
        <>
          {figures.error ? <ProblemMessage error={figures.error} /> : null}
          {figures.isPending && !figures.error ? <p role="status">{t('app.loading')}</p> : null}
          {figures.data ? <EvaluationFigures figures={figures.data} agencyName={agencyName} /> : null}
        </>
      )}
    </>
  );
}
