import { type LoggerService } from '@nestjs/common';
import { type RequestHandler } from 'express';
import { pino, type DestinationStream, type Level, type LevelWithSilent, type Logger } from 'pino';
import pretty from 'pino-pretty';
import { correlationIdOf, requestIdOf } from './correlation-id.middleware';
import { routeTemplateOf } from './route-template';

export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface LogOptions {
  /** Names the process in every line. */
  readonly service: string;
  /** Default `info`. */
  readonly level?: LevelWithSilent;
  /** Where lines go. Default stdout: readable text on a terminal, one JSON object a line otherwise. */
  readonly destination?: DestinationStream;
}

/**
 * The process's logger (pino): JSON lines with an ISO timestamp (`time`), the level as a word and the
 * service, or on a terminal the same as coloured text. Nothing personal goes in: see `requestLogging`.
 */
export function createLogger(options: LogOptions): Logger {
  const terminal = options.destination === undefined && process.stdout.isTTY;
  const destination =
    options.destination ??
    (terminal
      ? pretty({
          translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l o',
          ignore: 'pid,hostname,service',
          singleLine: true,
          sync: true,
        })
      : pino.destination({ dest: 1, sync: true }));
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      // pino-pretty reads numeric levels; JSON readers get the word.
      ...(terminal ? {} : { formatters: { level: (label: string) => ({ level: label }) } }),
    },
    destination,
  );
}

/**
 * Express middleware that logs one line per request when its answer is finished (or the connection
 * closed before it was, then marked `aborted`): method, route template (`/api/cases/{id}`, null when no route matched),
 * status, duration in ms, the server's request id and the client's correlation id. Never the path's
 * values, the query, headers or bodies: they may hold personal data. 5xx answers log at level error,
 * everything else at info; a line whose level is off costs nothing but the listener. (Not pino-http:
 * see docs/decisions.md "Request logging without pino-http".)
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (request, response, next) => {
    const started = performance.now();
    response.once('close', () => {
      const level: Level = response.statusCode >= 500 ? 'error' : 'info';
      if (!logger.isLevelEnabled(level)) return;
      const route = routeTemplateOf(request);
      const correlationId = correlationIdOf(request);
      logger[level](
        {
          requestId: requestIdOf(request),
          method: request.method,
          route: route ?? null,
          status: response.statusCode,
          durationMs: Math.round(performance.now() - started),
          ...(correlationId === null ? {} : { correlationId }),
          ...(response.writableFinished ? {} : { aborted: true }),
        },
        `${request.method} ${route ?? '(no route)'} ${response.statusCode}`,
      );
    });
    next();
  };
}

/** Nest's own messages (start, routes, errors) through the same logger, with their context. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    // Nest passes (message, stack?, context?).
    const [stack, context] = rest.length >= 2 ? rest : [undefined, rest[0]];
    this.logger.error({ context, ...(typeof stack === 'string' ? { stack } : {}) }, String(message));
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: Level, message: unknown, rest: readonly unknown[]): void {
    const context = rest[rest.length - 1];
    this.logger[level]({ ...(typeof context === 'string' ? { context } : {}) }, String(message));
  }
}
