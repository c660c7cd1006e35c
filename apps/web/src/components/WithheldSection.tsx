import { memo } from 'react';
import { keptText, useTranslation } from '../i18n/i18n';
import { type Category, declarablePurposes, needsOf, type Purpose } from '../session/purposes';

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
  // Only purposes this user can declare are suggested (a youth-office caseworker under child_protection is
  // not sent to the Jobcenter's "Eingliederung"). Made of a category and purposes only, the same on every
  // case: put into words once per language and set of purposes.
  const declarable = declarablePurposes();
  const texts = keptText(i18n.language, `withheld ${category} ${purpose} ${declarable.join(',')}`, () => {
    const needed = needsOf(purpose).includes(category);
    const releasing = declarable.filter((p) => needsOf(p).includes(category));
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
