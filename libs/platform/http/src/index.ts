export * from './lib/configure-http-app';
export * from './lib/correlation-id.middleware';
export * from './lib/if-match.decorator';
export * from './lib/problem-details.filter';
export * from './lib/purpose.decorator';
export * from './lib/request.errors';
export * from './lib/validation.pipe';
