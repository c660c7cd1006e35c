import { memo } from 'react';
import { keptText, useTranslation } from '../i18n/i18n';
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
  const { t, i18n } = useTranslation();
  // Made of a category and purposes only, the same on every case: put into words once per language.
  const texts = keptText(i18n.language, `withheld ${category} ${purpose}`, () => {
    const needed = needsOf(purpose).includes(category);
    const releasing = allPurposes().filter((p) => needsOf(p).includes(category));
    const purposeName = t(`purpose.${purpose}`);
    return {
      heading: t('withheld.heading', { category: t(`category.${category}`) }),
      why: needed
        ? t('withheld.notGranted', { purpose: purposeName })
        : t('withheld.notNeeded', { purpose: purposeName }),
      grant: needed
        ? t('withheld.grantConsent')
        : releasing.length > 0
          ? t('withheld.grantNeed', { purposes: releasing.map((p) => t(`purpose.${p}`)).join(', ') })
          : t('withheld.grantNone'),
    };
  });
  return (
    <section className="withheld" aria-labelledby={`withheld-${category}`} data-category={category}>
      <h3 id={`withheld-${category}`}>{texts.heading}</h3>
      <p>{texts.why}</p>
      <p>{texts.grant}</p>
    </section>
  );
});
