export const PERSISTENCE = Symbol('Persistence');
