import { memo } from 'react';
import { useTranslation } from 'react-i18next';
import { type Category, needsOf, allPurposes, type Purpose } from '../session/purposes';

/**
 * A section the API withheld (`withheld` of GET /api/cases/{id}): which category, why, and what would
 * release it. Never an error: it is the access policy working.
 */
export const WithheldSection = memo(function WithheldSection({
  category,
  purpose,
}: {
  category: Category;
  purpose: Purpose;
}) {
  const { t } = useTranslation();
  const needed = needsOf(purpose).includes(category);
  const releasing = allPurposes().filter((p) => needsOf(p).includes(category));
  const purposeName = t(`purpose.${purpose}`);
  return (
    <section className="withheld" aria-labelledby={`withheld-${category}`} data-category={category}>
      <h3 id={`withheld-${category}`}>{t('withheld.heading', { category: t(`category.${category}`) })}</h3>
      <p>
        {needed
          ? t('withheld.notGranted', { purpose: purposeName })
          : t('withheld.notNeeded', { purpose: purposeName })}
      </p>
      <p>
        {needed
          ? t('withheld.grantConsent')
          : releasing.length > 0
            ? t('withheld.grantNeed', { purposes: releasing.map((p) => t(`purpose.${p}`)).join(', ') })
            : t('withheld.grantNone')}
      </p>
    </section>
  );
});
