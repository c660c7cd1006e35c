import { useTranslation } from 'react-i18next';

/** A date with time in the current language (Intl), for instants such as appointments. */
export function useDateTime(): (value: string) => string {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? 'en-GB' : 'de-DE';
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  return (value: string) => format.format(new Date(value));
}

/** The value of an `<input type="datetime-local">` (local wall time) as an ISO 8601 instant. */
export function localToInstant(value: string): string {
  return new Date(value).toISOString();
}
