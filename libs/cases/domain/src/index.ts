export * from './case/case.commands';
export * from './case/case.decide';
export * from './case/case.errors';
export * from './case/case.events';
export * from './case/case.evolve';
