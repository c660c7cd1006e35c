import { type NestExpressApplication } from '@nestjs/platform-express';
import { AuditTrail, refusalEntry } from '@fallverbund/cases-application';
import { canonicalUuid, correlationIdOf, type RefusalHook, requestIdOf } from '@fallverbund/http';
import { type AuthenticatedRequest } from '@fallverbund/identity';
import { type NextFunction, type Request, type Response } from 'express';
import { clock } from './clock';

/** Routes about cases: a refusal there is recorded even before any access decision (400, 401, …). */
const AUDITED = /^\/api\/(cases|conferences|referrals)(\/|$)/;
const CASE_ID = /^\/api\/cases\/([^/]+)/;

interface RouteLayer {
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean | undefined> };
  match(path: string): boolean;
}

/**
 * Records every refused request on a route about a case (`/api/cases/**`, `/api/conferences/**`,
 * `/api/referrals`) that no handler recorded: a bad or missing token (401), a missing or unknown
 * purpose, a body or path that fails validation (400), a conflict (409), a stale If-Match (412), …
 * One deny entry, without content, under the request id; the answer waits for it (fail closed: 503).
 */
export const auditRefusals = (
  app: NestExpressApplication,
): { watch: (request: Request, response: Response, next: NextFunction) => void; beforeRefusal: RefusalHook } => {
  const trail = app.get(AuditTrail);
  const routeOf = (request: Request): string | undefined => {
    const routed = (request.route as { path?: unknown } | undefined)?.path;
    // Refused before routing (a malformed or oversized body): the route it was addressed to.
    const path = typeof routed === 'string' ? routed : templateOf(app, request);
    return path === undefined ? undefined : `${request.method} ${path.replace(/:(\w+)/g, '{$1}')}`;
  };
  return {
    watch: (request, response, next) => {
      if (AUDITED.test(request.path)) response.on('close', trail.watch(requestIdOf(request)));
      next();
    },
    beforeRefusal: async (request, problem) => {
      if (!AUDITED.test(request.path)) return;
      const requestId = requestIdOf(request);
      if (trail.recordedFor(requestId)) return;
      const route = routeOf(request);
      if (route === undefined) return;
      await trail.record([
        refusalEntry({
          route,
          caseRef: canonicalUuid(CASE_ID.exec(request.path)?.[1]) ?? null,
          actor: (request as Request & AuthenticatedRequest).actor,
          purposeHeader: request.headers['x-purpose'],
          requestId,
          correlationId: correlationIdOf(request),
          status: problem.status,
          now: clock.now(),
        }),
      ]);
    },
  };
};

const templateOf = (app: NestExpressApplication, request: Request): string | undefined => {
  const express = app.getHttpAdapter().getInstance() as unknown as { router?: { stack?: readonly RouteLayer[] } };
  const method = request.method.toLowerCase();
  // Only the shape of the path matters here; percent-escapes are replaced so that an undecodable one
  // (refused as such) cannot make the match throw.
  const path = request.path.replace(/%[0-9A-Fa-f]{2}/g, '_');
  const layer = express.router?.stack?.find((l) => l.route?.methods[method] === true && l.match(path));
  return typeof layer?.route?.path === 'string' ? layer.route.path : undefined;
};
