/** What readiness demands; from READY_MAX_PROJECTION_LAG_MS and READY_PROBE_TIMEOUT_MS. */
export interface HealthConfig {
  /** Ready only while no projection is further behind the log than this (default 30,000 ms). */
  readonly maxProjectionLagMs: number;
  /** A dependency that does not answer within this many ms counts as down (default 2,000). */
  readonly probeTimeoutMs: number;
}

export const DEFAULT_HEALTH_CONFIG: HealthConfig = { maxProjectionLagMs: 30_000, probeTimeoutMs: 2_000 };

const nonNegative = (env: NodeJS.ProcessEnv, name: string, fallback: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number of ms, not ${raw}`);
  return value;
};

export const healthConfigFromEnv = (env: NodeJS.ProcessEnv = process.env): HealthConfig => ({
  maxProjectionLagMs: nonNegative(env, 'READY_MAX_PROJECTION_LAG_MS', DEFAULT_HEALTH_CONFIG.maxProjectionLagMs),
  probeTimeoutMs: nonNegative(env, 'READY_PROBE_TIMEOUT_MS', DEFAULT_HEALTH_CONFIG.probeTimeoutMs) || 1,
});
