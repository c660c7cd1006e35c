export * from './lib/auth.decorators';
export * from './lib/bearer-auth.guard';
export * from './lib/dev-token';
export * from './lib/dev-token.controller';
export * from './lib/directory';
export * from './lib/identity.errors';
export * from './lib/identity.module';
export * from './lib/oidc-token-verifier';
export { TokenVerifier } from './lib/token-verifier';
