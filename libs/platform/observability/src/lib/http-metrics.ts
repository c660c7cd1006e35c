import { routeTemplateOf } from '@fallverbund/http';
import { type NextFunction, type Request, type Response } from 'express';
import { Histogram, type Registry } from 'prom-client';
import { methodLabel, routeLabel } from './labels';

/** Seconds: from the sub-millisecond reads of a warm cache to the 5 s a read may wait for a log position. */
export const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Express middleware: `http_request_duration_seconds{method, route, status}` for every answered
 * request, the route as its template (`/api/cases/{id}`, as in the OpenAPI document and the request
 * log), never the path with its values; `none` when no route matched. Register it first, so that
 * refusals of the middleware after it are measured too.
 */
export function httpMetrics(registry: Registry): (request: Request, response: Response, next: NextFunction) => void {
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from the request to its answer, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: HTTP_BUCKETS,
    registers: [registry],
  });
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      duration.observe(
        {
          method: methodLabel(request.method),
          route: routeLabel(routeTemplateOf(request)),
          status: String(response.statusCode),
        },
        seconds,
      );
    });
    next();
  };
}
