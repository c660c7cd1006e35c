import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import de from './de.json';
import en from './en.json';

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** German first; English switchable. `<html lang>` follows the language. */
export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { de: { translation: de }, en: { translation: en } },
  lng: 'de',
  fallbackLng: 'de',
  interpolation: { escapeValue: false },
  initAsync: false,
});
const followLanguage = (lng: string): void => {
  if (typeof document !== 'undefined') document.documentElement.lang = lng;
};
followLanguage(i18n.language);
i18n.on('languageChanged', followLanguage);

/** Dates and numbers in the current language, through Intl. */
export function useFormat() {
  const { i18n: current } = useTranslation();
  const locale = current.language === 'en' ? 'en-GB' : 'de-DE';
  return {
    date: (value: string | Date): string =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(
        typeof value === 'string' ? new Date(value) : value,
      ),
    /** A calendar date (YYYY-MM-DD) without a time zone shift. */
    day: (value: string): string =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${value}T00:00:00Z`)),
    number: (value: number): string => new Intl.NumberFormat(locale).format(value),
  };
}
