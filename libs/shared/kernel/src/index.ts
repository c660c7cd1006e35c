export * from './lib/actor';
export * from './lib/decider';
export * from './lib/errors';
export * from './lib/event';
export * from './lib/time';
export * from './lib/vocabulary';
export * from './lib/markdown-table';
