import { type Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type NextFunction, type Request, type Response } from 'express';

/** SHUTDOWN_GRACE_MS: how long requests in flight get after SIGTERM before their connections are cut. */
export const shutdownGraceFromEnv = (env: NodeJS.ProcessEnv = process.env): number => {
  const raw = env['SHUTDOWN_GRACE_MS']?.trim();
  if (!raw) return 10_000;
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`SHUTDOWN_GRACE_MS must be a whole number of ms, not ${raw}`);
  return ms;
};

/** How long a connection may sit without a request in it during a shutdown before it is closed. */
const IDLE_CLOSE_MS = 250;

interface Draining {
  closing: boolean;
  readonly open: Set<Response>;
}

const draining = new WeakMap<NestExpressApplication, Draining>();

/**
 * Keeps track of the answers not yet sent, so that a shutdown can end each keep-alive connection
 * after its last answer (`Connection: close`) instead of cutting it while a request is in flight.
 * Call before anything else is mounted.
 */
export const trackRequestsForShutdown = (app: NestExpressApplication): void => {
  const state: Draining = { closing: false, open: new Set() };
  draining.set(app, state);
  app.use((_request: Request, response: Response, next: NextFunction) => {
    if (state.closing) response.setHeader('Connection', 'close');
    else {
      state.open.add(response);
      response.once('close', () => state.open.delete(response));
    }
    next();
  });
};

/**
 * Graceful stop: the listening socket closes (the next connection goes to another instance), every
 * request in flight is answered while everything it needs still runs, keep-alive connections end
 * after their answer; only then do Nest's shutdown hooks stop the relay, the projection worker and
 * the audit checkpoints and close the pools. Connections still busy after `graceMs` are cut so that
 * the stop cannot hang.
 */
export const closeGracefully = async (app: NestExpressApplication, graceMs: number): Promise<void> => {
  const state = draining.get(app);
  const server: Server = app.getHttpServer();
  if (state) {
    state.closing = true;
    for (const response of state.open) if (!response.headersSent) response.setHeader('Connection', 'close');
  }
  // Stop listening without http's closeIdleConnections(): a connection accepted a moment ago whose
  // request has not been parsed yet counts as idle, and closing it would drop that request. Idle
  // connections are closed after a pause instead, and again while the busy ones finish; those end
  // after their answer (Connection: close above).
  const closing = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
  const idle = setInterval(() => server.closeIdleConnections(), IDLE_CLOSE_MS);
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closing;
  } finally {
    clearInterval(idle);
    clearTimeout(cut);
  }
  await app.close();
};

/**
 * SIGTERM and SIGINT stop the process gracefully (closeGracefully) and exit 0; a failure on the
 * way exits 1. A second signal while stopping is ignored: the grace period bounds the wait (and a
 * Ctrl-C under `npm start` arrives twice, from the terminal and forwarded by npm).
 */
export const stopOnSignals = (
  app: NestExpressApplication,
  options: { graceMs: number; log(message: string): void },
): void => {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    options.log(`${signal}: no new connections; answering the requests in flight, then stopping`);
    closeGracefully(app, options.graceMs).then(
      () => {
        options.log('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
};
