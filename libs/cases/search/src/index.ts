export * from './lib/name-terms';
export * from './lib/blind-index';
export * from './lib/search-token.entity';
