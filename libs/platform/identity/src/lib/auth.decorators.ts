import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Actor } from '@fallverbund/kernel';
import { UnauthenticatedError } from './identity.errors';

export const IS_PUBLIC = 'fallverbund:identity:public';

/** The request as the guard leaves it. */
export interface AuthenticatedRequest {
  readonly headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
}

/** Lets a route or controller through without a bearer token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/** The Actor the bearer token named. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const { actor } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  // Only reachable on a @Public() route, where nobody was authenticated: a programming error, not a 500 to hide.
  if (!actor) throw new UnauthenticatedError('This route has no authenticated actor');
  return actor;
});
