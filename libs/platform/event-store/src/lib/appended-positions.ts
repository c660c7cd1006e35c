import { AsyncLocalStorage } from 'node:async_hooks';
import { comparePositions, type GlobalPosition } from './event-store';

interface Tracker {
  last: GlobalPosition | undefined;
}

const trackers = new AsyncLocalStorage<Tracker>();

/**
 * Runs `work` and notes the newest log position any append made inside it reaches (e.g. one HTTP
 * request), wherever in the call tree the append happens. `last()` reads it once the work is done.
 */
export const trackAppendedPositions = <T>(work: () => T): { result: T; last: () => GlobalPosition | undefined } => {
  const tracker: Tracker = { last: undefined };
  const result = trackers.run(tracker, work);
  return { result, last: () => tracker.last };
};

/** Called by the stores after each append; a no-op outside `trackAppendedPositions`. */
export const noteAppendedPosition = (position: GlobalPosition): void => {
  const tracker = trackers.getStore();
  if (tracker && (tracker.last === undefined || comparePositions(position, tracker.last) > 0)) tracker.last = position;
};

/** Whether the caller runs inside `trackAppendedPositions`, i.e. someone will hand its position on. */
export const isTrackingAppendedPositions = (): boolean => trackers.getStore() !== undefined;
