export * from './lib/records-of-processing';
export * from './lib/purpose-descriptions';
