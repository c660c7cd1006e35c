export * from './lib/case-events';
export * from './lib/evaluation-events';
export * from './lib/examples';
export * from './lib/integration-event';
export * from './lib/json-schema';
export * from './lib/partner-events';
export * from './lib/registry';
