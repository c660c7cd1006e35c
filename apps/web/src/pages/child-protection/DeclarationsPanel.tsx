import { useFormat, useTranslation } from '../../i18n/i18n';
import { ProblemMessage } from '../../components/ProblemMessage';
import { addTexts } from '../../i18n/texts';
import { useAgencyName } from '../cases/queries';
import { useChildProtectionDeclarations } from './queries';
import { childProtectionTexts } from './texts';

addTexts('childProtection', childProtectionTexts);

/**
 * The DPO's list of § 8a declarations: who declared, on which case, until when, and the justification
 * (opened for the DPO; "(gelöscht)" once the person's or the category's key is erased). Asks for nothing
 * while the tab is not shown: the read is logged.
 */
export function DeclarationsPanel({ active = true }: { active?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const agencyName = useAgencyName();
  const list = useChildProtectionDeclarations(active);
  const items = list.data?.items ?? [];
  return (
    <section aria-labelledby="dpo-declarations">
      <h2 id="dpo-declarations">{t('childProtection.list.heading')}</h2>
      <p>{t('childProtection.list.intro')}</p>
      {list.error ? <ProblemMessage error={list.error} /> : null}
      {list.isPending && active && !list.error ? <p role="status">{t('app.loading')}</p> : null}
      {list.data && items.length === 0 ? <p>{t('childProtection.list.none')}</p> : null}
      {items.length > 0 ? (
        <div className="table-scroll" role="region" aria-label={t('childProtection.list.caption')} tabIndex={0}>
          <table className="data-table">
            <caption className="visually-hidden">{t('childProtection.list.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('childProtection.list.declaredAt')}</th>
                <th scope="col">{t('childProtection.list.case')}</th>
                <th scope="col">{t('childProtection.list.by')}</th>
                <th scope="col">{t('childProtection.list.until')}</th>
                <th scope="col">{t('childProtection.list.state')}</th>
                <th scope="col">{t('childProtection.list.justification')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id}>
                  <th scope="row">{format.dateTime(d.declaredAt)}</th>
                  <td>
                    <code className="case-ref">{d.caseId}</code>
                  </td>
                  <td>
                    {d.userId} ({agencyName(d.agencyId)})
                  </td>
                  <td>{format.dateTime(d.expiresAt)}</td>
                  <td>{d.active ? t('childProtection.list.active') : t('childProtection.list.ended')}</td>
                  <td>{typeof d.justification === 'string' ? d.justification : t('childProtection.list.erased')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
