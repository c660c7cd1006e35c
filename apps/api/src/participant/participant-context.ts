import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { correlationIdOf, requestIdOf } from '@fallverbund/http';
import { type AuthenticatedRequest, UnauthenticatedError } from '@fallverbund/identity';
import { type ParticipantPrincipal } from '@fallverbund/kernel';
import { type Request } from 'express';
import { clock } from '../app/clock';

/** The facts of one participant request: who (from the verified token), its ids and its time. No purpose is declared. */
export interface ParticipantRequest {
  readonly participant: ParticipantPrincipal;
  readonly requestId: string;
  readonly correlationId: string | null;
  readonly now: Date;
}

/** On a @ForParticipants() route: the participant, the request ids and the time (see ParticipantRequest). */
export const ParticipantContext = createParamDecorator((_: unknown, context: ExecutionContext): ParticipantRequest => {
  const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
  if (!request.participant) throw new UnauthenticatedError('This route has no authenticated participant');
  return {
    participant: request.participant,
    requestId: requestIdOf(request),
    correlationId: correlationIdOf(request),
    now: clock.now(),
  };
});
