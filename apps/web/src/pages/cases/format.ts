import { useTranslation } from 'react-i18next';

/** Date and time of an instant ("04.12.2026, 10:30"), in the language shown. */
export function useDateTime(): (value: string) => string {
  const { i18n } = useTranslation();
  const formatter = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en-GB' : 'de-DE', {
    dateStyle: 'medium',
    timeStyle: 'short',
  });
  return (value) => formatter.format(new Date(value));
}

/** An instant as the value of an <input type="datetime-local"> (local time, minutes). */
export function toLocalInput(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * The value of an <input type="datetime-local"> (local time) as an ISO instant. The current minute
 * means now: the input has no seconds, and its start may lie before a case opened a moment ago.
 */
export function fromLocalInput(value: string, now: Date = new Date()): string {
  return value === toLocalInput(now) ? now.toISOString() : new Date(value).toISOString();
}
