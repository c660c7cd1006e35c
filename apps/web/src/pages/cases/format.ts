export { useDateTime } from '../../components/dateTime';

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
