import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type RequestContext } from '@fallverbund/cases-application';
import { correlationIdOf, purposeFrom, requestIdOf } from '@fallverbund/http';
import { type AuthenticatedRequest, UnauthenticatedError } from '@fallverbund/identity';
import { type Request } from 'express';
import { clock } from './clock';

/**
 * The actor (from the verified token), the declared purpose (X-Purpose, 400 when missing or unknown),
 * the server's request id, the client's correlation id and the time of one request.
 */
export const Context = createParamDecorator((_: unknown, context: ExecutionContext): RequestContext => {
  const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
  if (!request.actor) throw new UnauthenticatedError('This route has no authenticated actor');
  return {
    actor: request.actor,
    purpose: purposeFrom(request.headers['x-purpose']),
    requestId: requestIdOf(request),
    correlationId: correlationIdOf(request),
    now: clock.now(),
    answersWithLogPosition: true,
  };
});
