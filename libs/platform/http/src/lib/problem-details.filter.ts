import { STATUS_CODES } from 'node:http';
import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  HttpException,
  Logger,
  NotFoundException,
} from '@nestjs/common';
import { WrongExpectedVersionError } from '@fallverbund/event-store';
import { DomainError, type DomainErrorKind } from '@fallverbund/kernel';
import { type Request, type Response } from 'express';
import { correlationIdOf, requestIdOf } from './correlation-id.middleware';
import { type FieldError, ForbiddenCharacterError, RequestValidationError } from './request.errors';
import { routeTemplateOf } from './route-template';

/** An RFC 9457 problem document, with the stable `code` clients switch on. */
export interface ProblemDetails {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly code: string;
  readonly instance: string;
  /** The server's id of the request (also in `X-Request-Id`), the key of its audit entries. */
  readonly requestId: string;
  /** The client's `X-Correlation-Id` as given, when it sent a valid one. */
  readonly correlationId?: string;
  readonly errors?: readonly FieldError[];
}

/** What an error means for the client, before it is tied to a request. */
export interface Problem {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
}

export const PROBLEM_TYPE_BASE = 'https://fallverbund.example/problems/';

const STATUS_OF_KIND: Record<DomainErrorKind, number> = { not_found: 404, conflict: 409, forbidden: 403, invalid: 400 };

// body-parser marks its errors with a `type`; the adapter wraps those below 500 in an HttpException.
const BODY_PARSER_PROBLEMS: Record<string, Omit<Problem, 'detail'>> = {
  'entity.parse.failed': { status: 400, code: 'REQUEST.MALFORMED_JSON' },
  'entity.too.large': { status: 413, code: 'REQUEST.TOO_LARGE' },
  'charset.unsupported': { status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' },
  'encoding.unsupported': { status: 415, code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' },
};

const UNDECODABLE_PATH: Problem = {
  status: 400,
  code: 'REQUEST.FORBIDDEN_CHARACTER',
  detail: 'A path parameter is not valid UTF-8.',
  errors: [{ field: '(path)', messages: ['is not valid UTF-8'] }],
};

const INTERNAL: Problem = { status: 500, code: 'INTERNAL', detail: 'An unexpected error occurred.' };

/** Maps any thrown value to the problem the client is told about. Never exposes messages of unknown errors. */
export function problemFor(error: unknown, request: Pick<Request, 'method' | 'originalUrl'>): Problem {
  if (error instanceof DomainError) {
    return { status: STATUS_OF_KIND[error.kind], code: error.code, detail: error.message };
  }
  if (error instanceof WrongExpectedVersionError) {
    return {
      status: 409,
      code: 'STREAM.CONCURRENT_CHANGE',
      detail: 'Someone else changed this resource at the same time; reload it and try again.',
    };
  }
  // A path parameter that is no UTF-8 (e.g. a lone surrogate as %ED%A0%80), thrown by the router's
  // decoding as is or wrapped by the adapter; its message would repeat the value.
  if (error instanceof URIError || (error instanceof HttpException && error.cause instanceof URIError)) {
    return UNDECODABLE_PATH;
  }
  if (error instanceof HttpException) {
    const bodyParserProblem = BODY_PARSER_PROBLEMS[typeOf(error.cause) ?? ''];
    if (bodyParserProblem) return { ...bodyParserProblem, detail: bodyParserDetail(error) };
    // Nest's handler for unmatched routes throws exactly this; a handler's own 404 keeps HTTP.404.
    if (error instanceof NotFoundException && error.message === `Cannot ${request.method} ${request.originalUrl}`) {
      return { status: 404, code: 'ROUTE.NOT_FOUND', detail: `No route for ${request.method} ${pathOf(request)}` };
    }
    const status = error.getStatus();
    return { status, code: `HTTP.${status}`, detail: error.message };
  }
  if (hasStatusAndCode(error)) {
    const errors =
      error instanceof RequestValidationError || error instanceof ForbiddenCharacterError
        ? { errors: error.errors }
        : {};
    const detail = error.status < 500 ? error.message : INTERNAL.detail;
    return { status: error.status, code: error.code, detail, ...errors };
  }
  return INTERNAL;
}

/**
 * Called before a refusal (a problem below 500) is answered, e.g. to record it; the answer waits for
 * it. If it fails, the request answers its error (a 503 when the record could not be written) instead.
 */
export type RefusalHook = (request: Request, problem: Problem) => Promise<void>;

/** Answers every error as `application/problem+json` (RFC 9457). Register it globally, once. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger(ProblemDetailsFilter.name);

  constructor(private readonly beforeRefusal?: RefusalHook) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = problemFor(error, request);
    if (this.beforeRefusal && problem.status < 500 && !response.headersSent) {
      this.beforeRefusal(request, problem).then(
        () => this.answer(error, problem, request, response),
        (failure: unknown) => this.answer(failure, problemFor(failure, request), request, response),
      );
      return;
    }
    this.answer(error, problem, request, response);
  }

  private answer(error: unknown, problem: Problem, request: Request, response: Response): void {
    const requestId = requestIdOf(request);
    const correlationId = correlationIdOf(request);
    if (problem.status >= 500) {
      // The route template, not the path, whose ids say whom the request was about.
      this.logger.error(
        `${request.method} ${routeTemplateOf(request) ?? '(no route)'} failed (request id ${requestId})`,
        error instanceof Error ? error.stack : String(error),
      );
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    const body: ProblemDetails = {
      type: problemType(problem.code),
      title: STATUS_CODES[problem.status] ?? 'Error',
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      instance: pathOf(request),
      requestId,
      ...(correlationId === null ? {} : { correlationId }),
      ...(problem.errors ? { errors: problem.errors } : {}),
    };
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(body));
  }
}

/** Generic HTTP codes add nothing beyond the status, which RFC 9457 spells `about:blank`. */
export function problemType(code: string): string {
  if (code.startsWith('HTTP.')) return 'about:blank';
  return PROBLEM_TYPE_BASE + code.toLowerCase().replace(/[._]/g, '-');
}

// The query string may carry personal data; the instance is the path alone.
function pathOf(request: Pick<Request, 'originalUrl'>): string {
  return request.originalUrl.split('?')[0] ?? '/';
}

/**
 * body-parser's own words, except for valid JSON that is no object or array (`null`, `"text"`, `42`): strict
 * parsing refuses it with a message that calls it invalid JSON, which sends the client looking for a syntax error.
 */
function bodyParserDetail(error: HttpException): string {
  const cause = error.cause as { type?: unknown; body?: unknown } | undefined;
  if (cause?.type === 'entity.parse.failed' && typeof cause.body === 'string' && isBareJsonValue(cause.body)) {
    return 'The body must be a JSON object (or array); a bare value such as null, a string or a number is not accepted.';
  }
  return error.message;
}

function isBareJsonValue(body: string): boolean {
  try {
    const value: unknown = JSON.parse(body);
    return value === null || typeof value !== 'object';
  } catch {
    return false;
  }
}

function typeOf(value: unknown): string | undefined {
  const type = (value as { type?: unknown } | null | undefined)?.type;
  return typeof type === 'string' ? type : undefined;
}

function hasStatusAndCode(error: unknown): error is Error & { status: number; code: string } {
  if (!(error instanceof Error)) return false;
  const { status, code } = error as { status?: unknown; code?: unknown };
  return (
    typeof code === 'string' && typeof status === 'number' && Number.isInteger(status) && status >= 400 && status <= 599
  );
}
