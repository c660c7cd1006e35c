import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';

// Everything under /api (any spelling: Express matches routes case-insensitively) stays the API's.
const API_PATH = /^\/api(?:\/|$)/i;

/**
 * Serves the built web workspace (`dist/apps/web`) at `/`: its files, and `index.html` for every other
 * GET or HEAD outside `/api` that asks for a page, so that the client-side router gets deep links.
 * Hashed files under `/assets` may be cached for good, the build's other files (the icon) for a day;
 * `index.html` and everything else keeps `no-store`.
 * Returns undefined when the folder holds no `index.html` (the UI was not built).
 */
export function serveWeb(dir: string): RequestHandler | undefined {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return undefined;
  const files = express.static(dir, {
    index: false,
    fallthrough: true,
    setHeaders: (response, path) => {
      if (path.startsWith(join(dir, 'assets')))
        response.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
      // The build's other files (the icon) hold no personal data either; a day, since their names
      // carry no hash. (The browser asks for the icon on every change of address otherwise.)
      else if (path !== index) response.setHeader('Cache-Control', 'public, max-age=86400');
    },
  });
  return (request: Request, response: Response, next: NextFunction) => {
    if (API_PATH.test(request.path) || (request.method !== 'GET' && request.method !== 'HEAD')) {
      next();
      return;
    }
    files(request, response, () => {
      if (!request.accepts('html') || request.path.startsWith('/assets/')) {
        next();
        return;
      }
      response.sendFile(index);
    });
  };
}
