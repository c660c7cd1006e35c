import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { configureHttpApp } from '@fallverbund/http';
import { AppModule } from './app.module';
import { type AppConfig } from './config';
import { auditRefusals } from './refusal-audit';

/** Title and version of the API's OpenAPI document. */
export const API_INFO = { title: 'Fallverbund case API', version: '0.1.0' } as const;

export const createApp = async (
  config: AppConfig,
  options: { logger?: false } = {},
): Promise<NestExpressApplication> => {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    ...(options.logger === false ? { logger: false } : {}),
  });
  const refusals = auditRefusals(app);
  configureHttpApp(app, {
    ...API_INFO,
    bodyLimit: config.bodyLimit,
    beforeRefusal: refusals.beforeRefusal,
  });
  app.use(refusals.watch);
  app.enableShutdownHooks();
  return app;
};
