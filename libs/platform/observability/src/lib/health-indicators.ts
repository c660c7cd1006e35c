import { type HealthIndicatorFunction, type HealthIndicatorService } from '@nestjs/terminus';

export interface ProbeOptions {
  /** A dependency that has not answered within this many ms counts as down (default 2000). */
  readonly timeoutMs?: number;
  /** Told the cause of a failed probe; the readiness answer itself only says `unreachable` or `timeout`. */
  readonly onFailure?: (key: string, error: unknown) => void;
}

class ProbeTimeout extends Error {}

/** Our own timeout, or one the dependency's client names so (`AuditSyncTimeoutError`, …). */
const timedOut = (error: unknown): boolean =>
  error instanceof ProbeTimeout || (error instanceof Error && /timeout/i.test(error.name));

const withTimeout = async <T>(work: Promise<T>, ms: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new ProbeTimeout()), ms)));
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/**
 * A terminus indicator that is up when `check` resolves within the timeout and down otherwise. The
 * public answer names no host, table or error text (`unreachable`, `timeout`); the cause goes to
 * `onFailure` (the log).
 */
export function dependencyProbe(
  indicators: HealthIndicatorService,
  key: string,
  check: () => Promise<unknown>,
  options: ProbeOptions = {},
): HealthIndicatorFunction {
  return async () => {
    const session = indicators.check(key);
    try {
      await withTimeout(check(), options.timeoutMs ?? 2000);
      return session.up();
    } catch (error) {
      options.onFailure?.(key, error);
      return session.down({ message: timedOut(error) ? 'timeout' : 'unreachable' });
    }
  };
}

/**
 * Up while every projection is at most `maxLagMs` behind the log (`logLagMs`); down with the names of
 * those behind otherwise, or when the lag cannot be read.
 */
export function projectionLagProbe(
  indicators: HealthIndicatorService,
  key: string,
  lagMs: () => Promise<ReadonlyMap<string, number>>,
  maxLagMs: number,
  options: ProbeOptions = {},
): HealthIndicatorFunction {
  return async () => {
    const session = indicators.check(key);
    let lags: ReadonlyMap<string, number>;
    try {
      lags = await withTimeout(lagMs(), options.timeoutMs ?? 2000);
    } catch (error) {
      options.onFailure?.(key, error);
      return session.down({ message: timedOut(error) ? 'timeout' : 'unreachable' });
    }
    const values = [...lags.values()];
    const maxLag = values.length === 0 ? 0 : Math.max(...values);
    const behind = [...lags].filter(([, ms]) => ms > maxLagMs).map(([name]) => name);
    const data = { maxLagMs: maxLag, thresholdMs: maxLagMs };
    return behind.length === 0 ? session.up(data) : session.down({ ...data, behind });
  };
}
