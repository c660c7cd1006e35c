import { type NestExpressApplication } from '@nestjs/platform-express';
import { AuditTrail, refusalEntry } from '@fallverbund/cases-application';
import { canonicalUuid, correlationIdOf, type RefusalHook, requestIdOf, routeTemplateOf } from '@fallverbund/http';
import { type AuthenticatedRequest } from '@fallverbund/identity';
import { type NextFunction, type Request, type Response } from 'express';
import { clock } from './clock';

/** Routes about cases, and the participant's own (`/api/me`): a refusal there is recorded even before any access decision (400, 401, …). */
const AUDITED = /^\/api\/(cases|conferences|referrals|me)(\/|$)/;
const CASE_ID = /^\/api\/(?:me\/)?cases\/([^/]+)/;

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
    const template = routeTemplateOf(request);
    return template === undefined ? undefined : `${request.method} ${template}`;
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
          participant: (request as Request & AuthenticatedRequest).participant,
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
