import { type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoggerService } from '@nestjs/common';
import { type Request } from 'express';
import { pino, type DestinationStream, type Level, type LevelWithSilent, type Logger } from 'pino';
import { pinoHttp, type HttpLogger } from 'pino-http';
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
 * Express middleware (pino-http) that logs one line per request when its answer is finished: method,
 * route template (`/api/cases/{id}`, null when no route matched), status, duration in ms, the server's
 * request id and the client's correlation id. Never the path's values, the query, headers or bodies:
 * they may hold personal data. 5xx answers log at level error, everything else at info.
 */
export function requestLogging(logger: Logger): HttpLogger {
  const fields = (req: IncomingMessage, res: ServerResponse, val: { durationMs?: unknown }) => {
    const correlationId = correlationIdOf(req);
    return {
      method: req.method,
      route: routeTemplateOf(req as Request) ?? null,
      status: res.statusCode,
      durationMs: val.durationMs,
      ...(correlationId === null ? {} : { correlationId }),
    };
  };
  const message = (req: IncomingMessage, res: ServerResponse) =>
    `${req.method ?? ''} ${routeTemplateOf(req as Request) ?? '(no route)'} ${res.statusCode}`;
  return pinoHttp({
    logger,
    genReqId: (req) => requestIdOf(req as Request),
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: { req: () => undefined, res: () => undefined, err: () => undefined },
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    customLogLevel: (_req, res, error): Level => (error !== undefined || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessObject: (req, res, val: { durationMs?: unknown }) => fields(req, res, val),
    customErrorObject: (req, res, _error, val: { durationMs?: unknown }) => fields(req, res, val),
    customSuccessMessage: message,
    customErrorMessage: message,
  });
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
