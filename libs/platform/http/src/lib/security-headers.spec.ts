import { once } from 'node:events';
import { type AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { securityHeaders } from './security-headers';

/** The headers an app with `middleware` answers `path` with (a plain 200, no other middleware). */
const headersOf = async (middleware: RequestHandler, path: string): Promise<Record<string, string>> => {
  const app = express();
  app.use(middleware);
  app.use((_req, res) => void res.status(200).end());
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      if (!['date', 'connection', 'keep-alive', 'content-length'].includes(name)) headers[name] = value;
    });
    return headers;
  } finally {
    server.closeAllConnections();
    server.close();
  }
};

describe('securityHeaders', () => {
  // What helmet itself sets with the API's options (the CSP is compared in http-edge.e2e.int.spec.ts).
  const helmetItself = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'none'"] } },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });

  it('answers every header helmet would set, recorded once, and removes X-Powered-By', async () => {
    const ours = await headersOf(securityHeaders(), '/api/cases/1');
    const theirs = await headersOf(helmetItself, '/api/cases/1');
    const { 'content-security-policy': ourCsp, 'cache-control': cache, ...ourRest } = ours;
    const { 'content-security-policy': theirCsp, ...theirRest } = theirs;
    expect(ourRest).toEqual(theirRest);
    expect(Object.keys(ourRest)).toHaveLength(11);
    expect([typeof ourCsp, typeof theirCsp, cache]).toEqual(['string', 'string', 'no-store']);
    expect(ourRest['x-powered-by']).toBeUndefined();
  });

  it('gives each request its own set, by path: the API, the documentation, the web workspace', async () => {
    const csp = async (path: string) => (await headersOf(securityHeaders(), path))['content-security-policy'];
    const [api, docs, web, apiAgain] = await Promise.all([
      csp('/api/cases'),
      csp('/api/docs'),
      csp('/'),
      csp('/api/x'),
    ]);
    expect(api).toBe("default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'");
    expect(docs).toContain("script-src 'self'");
    expect(web).toContain("manifest-src 'self'");
    expect(apiAgain).toBe(api);
  });
});
