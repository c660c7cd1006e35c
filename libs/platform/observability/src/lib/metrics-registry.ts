import { collectDefaultMetrics, Registry } from 'prom-client';

export interface MetricsRegistryOptions {
  /** Node's process metrics (CPU, memory, event-loop lag, GC); default on. */
  readonly processMetrics?: boolean;
  /** Labels on every series of this registry (`service`): never anything about a person or a case. */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * A registry of its own for one app instance, never prom-client's global one: several apps in one
 * process (tests) would otherwise count into each other's series or fail registering a name twice.
 */
export function createMetricsRegistry(options: MetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.labels) registry.setDefaultLabels({ ...options.labels });
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry });
  return registry;
}
