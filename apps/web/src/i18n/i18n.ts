import i18next from 'i18next';
import { useMemo } from 'react';
import { initReactI18next, useTranslation as useI18nextTranslation } from 'react-i18next';
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

// Texts without values, kept per language once i18next has found them: i18next resolves every call anew
// (it copies its ~50 options into each call, splits the key, looks it up, runs its interpolation), and a
// case page asks for some 60 texts on every render (`npm run bench -- web-case-page`). Only static texts
// are kept — never one with values, which may name a person — and a text not (yet) found is not kept: a
// screen's texts arrive with its code (texts.ts), and the store's 'added' empties what is kept.
const keptTexts = new Map<string, unknown>();
i18n.store.on('added', () => keptTexts.clear());
i18n.store.on('removed', () => keptTexts.clear());

/**
 * Texts made from values that never name a person (a purpose, a category), kept per language under `id`:
 * `make` runs once per language and id (and again after a screen's texts arrive).
 */
export function keptText<T>(language: string, id: string, make: () => T): T {
  const key = `${language}\u0001${id}`;
  if (keptTexts.has(key)) return keptTexts.get(key) as T;
  const made = make();
  keptTexts.set(key, made);
  return made;
}

type Translation = ReturnType<typeof useI18nextTranslation>;

/** react-i18next's `useTranslation`, its `t` answering a static text from what is kept. */
export function useTranslation(): Translation {
  const found = useI18nextTranslation();
  const { t } = found;
  const language = found.i18n.language;
  const keptT = useMemo(() => {
    const call = t as unknown as (...args: unknown[]) => unknown;
    const kept = (key: unknown, ...rest: unknown[]): unknown => {
      if (rest.length > 0 || typeof key !== 'string') return call(key, ...rest);
      const id = `${language}\u0000${key}`;
      let text = keptTexts.get(id) as string | undefined;
      if (text === undefined) {
        const resolved = call(key);
        if (typeof resolved !== 'string' || resolved === key) return resolved;
        keptTexts.set(id, (text = resolved));
      }
      return text;
    };
    return kept as unknown as typeof t;
  }, [t, language]);
  return Object.assign([keptT, found.i18n, found.ready], {
    t: keptT,
    i18n: found.i18n,
    ready: found.ready,
  }) as Translation;
}

// Intl formatters are costly to build (the locale's data is looked up each time) and cheap to use: one
// per locale and options, kept for the page's life, and the date formats of the language built while
// the browser is idle after start, not on the first page that shows a date (`npm run bench --
// web-case-page`).
const DATE_FORMATS = {
  date: { dateStyle: 'medium' },
  day: { dateStyle: 'medium', timeZone: 'UTC' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  dateTimeSeconds: { dateStyle: 'medium', timeStyle: 'medium' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
/** One of DATE_FORMATS, by name (no key built from the options on every date: a timeline formats many). */
const dateFormat = (locale: string, name: keyof typeof DATE_FORMATS): Intl.DateTimeFormat => {
  const key = `d ${locale} ${name}`;
  let format = formatters.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(locale, DATE_FORMATS[name])));
  return format;
};
const numberFormat = (locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat => {
  const key = `n ${locale} ${JSON.stringify(options)}`;
  let format = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!format) formatters.set(key, (format = new Intl.NumberFormat(locale, options)));
  return format;
};
const instant = (value: string | Date): Date => (typeof value === 'string' ? new Date(value) : value);
const localeOf = (language: string): string => (language === 'en' ? 'en-GB' : 'de-DE');

/** Builds the date and number formats of the current language ahead of their first use. */
export function prepareFormats(): void {
  const locale = localeOf(i18n.language);
  for (const name of Object.keys(DATE_FORMATS) as (keyof typeof DATE_FORMATS)[]) dateFormat(locale, name).format(0);
  numberFormat(locale).format(0);
}

/** Dates and numbers in the current language, through Intl. */
export function useFormat() {
  const { i18n: current } = useI18nextTranslation();
  const locale = localeOf(current.language);
  return {
    date: (value: string | Date): string => dateFormat(locale, 'date').format(instant(value)),
    /** A calendar date (YYYY-MM-DD) without a time zone shift. */
    day: (value: string): string => dateFormat(locale, 'day').format(new Date(`${value}T00:00:00Z`)),
    /** Date and time of an instant ("04.12.2026, 10:30"). */
    dateTime: (value: string | Date): string => dateFormat(locale, 'dateTime').format(instant(value)),
    /** Date and time to the second, as the audit log is read. */
    dateTimeSeconds: (value: string | Date): string => dateFormat(locale, 'dateTimeSeconds').format(instant(value)),
    number: (value: number, options?: Intl.NumberFormatOptions): string => numberFormat(locale, options).format(value),
  };
}
