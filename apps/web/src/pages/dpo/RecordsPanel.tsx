import { Button } from 'react-aria-components';
import { useTranslation } from '../../i18n/i18n';
import { ProblemMessage } from '../../components/ProblemMessage';
import { addTexts } from '../../i18n/texts';
import { recordsTexts } from './records-texts';
import { type ProcessingActivity, useRecordsOfProcessing } from './records-queries';
import './records.css';

addTexts('records', recordsTexts);

const PERIOD = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?$/;

/** "P10Y" → "10 Jahre"; several parts joined; an unknown form as it is. */
function usePeriodText(): (iso: string) => string {
  const { t } = useTranslation();
  return (iso) => {
    const match = PERIOD.exec(iso);
    if (!match) return iso;
    const [, y, m, d] = match;
    const parts = [
      y ? t('records.years', { count: Number(y) }) : null,
      m ? t('records.months', { count: Number(m) }) : null,
      d !== undefined || (!y && !m) ? t('records.days', { count: Number(d ?? 0) }) : null,
    ].filter((p): p is string => p !== null);
    return parts.join(', ');
  };
}

function Activity({ activity, lang }: { activity: ProcessingActivity; lang: 'de' | 'en' }) {
  const { t } = useTranslation();
  const periodText = usePeriodText();
  const name = activity.name[lang];
  const headingId = `records-${activity.purpose}`;
  return (
    <section aria-labelledby={headingId} className="records-activity">
      <h3 id={headingId}>{name}</h3>
      <dl>
        <dt>{t('records.description')}</dt>
        <dd>{activity.description[lang]}</dd>
        <dt>{t('records.legalBases')}</dt>
        <dd>
          <ul>
            {activity.legalBases.map((basis) => (
              <li key={basis}>{basis}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('records.controllers')}</dt>
        <dd>{activity.controllers.map((c) => c.name).join(', ')}</dd>
        <dt>{t('records.subjects')}</dt>
        <dd>{activity.dataSubjects.map((s) => t(`records.subject.${s}`)).join(', ')}</dd>
        <dt>{t('records.thirdCountries')}</dt>
        <dd>{t('records.none')}</dd>
      </dl>
      {activity.categories.length === 0 ? (
        <p>{t('records.noCategories')}</p>
      ) : (
        <table>
          <caption>{t('records.categoriesCaption', { name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('records.category')}</th>
              <th scope="col">{t('records.domain')}</th>
              <th scope="col">{t('records.period')}</th>
              <th scope="col">{t('records.startsAt')}</th>
              <th scope="col">{t('records.atTheEnd')}</th>
              <th scope="col">{t('records.source')}</th>
            </tr>
          </thead>
          <tbody>
            {activity.categories.flatMap((c) =>
              c.retention.map((r, i) => (
                <tr key={`${c.category}-${r.domain}`}>
                  {i === 0 ? (
                    <th scope="rowgroup" rowSpan={c.retention.length}>
                      {t(`category.${c.category}`)}
                    </th>
                  ) : null}
                  <td>{t(`records.recordsDomain.${r.domain}`)}</td>
                  <td>{periodText(r.period)}</td>
                  <td>{t(`records.start.${r.startsAt}`)}</td>
                  <td>{t(`records.action.${r.atTheEnd}`)}</td>
                  <td>{r.legalSource}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}
      <table>
        <caption>{t('records.recipientsCaption', { name })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('records.rule')}</th>
            <th scope="col">{t('records.agencyTypes')}</th>
            <th scope="col">{t('records.partnerServices')}</th>
            <th scope="col">{t('records.basis')}</th>
          </tr>
        </thead>
        <tbody>
          {activity.recipients.map((r) => (
            <tr key={r.rule}>
              <th scope="row">
                {t(`records.recipientRule.${r.rule}`)}
                {r.internal ? ` (${t('records.internal')})` : ''}
              </th>
              <td>{r.agencyTypes.map((type) => t(`records.agencyType.${type}`)).join(', ')}</td>
              <td>{r.partnerServices.map((s) => t(`records.service.${s}`)).join(', ') || '–'}</td>
              <td>{r.basis}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * "Verzeichnis von Verarbeitungstätigkeiten": the record of processing activities as the API builds
 * it, one section per purpose, with tables that print (the browser's print, `@media print` hides the
 * navigation). The read is logged like every DPO call, so it is loaded only when the tab is shown.
 */
export function RecordsPanel({ active = true }: { active?: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language.startsWith('en') ? 'en' : 'de';
  const records = useRecordsOfProcessing(active);
  const data = records.data;
  return (
    <section aria-labelledby="dpo-records" className="records-of-processing">
      <h2 id="dpo-records">{t('records.heading')}</h2>
      <p>{t('records.intro')}</p>
      {records.error ? <ProblemMessage error={records.error} /> : null}
      {!data ? (
        records.isPending && active ? (
          <p role="status">{t('records.loading')}</p>
        ) : null
      ) : (
        <>
          <p>{t('records.versions', { policy: data.policyVersion, retention: data.retentionVersion })}</p>
          <p className="no-print">
            <Button onPress={() => window.print()}>{t('records.print')}</Button>
          </p>
          <nav aria-label={t('records.contents')}>
            <ul>
              {data.activities.map((a) => (
                <li key={a.purpose}>
                  <a href={`#records-${a.purpose}`}>{a.name[lang]}</a>
                </li>
              ))}
            </ul>
          </nav>
          {data.activities.map((a) => (
            <Activity key={a.purpose} activity={a} lang={lang} />
          ))}
          {data.activities[0] ? (
            <section aria-labelledby="records-safeguards">
              <h3 id="records-safeguards">{t('records.safeguards')}</h3>
              <ul>
                {data.activities[0].safeguards.map((s) => (
                  <li key={s.id}>
                    {s[lang]} <small>({s.source})</small>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </>
      )}
    </section>
  );
}
