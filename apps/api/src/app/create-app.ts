import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { ProjectionRunner } from '@fallverbund/cases-application';
import { configureHttpApp, createLogger } from '@fallverbund/http';
import { httpMetrics, PlatformMetrics } from '@fallverbund/observability';
import { METRICS_REGISTRY } from '../observability/observability.tokens';
import { AppModule } from './app.module';
import { type AppConfig } from './config';
import { trackRequestsForShutdown } from './graceful-shutdown';
import { LogPositionInterceptor } from './log-position.interceptor';
import { auditRefusals } from './refusal-audit';

/** Title and version of the API's OpenAPI document. */
export const API_INFO = { title: 'Fallverbund case API', version: '0.1.0' } as const;

/**
 * The API as configured. `logger: false` (tests) silences the log unless `config.logging` names a
 * destination for its lines.
 */
export const createApp = async (
  config: AppConfig,
  options: { logger?: false } = {},
): Promise<NestExpressApplication> => {
  const destination = config.logging?.destination;
  const silent = options.logger === false && destination === undefined;
  const logger = createLogger({
    service: 'fallverbund-api',
    level: silent ? 'silent' : (config.logging?.level ?? 'info'),
    ...(destination ? { destination } : {}),
  });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    ...(silent ? { logger: false } : { bufferLogs: true }),
  });
  trackRequestsForShutdown(app);
  const refusals = auditRefusals(app);
  const metrics = app.get(PlatformMetrics);
  // Before configureHttpApp's middleware, so that what they refuse is measured too.
  app.use(httpMetrics(app.get(METRICS_REGISTRY)));
  configureHttpApp(app, {
    ...API_INFO,
    bodyLimit: config.bodyLimit,
    beforeRefusal: async (request, problem) => {
      metrics.refusal(problem.code);
      await refusals.beforeRefusal(request, problem);
    },
    logger,
    ...(config.web ? { web: config.web } : {}),
  });
  app.use(refusals.watch);
  app.useGlobalInterceptors(new LogPositionInterceptor(app.get(ProjectionRunner)));
  return app;
};
