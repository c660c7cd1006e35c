import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type NextFunction, type Request, type Response } from 'express';

export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ids = new WeakMap<Request, string>();

/**
 * The request's correlation id: the client's `X-Correlation-Id` when it is a UUID, otherwise a new one.
 * Anything else is replaced rather than rejected, because the id only serves tracing.
 */
export function correlationIdOf(request: Request): string {
  let id = ids.get(request);
  if (id === undefined) {
    const header = request.headers['x-correlation-id'];
    id = typeof header === 'string' && UUID.test(header) ? header : randomUUID();
    ids.set(request, id);
  }
  return id;
}

/** Express middleware that fixes the correlation id early and echoes it on every response, errors included. */
export function correlationIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  response.setHeader(CORRELATION_ID_HEADER, correlationIdOf(request));
  next();
}

/** The request's correlation id (see `correlationIdOf`). */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  correlationIdOf(context.switchToHttp().getRequest<Request>()),
);
