export * from './lib/retention-table';
export * from './lib/due-at';
export * from './lib/schedule';
