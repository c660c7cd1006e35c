import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { type Actor, type ParticipantPrincipal, type Principal } from '@fallverbund/kernel';
import { UnauthenticatedError } from './identity.errors';

export const IS_PUBLIC = 'fallverbund:identity:public';
export const AUDIENCE = 'fallverbund:identity:audience';

/** Who a route answers: staff (the default), participants (`/api/me/...`), or both (GET /api/session). */
export type Audience = 'staff' | 'participant' | 'anyone';

/** The request as the guard leaves it: `actor` for a staff token, `participant` for a participant's. */
export interface AuthenticatedRequest {
  readonly headers: Record<string, string | string[] | undefined>;
  actor?: Actor;
  participant?: ParticipantPrincipal;
}

/** Lets a route or controller through without a bearer token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);

/**
 * A route or controller for participants only: a staff token is refused (403 AUTH.PARTICIPANT_ONLY).
 * Without it a route is for staff only, and a participant's token is refused (403 AUTH.STAFF_ONLY).
 */
export const ForParticipants = (): MethodDecorator & ClassDecorator => SetMetadata(AUDIENCE, 'participant');

/** A route both staff and participants may call (it must then read the principal, not the actor). */
export const ForAnyone = (): MethodDecorator & ClassDecorator => SetMetadata(AUDIENCE, 'anyone');

/** The Actor the bearer token named. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const { actor } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  // Only reachable on a @Public() route, where nobody was authenticated: a programming error, not a 500 to hide.
  if (!actor) throw new UnauthenticatedError('This route has no authenticated actor');
  return actor;
});

/** The participant the bearer token named, on a @ForParticipants() route. */
export const CurrentParticipant = createParamDecorator(
  (_data: unknown, context: ExecutionContext): ParticipantPrincipal => {
    const { participant } = context.switchToHttp().getRequest<AuthenticatedRequest>();
    if (!participant) throw new UnauthenticatedError('This route has no authenticated participant');
    return participant;
  },
);

/** The staff member or participant the bearer token named, on a @ForAnyone() route. */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const { actor, participant } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  const principal = actor ?? participant;
  if (!principal) throw new UnauthenticatedError('This route has no authenticated principal');
  return principal;
});
