/** The prom-client Registry of this app instance (never the global default registry). */
export const METRICS_REGISTRY = Symbol('MetricsRegistry');
/** The terminus indicators `/api/health/ready` runs. */
export const READINESS_CHECKS = Symbol('ReadinessChecks');
