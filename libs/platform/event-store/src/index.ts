export * from './lib/async-mutex';
export * from './lib/catch-up-subscription';
export * from './lib/errors';
export * from './lib/event-store';
export * from './lib/postgres-event-store';
export * from './lib/protected-event-store';
export * from './lib/sqlite-event-store';
export * from './lib/subject-keys';
