import { createHash } from 'node:crypto';
import { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';

// Express matches routes case-insensitively, so /API/DOCS is the documentation too.
const DOCS_PATH = /^\/api\/docs(?:[/-]|$)/i;

// An answer of this API is data, never a page that loads, runs, frames or posts anything.
const API_DIRECTIVES = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

// Swagger UI: its own scripts and stylesheet from this origin, the inline styles it writes, the data:
// images of its stylesheet, and calls to this origin for "Try it out". No inline or foreign script.
const DOCS_DIRECTIVES = {
  ...API_DIRECTIVES,
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'connect-src': ["'self'"],
};

const headersWith = (directives: Record<string, string[]>): RequestHandler =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

/**
 * Security headers on every answer (helmet): `nosniff`, no framing (`X-Frame-Options: DENY`,
 * `frame-ancestors 'none'`), `Referrer-Policy: no-referrer`, a Content-Security-Policy that allows
 * nothing (Swagger UI under `/api/docs` gets what it needs), and `Cache-Control: no-store` on every
 * answer outside the documentation, since any of them may carry personal data.
 */
export function securityHeaders(): RequestHandler {
  const api = headersWith(API_DIRECTIVES);
  const docs = headersWith(DOCS_DIRECTIVES);
  return (request: Request, response: Response, next: NextFunction) => {
    if (DOCS_PATH.test(request.path)) {
      docs(request, response, next);
      return;
    }
    response.setHeader('Cache-Control', 'no-store');
    api(request, response, next);
  };
}

/**
 * The Content-Security-Policy for an HTML page the API renders itself (the access report): nothing
 * but the page's own `<style>` elements, allowed by their hashes, so no script, no style attribute,
 * no request and no frame. Every value on such a page must be escaped; this is the second line.
 */
export function contentSecurityPolicyForPage(html: string): string {
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    ([, css]) =>
      `'sha256-${createHash('sha256')
        .update(css ?? '')
        .digest('base64')}'`,
  );
  const directives: Record<string, string[]> = {
    ...API_DIRECTIVES,
    ...(styles.length > 0 ? { 'style-src': styles } : {}),
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
