import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { type AddressInfo } from 'node:net';
import express from 'express';
import { type LevelWithSilent } from 'pino';
import { createLogger, requestLogging } from './request-logging';

/** An Express app with the request log in front of three routes, its lines collected. */
const serve = async (level: LevelWithSilent) => {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    service: 'test',
    level,
    destination: { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  const app = express();
  app.use(requestLogging(logger));
  app.get('/api/cases/:id', (_req, res) => void res.json({ ok: true }));
  app.get('/api/broken/:id', (_req, res) => void res.status(503).json({ ok: false }));
  let hung: () => void = () => undefined;
  const reached = new Promise<void>((resolve) => (hung = resolve));
  app.get('/api/slow/:id', () => hung());
  const server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    lines,
    base,
    reached,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(resolve));
    },
  };
};

/** Resolves once the server has seen the answer closed: the line is written on 'close'. */
const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('requestLogging', () => {
  it('logs one line per answer with the route template, never the path values, 5xx at error', async () => {
    const app = await serve('info');
    try {
      await fetch(`${app.base}/api/cases/Mara-Beispiel`, { headers: { 'x-correlation-id': 'trace-1' } });
      await fetch(`${app.base}/api/broken/Mara-Beispiel`);
      await settled();
      expect(
        app.lines.map(({ level, method, route, status, correlationId, msg }) => ({
          level,
          method,
          route,
          status,
          correlationId,
          msg,
        })),
      ).toEqual([
        {
          level: 'info',
          method: 'GET',
          route: '/api/cases/{id}',
          status: 200,
          correlationId: 'trace-1',
          msg: 'GET /api/cases/{id} 200',
        },
        {
          level: 'error',
          method: 'GET',
          route: '/api/broken/{id}',
          status: 503,
          correlationId: undefined,
          msg: 'GET /api/broken/{id} 503',
        },
      ]);
      expect(
        app.lines.every((line) => typeof line['durationMs'] === 'number' && typeof line['requestId'] === 'string'),
      ).toBe(true);
      expect(JSON.stringify(app.lines)).not.toContain('Mara');
    } finally {
      await app.close();
    }
  });

  it('marks an answer the client did not wait for as aborted', async () => {
    const app = await serve('info');
    try {
      const client = httpRequest(`${app.base}/api/slow/1`);
      client.on('error', () => undefined);
      client.end();
      await app.reached;
      client.destroy();
      await settled();
      expect(app.lines).toEqual([expect.objectContaining({ route: '/api/slow/{id}', aborted: true })]);
    } finally {
      await app.close();
    }
  });

  it('writes nothing below its level, and a 5xx still at warn', async () => {
    const app = await serve('warn');
    try {
      await fetch(`${app.base}/api/cases/1`);
      await fetch(`${app.base}/api/broken/1`);
      await settled();
      expect(app.lines.map((line) => line['status'])).toEqual([503]);
    } finally {
      await app.close();
    }
  });
});
