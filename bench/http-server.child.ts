import 'reflect-metadata';
import { type AddressInfo } from 'node:net';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { configFromEnv } from '../apps/api/src/app/config';
import { createApp } from '../apps/api/src/app/create-app';
import { serveRequests } from './support/child';

export type HttpServerRequest = { readonly op: 'start' } | { readonly op: 'stop' };
export interface HttpServerReply {
  readonly port: number;
}

let app: NestExpressApplication | undefined;

const stop = async (): Promise<void> => {
  const running = app;
  app = undefined;
  await running?.close();
};

// The API as apps/api/src/main.ts starts it (configuration from the environment the parent sets),
// in a process of its own so that the load generator does not share its event loop. The web
// workspace is left out: the benchmark calls only /api.
serveRequests<HttpServerRequest, HttpServerReply>(async (request) => {
  if (request.op === 'stop') {
    await stop();
    return { port: 0 };
  }
  const { web: _web, ...config } = configFromEnv();
  app = await createApp(config);
  await app.listen(0, config.host);
  return { port: (app.getHttpServer().address() as AddressInfo).port };
}, stop);
