import { type CallHandler, type ExecutionContext, Logger, type NestInterceptor } from '@nestjs/common';
import { type Request, type Response } from 'express';
import { from, type Observable, switchMap, tap } from 'rxjs';
import { type ProjectionRunner } from '@fallverbund/cases-application';
import { appendedPositions, formatPosition, type GlobalPosition, parsePosition } from '@fallverbund/event-store';
import { RequestError } from '@fallverbund/http';

/**
 * Read-your-writes by log position. A command's answer names the newest log position it appended in
 * this header; a request that sends the header back waits until the read models have reached it.
 */
export const LOG_POSITION_HEADER = 'Fallverbund-Log-Position';

/** How long a request waits for the read models before it is answered from where they stand. */
export const LOG_POSITION_WAIT_MS = 5_000;

/** The header's value is not a log position (`<commit>/<prepare>`, decimal digits). */
export class LogPositionMalformedError extends RequestError {
  constructor() {
    super(400, 'REQUEST.LOG_POSITION_MALFORMED', `${LOG_POSITION_HEADER} must be two numbers, as in 1234/5678`);
  }
}

/** Requests that change nothing: their answers carry no position. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const parseLogPosition = (value: string): GlobalPosition => {
  if (value.length > 50 || !/^\d+\/\d+$/.test(value)) throw new LogPositionMalformedError();
  return parsePosition(value);
};

/**
 * Every request: a position sent along is waited for (all projections move together, so one runner
 * position stands for every read model), then the handler runs, and a command's successful answer
 * carries the newest position this process has committed (at or after the command's own). Reads of a case's own stream would
 * not need the wait; it costs nothing once the runner is there, which it mostly already is.
 */
export class LogPositionInterceptor implements NestInterceptor {
  private readonly logger = new Logger('LogPosition');

  constructor(
    private readonly projections: ProjectionRunner,
    private readonly waitMs = LOG_POSITION_WAIT_MS,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const sent = request.header(LOG_POSITION_HEADER);
    const position = sent === undefined ? undefined : parseLogPosition(sent.trim());
    const command = !SAFE_METHODS.has(request.method);
    const handled = next.handle().pipe(
      tap(() => {
        // The newest position this process committed: at or after this command's own append.
        const appended = command ? appendedPositions.last : undefined;
        if (appended && !response.headersSent) response.setHeader(LOG_POSITION_HEADER, formatPosition(appended));
      }),
    );
    if (!position) return handled;
    return from(this.reach(position)).pipe(switchMap(() => handled));
  }

  private async reach(position: GlobalPosition): Promise<void> {
    if (await this.projections.waitFor(position, this.waitMs)) return;
    // Answered anyway, from where the read models stand: a stuck projection must not stop all reads.
    this.logger.warn(`read models did not reach log position ${formatPosition(position)} within ${this.waitMs} ms`);
  }
}
