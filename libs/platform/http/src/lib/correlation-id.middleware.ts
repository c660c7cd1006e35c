import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { type NextFunction, type Request, type Response } from 'express';

export const REQUEST_ID_HEADER = 'X-Request-Id';
export const CORRELATION_ID_HEADER = 'X-Correlation-Id';

/** What a client's correlation id may look like: a UUID, a W3C trace id, a short token; nothing else is kept. */
const CLIENT_CORRELATION_ID = /^[A-Za-z0-9._:+/=-]{1,128}$/;

const requestIds = new WeakMap<Request, string>();

/**
 * The server's id of this request, made here for every request and never taken from the client: the
 * key of the request's audit entries and events, answered in `X-Request-Id`.
 */
export function requestIdOf(request: Request): string {
  let id = requestIds.get(request);
  if (id === undefined) {
    id = randomUUID();
    requestIds.set(request, id);
  }
  return id;
}

/**
 * The client's `X-Correlation-Id`, kept as given when it is 1 to 128 characters of letters, digits and
 * `. _ : + / = -`; otherwise (or without one) null. It only serves the client's own tracing: it is
 * recorded beside the request id, never used as a key.
 */
export function correlationIdOf(request: Pick<Request, 'headers'>): string | null {
  const header = request.headers['x-correlation-id'];
  return typeof header === 'string' && CLIENT_CORRELATION_ID.test(header) ? header : null;
}

/** Express middleware that fixes the request id early and answers it on every response, errors included. */
export function correlationIdMiddleware(request: Request, response: Response, next: NextFunction): void {
  response.setHeader(REQUEST_ID_HEADER, requestIdOf(request));
  const correlationId = correlationIdOf(request);
  if (correlationId !== null) response.setHeader(CORRELATION_ID_HEADER, correlationId);
  next();
}

/** The server's id of this request (see `requestIdOf`). */
export const RequestId = createParamDecorator((_: unknown, context: ExecutionContext): string =>
  requestIdOf(context.switchToHttp().getRequest<Request>()),
);

/** The client's correlation id, or null (see `correlationIdOf`). */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string | null =>
  correlationIdOf(context.switchToHttp().getRequest<Request>()),
);
