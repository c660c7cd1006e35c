export * from './lib/binding/participant-binding';
export * from './lib/invitation/invitation';
export * from './lib/invitation/invitation-code';
export * from './lib/participant-audit';
