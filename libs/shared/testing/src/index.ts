export * from './lib/postgres';
export * from './lib/temp-dir';
