import { toLocalInput } from '../../components/dateTime';

export { toLocalInput, useDateTime } from '../../components/dateTime';

/**
 * The value of an <input type="datetime-local"> (local time) as an ISO instant. The current minute
 * means now: the input has no seconds, and its start may lie before a case opened a moment ago.
 */
export function fromLocalInput(value: string, now: Date = new Date()): string {
  return value === toLocalInput(now) ? now.toISOString() : new Date(value).toISOString();
}
