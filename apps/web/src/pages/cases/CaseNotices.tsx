import { useFormat, useTranslation } from '../../i18n/i18n';
import type { Schema } from '../../api/client';
import './texts';

/**
 * § 84 SGB X, shown to every reader of the case: the person disputes the accuracy of its data
 * ("Richtigkeit bestritten"), and which categories are restricted for this reader.
 */
export function CaseNotices({ view }: { view: Pick<Schema<'CaseViewDto'>, 'accuracyDisputed' | 'restricted'> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const dispute = view.accuracyDisputed;
  const names = (categories: readonly string[]) => categories.map((c) => t(`category.${c}`)).join(', ');
  return (
    <>
      {dispute ? (
        <p role="note" className="notice">
          {dispute.categories
            ? t('casePage.header.accuracyDisputedIn', {
                categories: names(dispute.categories),
                date: format.day(dispute.since.slice(0, 10)),
              })
            : t('casePage.header.accuracyDisputed', { date: format.day(dispute.since.slice(0, 10)) })}
        </p>
      ) : null}
      {view.restricted.length > 0 ? (
        <p role="note" className="notice">
          {t('casePage.header.restricted', { categories: names(view.restricted) })}
        </p>
      ) : null}
    </>
  );
}
