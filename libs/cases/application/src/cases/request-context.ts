import { type Actor, type CommandContext, type Purpose } from '@fallverbund/kernel';

/** The facts of one request that every command and query needs. */
export interface RequestContext {
  readonly actor: Actor;
  readonly purpose: Purpose;
  /** The server's id of the request: the key of its audit entries and the correlation id of its events. */
  readonly requestId: string;
  /** The client's own correlation id as given (validated), or null; recorded, never a key. */
  readonly correlationId: string | null;
  readonly now: Date;
  /**
   * Set for HTTP requests: the answer names the log position the request appended (apps/api's
   * log-position interceptor), so a command need not wait for the read models before it answers.
   */
  readonly answersWithLogPosition?: boolean;
}

export const commandContext = ({ actor, purpose, now }: RequestContext): CommandContext => ({ actor, purpose, now });
