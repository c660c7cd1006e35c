/**
 * Resolves after `ms` (at once for `ms` <= 0), or as soon as `signal` aborts (at once if it already has):
 * the waits of the loops that follow the log (subscriptions, relays) end with their stop.
 */
export const pause = (ms: number, signal: AbortSignal): Promise<void> =>
  ms <= 0 || signal.aborted
    ? Promise.resolve()
    : new Promise((resolve) => {
        const done = (): void => {
          clearTimeout(timer);
          signal.removeEventListener('abort', done);
          resolve();
        };
        const timer = setTimeout(done, ms);
        signal.addEventListener('abort', done, { once: true });
      });
