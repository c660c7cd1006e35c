import type { TFunction } from 'i18next';
import { type Category, needsOf, type Purpose } from '../../session/purposes';

/** Purposes a consent may name: every case purpose but the anonymised evaluation and the audit (CONSENT.INVALID). */
export const CONSENTABLE_PURPOSES: readonly Purpose[] = [
  'integration',
  'coordination',
  'health_promotion',
  'rehabilitation',
  'youth_support',
  'child_protection',
  'case_conference',
  'aftercare',
];

export const CATEGORIES: readonly Category[] = [
  'identity',
  'case_admin',
  'contacts',
  'plan',
  'referrals',
  'progress',
  'finances',
  'health',
  'addiction',
  'youth_welfare',
];

/** Special categories (Art. 9 GDPR; youth welfare: entrusted data, § 65 SGB VIII) the form explains. */
export const SPECIAL_CATEGORIES: readonly Category[] = ['health', 'addiction', 'youth_welfare'];

/** "A und B" / "A, B und C". */
export function joinWords(words: readonly string[], and: string): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${and} ${words[words.length - 1]}`;
}

/** What a consent allows per purpose: the chosen categories the purpose needs (the consent rule). */
export function allowedByPurpose(
  purposes: readonly Purpose[],
  categories: readonly Category[],
): { purpose: Purpose; categories: Category[] }[] {
  return purposes.map((purpose) => ({
    purpose,
    categories: CATEGORIES.filter((c) => categories.includes(c) && needsOf(purpose).includes(c)),
  }));
}

/**
 * The consent in words, one sentence per purpose: "Suchtberatung Nord darf zum Zweck
 * Gesundheitsförderung Person und Sucht lesen, bis einschließlich 30.06.2027."
 */
export function consentInWords(
  input: {
    recipients: readonly string[];
    purposes: readonly Purpose[];
    categories: readonly Category[];
    /** Formatted already, or undefined: until withdrawn. */
    until: string | undefined;
  },
  t: TFunction,
): string[] {
  const { recipients, purposes, categories, until } = input;
  if (recipients.length === 0 || purposes.length === 0 || categories.length === 0) return [];
  const and = t('consents.and');
  const who = joinWords(recipients, and);
  const untilText = until ? t('consents.untilDate', { date: until }) : t('consents.untilWithdrawal');
  return allowedByPurpose(purposes, categories).map(({ purpose, categories: allowed }) =>
    allowed.length === 0
      ? t('consents.summaryNothing', { purpose: t(`purpose.${purpose}`) })
      : t('consents.summarySentence', {
          recipients: who,
          verb: recipients.length === 1 ? t('consents.may_one') : t('consents.may_other'),
          purpose: t(`purpose.${purpose}`),
          categories: joinWords(
            allowed.map((c) => t(`category.${c}`)),
            and,
          ),
          until: untilText,
        }),
  );
}
