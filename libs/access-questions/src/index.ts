export * from './lib/question/question.events';
export * from './lib/question/question.commands';
export * from './lib/question/question.errors';
export * from './lib/question/question.deadline';
export * from './lib/question/question.evolve';
export * from './lib/question/question.decide';
export * from './lib/deferral/deferral';
export * from './lib/deferral/participant-view';
