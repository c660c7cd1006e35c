/** The retention scheduler's settings (RETENTION_RUN, RETENTION_INTERVAL_HOURS, RETENTION_FIRST_RUN_MINUTES). */
export interface RetentionConfig {
  /** `on`: this process runs the daily retention run (one instance at a time, by advisory lock on PostgreSQL). */
  readonly run: boolean;
  /** Between two runs; default 24 h. */
  readonly intervalMs: number;
  /** From the start to the first run; default 5 min (a restart does not skip a day). */
  readonly firstRunMs: number;
}

const positive = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, not "${raw}"`);
  return value;
};

/** RETENTION_RUN=on|off (default on): whether this process runs the retention scheduler. */
export const retentionConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): RetentionConfig => {
  const raw = env['RETENTION_RUN'] ?? 'on';
  if (raw !== 'on' && raw !== 'off') throw new Error(`RETENTION_RUN must be "on" or "off", not "${raw}"`);
  return {
    run: raw === 'on',
    intervalMs: positive(env, 'RETENTION_INTERVAL_HOURS', 24) * 3_600_000,
    firstRunMs: positive(env, 'RETENTION_FIRST_RUN_MINUTES', 5) * 60_000,
  };
};

export const RETENTION_CONFIG = Symbol('RETENTION_CONFIG');
