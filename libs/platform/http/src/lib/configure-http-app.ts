import { type INestApplication } from '@nestjs/common';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { type NextFunction, type Request, type Response } from 'express';
import { type Logger } from 'pino';
import { checkRequestShape } from './body-depth';
import { completeOpenApiDocument, ErasedDto, ProblemDetailsDto } from './openapi';
import { correlationIdMiddleware } from './correlation-id.middleware';
import { ProblemDetailsFilter, type RefusalHook } from './problem-details.filter';
import { PinoNestLogger, requestLogging } from './request-logging';
import { RequestError } from './request.errors';
import { securityHeaders } from './security-headers';
import { serveWeb } from './serve-web';
import { createValidationPipe } from './validation.pipe';

export interface HttpAppOptions {
  /** Largest accepted JSON body, in body-parser notation; default `'64kb'`. */
  readonly bodyLimit?: string;
  /** Title and version of the OpenAPI document. */
  readonly title: string;
  readonly version: string;
  /** Runs before any refusal (4xx) is answered: the API records refusals of case routes in the audit log. */
  readonly beforeRefusal?: RefusalHook;
  /**
   * The process's logger (`createLogger`): one line per request, and Nest's own messages. Create the
   * app with `bufferLogs: true` so that its start-up messages wait for it.
   */
  readonly logger?: Logger;
  /**
   * The built web workspace to serve at `/` (see serveWeb), and the origins its scripts may call
   * besides this one (the OIDC issuer in production).
   */
  readonly web?: { readonly dir: string; readonly connectSources?: readonly string[] };
}

const JSON_TYPES = ['application/json', 'application/*+json'];

/**
 * Applies the HTTP conventions every route keeps: security headers and `no-store` on every answer,
 * JSON bodies only, size- and depth-limited, validated DTOs with no forbidden character in any text,
 * problem+json errors, correlation ids, and OpenAPI at `/api/docs` (JSON at `/api/docs-json`).
 *
 * The app must be created with `{ bodyParser: false }`: Nest's default parsers would otherwise be
 * registered too, and they cannot be removed after creation. Call this before `app.listen()`.
 */
export function configureHttpApp(app: NestExpressApplication, options: HttpAppOptions): void {
  app.disable('x-powered-by');
  if (options.logger) {
    // First, so that requests refused by any later middleware are logged too.
    app.use(requestLogging(options.logger));
    app.useLogger(new PinoNestLogger(options.logger));
  }
  app.use(securityHeaders({ webConnectSources: options.web?.connectSources ?? [] }));
  app.use(correlationIdMiddleware);
  app.use(requireJsonBody);
  app.useBodyParser('json', { limit: options.bodyLimit ?? '64kb', strict: true, type: JSON_TYPES });
  app.use(checkRequestShape);
  const web = options.web && serveWeb(options.web.dir);
  if (web) app.use(web);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(options.beforeRefusal));

  // A factory, so the document is built on first request, after every module has been scanned.
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app, options), {
    jsonDocumentUrl: 'api/docs-json',
  });
}

/** The OpenAPI document of an app whose modules have been scanned (after `app.init()` or on first request). */
export function createOpenApiDocument(
  app: INestApplication,
  options: Pick<HttpAppOptions, 'title' | 'version'>,
): OpenAPIObject {
  const config = new DocumentBuilder().setTitle(options.title).setVersion(options.version).addBearerAuth().build();
  return completeOpenApiDocument(
    SwaggerModule.createDocument(app, config, {
      extraModels: [ProblemDetailsDto, ErasedDto],
    }),
  );
}

// The JSON parser skips bodies of other types, which would reach handlers as an empty payload.
function requireJsonBody(request: Request, _response: Response, next: NextFunction): void {
  const hasBody = request.headers['transfer-encoding'] !== undefined || Number(request.headers['content-length']) > 0;
  if (hasBody && !request.is(JSON_TYPES)) {
    next(new RequestError(415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Request bodies must be application/json'));
    return;
  }
  next();
}
