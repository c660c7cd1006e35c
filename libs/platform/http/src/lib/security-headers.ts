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

// The web workspace (built by Vite: files of this origin only, no inline script or stylesheet). React
// Aria injects two fixed <style> elements (usePress: touch-action on pressable elements; usePreventScroll
// on touch devices: overscroll-behavior), allowed by their hashes, nothing else inline; styles React
// sets through the DOM (popover positions) are no style attributes and need no allowance. Calls go to
// this origin (and, in production, to the OIDC issuer for the code exchange).
const REACT_ARIA_STYLES = [
  "'sha256-38RhXrc7EdReTKsOm23ZPOCUgniTUUcjky8QOOrQx6o='",
  "'sha256-gYiS/BvZvRcK27JIXTuwhZ3hs2+VJ1X+2gUlE+farlg='",
];
const webDirectives = (connectSources: readonly string[]) => ({
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", ...REACT_ARIA_STYLES],
  'img-src': ["'self'"],
  'font-src': ["'self'"],
  'connect-src': ["'self'", ...connectSources],
  'manifest-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
});

const API_PATH = /^\/api(?:\/|$)/i;

/**
 * The headers helmet sets for these directives, as one function that sets them. Helmet's answer depends
 * on its options only (no directive here is a function of the request), so it is asked once, on a
 * recording response, and each request then gets the recorded headers in one loop instead of a chain of
 * twelve middlewares (1.7 % of the API's request thread under load, docs/decisions.md).
 */
const headersWith = (directives: Record<string, string[]>): ((response: Response) => void) => {
  const set: [string, string | string[]][] = [];
  const removed: string[] = [];
  const recorder = {
    setHeader: (name: string, value: string | string[]) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  };
  let done = false;
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  })({} as Request, recorder as unknown as Response, (error?: unknown) => {
    if (error !== undefined) throw new Error('helmet refused its options', { cause: error });
    done = true;
  });
  // A helmet that decides per request, or later than at once, cannot be recorded: refuse to start.
  if (!done) throw new Error('helmet did not set its headers at once; they cannot be recorded');
  return (response) => {
    for (const [name, value] of set) response.setHeader(name, value);
    for (const name of removed) response.removeHeader(name);
  };
};

/**
 * Security headers on every answer (helmet): `nosniff`, no framing (`X-Frame-Options: DENY`,
 * `frame-ancestors 'none'`), `Referrer-Policy: no-referrer`, a Content-Security-Policy that allows
 * nothing under `/api` (Swagger UI under `/api/docs` gets what it needs; the web workspace outside `/api`
 * gets its own files), and `Cache-Control: no-store` on every
 * answer outside the documentation, since any of them may carry personal data.
 */
export function securityHeaders(options: { webConnectSources?: readonly string[] } = {}): RequestHandler {
  const api = headersWith(API_DIRECTIVES);
  const docs = headersWith(DOCS_DIRECTIVES);
  const web = headersWith(webDirectives(options.webConnectSources ?? []));
  return (request: Request, response: Response, next: NextFunction) => {
    if (DOCS_PATH.test(request.path)) {
      docs(response);
    } else {
      response.setHeader('Cache-Control', 'no-store');
      // Outside /api only the web workspace's files and pages are answered (or a 404 problem).
      (API_PATH.test(request.path) ? api : web)(response);
    }
    next();
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

/**
 * A route that answers JSON or, for `Accept: text/html`, a page of its own (the access report, the
 * person's copy): the page is rendered from the same answer and sent with the page's own
 * Content-Security-Policy (its styles by hash, nothing else). Returns what the handler returns.
 */
export function jsonOrPage<T>(
  request: Request,
  response: Response,
  answer: T,
  render: (answer: T) => string,
): T | string {
  if (request.accepts(['application/json', 'text/html']) !== 'text/html') return answer;
  const html = render(answer);
  response.type('text/html; charset=utf-8');
  response.setHeader('Content-Security-Policy', contentSecurityPolicyForPage(html));
  return html;
}
