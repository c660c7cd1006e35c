import { useFormat, useTranslation } from '../../i18n/i18n';
import { Link } from 'react-router';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceArea,
  ReferenceLine,
  ResponsiveContainer,
  XAxis,
  YAxis,
} from 'recharts';
import type { Schema } from '../../api/client';
import { ProblemMessage } from '../../components/ProblemMessage';
import { PurposeNeeded } from '../../components/PurposeNeeded';
import { usePageTitle } from '../../components/usePageTitle';
import { addTexts } from '../../i18n/texts';
import { useSession } from '../../session/session-store';
import { useTeamSignals } from './queries';
import { teamTexts } from './texts';

addTexts('team', teamTexts);

type Signals = Schema<'TeamSignalsDto'>;

/** The target of "1:25" as a number of cases. */
const targetOf = (ratio: Signals['ratio']): number => Number(ratio.target.split(':')[1] ?? ratio.max);

/** Where a coach's caseload lies against the band, in words (the chart's colours carry no meaning). */
export function caseloadAssessment(
  cases: number,
  ratio: Signals['ratio'],
): 'below' | 'within' | 'overTarget' | 'above' {
  if (cases < ratio.min) return 'below';
  if (cases > ratio.max) return 'above';
  return cases > targetOf(ratio) ? 'overTarget' : 'within';
}

/** A case a signal names, linked to the case page (opened for supervision). Signals name no participant. */
function CaseLink({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  return <Link to={`/cases/${caseId}`}>{t('team.caseLink', { short: caseId.slice(0, 8) })}</Link>;
}

function Caseload({ signals }: { signals: Signals }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { ratio, caseload } = signals;
  const target = targetOf(ratio);
  const top = Math.max(ratio.max + 5, ...caseload.map((c) => c.cases + 2));
  return (
    <section aria-labelledby="team-caseload">
      <h2 id="team-caseload">{t('team.caseload')}</h2>
      <p>{t('team.band', { min: ratio.min, max: ratio.max, target: ratio.target })}</p>
      {caseload.length === 0 ? (
        <p>{t('team.noCaseload')}</p>
      ) : (
        <>
          <figure className="chart">
            <div role="img" aria-label={t('team.chartLabel', { min: ratio.min, max: ratio.max })}>
              <ResponsiveContainer width="100%" height={Math.max(180, 60 + caseload.length * 40)}>
                <BarChart data={caseload} layout="vertical" margin={{ left: 24, right: 24 }} accessibilityLayer={false}>
                  <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                  <XAxis type="number" domain={[0, top]} allowDecimals={false} tick={{ fill: '#1a1a1a' }} />
                  <YAxis type="category" dataKey="coachUserId" width={110} tick={{ fill: '#1a1a1a' }} />
                  <ReferenceArea
                    x1={ratio.min}
                    x2={ratio.max}
                    fill="#d9d9d9"
                    fillOpacity={0.6}
                    ifOverflow="extendDomain"
                  />
                  <ReferenceLine x={target} stroke="#1a1a1a" strokeDasharray="6 4" />
                  <Bar dataKey="cases" fill="#0b4f8a" isAnimationActive={false} />
                </BarChart>
              </ResponsiveContainer>
            </div>
            <figcaption>{t('team.chartNote')}</figcaption>
          </figure>
          <table className="data-table">
            <caption>{t('team.caseloadTable')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('team.coach')}</th>
                <th scope="col">{t('team.cases')}</th>
                <th scope="col">{t('team.assessment')}</th>
              </tr>
            </thead>
            <tbody>
              {caseload.map((row) => (
                <tr key={row.coachUserId}>
                  <th scope="row">{row.coachUserId}</th>
                  <td>{format.number(row.cases)}</td>
                  <td>{t(`team.${caseloadAssessment(row.cases, ratio)}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function NoContact({ rows }: { rows: Signals['noContact30Days'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="team-no-contact">
      <h2 id="team-no-contact">{t('team.noContact')}</h2>
      {rows.length === 0 ? (
        <p>{t('team.noContactEmpty')}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('team.noContact')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.case')}</th>
              <th scope="col">{t('team.lastContact')}</th>
              <th scope="col">{t('team.days')}</th>
              <th scope="col">{t('team.coaches')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.caseId}>
                <th scope="row">
                  <CaseLink caseId={row.caseId} />
                </th>
                <td>{row.lastContactAt ? format.date(row.lastContactAt) : t('team.neverContacted')}</td>
                <td>{format.number(row.daysSince)}</td>
                <td>{row.coachUserIds.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Referrals waiting for a first appointment; those whose partner the purpose may not reveal, as a count. */
export function Waiting({ rows, withheld }: { rows: Signals['referralsWaiting']; withheld: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="team-waiting">
      <h2 id="team-waiting">{t('team.waiting')}</h2>
      {/* "None waiting" only when none is: not above a count of waiting ones that are not listed. */}
      {rows.length === 0 && withheld === 0 ? <p>{t('team.waitingEmpty')}</p> : null}
      {rows.length === 0 ? null : (
        <table className="data-table">
          <caption className="visually-hidden">{t('team.waiting')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.case')}</th>
              <th scope="col">{t('team.partner')}</th>
              <th scope="col">{t('team.sentAt')}</th>
              <th scope="col">{t('team.daysWaiting')}</th>
              <th scope="col">{t('team.referralStatus')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.referralId}>
                <th scope="row">
                  <CaseLink caseId={row.caseId} />
                </th>
                <td>{row.partnerAgencyId}</td>
                <td>{format.date(row.sentAt)}</td>
                <td>{format.number(row.daysWaiting)}</td>
                <td>{t(`team.${row.status}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {withheld > 0 ? <p>{t(rows.length === 0 ? 'team.withheldAll' : 'team.withheld', { count: withheld })}</p> : null}
    </section>
  );
}

function Overdue({ rows }: { rows: Signals['overduePlanSteps'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="team-overdue">
      <h2 id="team-overdue">{t('team.overdueSteps')}</h2>
      {rows.length === 0 ? (
        <p>{t('team.overdueEmpty')}</p>
      ) : (
        <table className="data-table">
          <caption className="visually-hidden">{t('team.overdueSteps')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('team.case')}</th>
              <th scope="col">{t('team.step')}</th>
              <th scope="col">{t('team.dueDate')}</th>
              <th scope="col">{t('team.daysOverdue')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.caseId}/${row.stepId}`}>
                <th scope="row">
                  <CaseLink caseId={row.caseId} />
                </th>
                <td>{row.stepId}</td>
                <td>{format.day(row.dueDate)}</td>
                <td>{format.number(row.daysOverdue)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** "Team-Signale": GET /api/team/signals for team leads under the purpose coordination. */
export function TeamSignalsPage() {
  const { t } = useTranslation();
  usePageTitle(t('team.title'));
  const { purpose } = useSession();
  const signals = useTeamSignals();
  return (
    <>
      <h1>{t('team.title')}</h1>
      {purpose !== 'coordination' ? (
        <PurposeNeeded purpose="coordination" current={purpose} />
      ) : (
        <>
          <p>{t('team.intro')}</p>
          {signals.error ? <ProblemMessage error={signals.error} /> : null}
          {signals.isPending && !signals.error ? <p role="status">{t('app.loading')}</p> : null}
          {signals.data ? (
            <>
              <Caseload signals={signals.data} />
              <NoContact rows={signals.data.noContact30Days} />
              <Waiting rows={signals.data.referralsWaiting} withheld={signals.data.referralsWithheld} />
              <Overdue rows={signals.data.overduePlanSteps} />
            </>
          ) : null}
        </>
      )}
    </>
  );
}
