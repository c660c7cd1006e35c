export * from './lib/kafka';
export * from './lib/postgres';
export * from './lib/temp-dir';
export * from './lib/visible-text';
export * from './lib/keycloak';
export * from './lib/service-process';
export * from './lib/free-port';
