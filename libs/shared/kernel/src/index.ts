export * from './lib/actor';
export * from './lib/errors';
export * from './lib/event';
export * from './lib/vocabulary';
