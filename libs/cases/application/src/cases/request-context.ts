import { type Actor, type CommandContext, type Purpose } from '@fallverbund/kernel';

/** The facts of one request that every command and query needs. */
export interface RequestContext {
  readonly actor: Actor;
  readonly purpose: Purpose;
  readonly correlationId: string;
  readonly now: Date;
}

export const commandContext = ({ actor, purpose, now }: RequestContext): CommandContext => ({ actor, purpose, now });
