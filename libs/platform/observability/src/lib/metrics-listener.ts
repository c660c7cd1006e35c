import { createServer, type Server } from 'node:http';
import { type Registry } from 'prom-client';

export interface MetricsListenerOptions {
  readonly registry: Registry;
  readonly port: number;
  /** Default 127.0.0.1; 0.0.0.0 when Prometheus scrapes from another host. */
  readonly host?: string;
  readonly onError?: (error: unknown) => void;
}

/**
 * A listener of its own for a process without an HTTP server (apps/relay): `GET /metrics` in the
 * Prometheus text format, 404 for anything else. Resolves once it listens; `close()` it on shutdown.
 */
export async function startMetricsListener(options: MetricsListenerOptions): Promise<Server> {
  const server = createServer((request, response) => {
    const path = (request.url ?? '').split('?')[0];
    if (request.method !== 'GET' || path !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    options.registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': options.registry.contentType }).end(text),
      (error: unknown) => {
        options.onError?.(error);
        response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}
