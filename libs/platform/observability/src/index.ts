export * from './lib/health-indicators';
export * from './lib/http-metrics';
export * from './lib/labels';
export * from './lib/log-lag';
export * from './lib/metrics-listener';
export * from './lib/metrics-registry';
export * from './lib/platform-metrics';
export * from './lib/relay-metrics';
