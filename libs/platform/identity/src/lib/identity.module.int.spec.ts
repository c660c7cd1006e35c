import {
  type ArgumentsHost,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  HttpException,
  type INestApplication,
  Module,
} from '@nestjs/common';
import { APP_FILTER, NestFactory } from '@nestjs/core';
import { type Server } from 'node:http';
import { type Actor, DomainError } from '@fallverbund/kernel';
import request from 'supertest';
import { CurrentActor, Public } from './auth.decorators';
import { DEMO_DIRECTORY } from './directory';
import { UnauthenticatedError } from './identity.errors';
import { IdentityModule, type IdentityOptions } from './identity.module';

@Controller('api/me')
class MeController {
  @Get()
  me(@CurrentActor() actor: Actor): Actor {
    return actor;
  }

  @Public()
  @Get('health')
  health(): { ok: true } {
    return { ok: true };
  }
}

// A stand-in for the app's global problem+json filter, mapping only what this library throws.
@Catch()
class StatusFilter implements ExceptionFilter {
  catch(error: unknown, host: ArgumentsHost): void {
    const status =
      error instanceof UnauthenticatedError
        ? error.status
        : error instanceof DomainError && error.kind === 'invalid'
          ? 400
          : error instanceof HttpException
            ? error.getStatus()
            : 500;
    const code = error instanceof UnauthenticatedError || error instanceof DomainError ? error.code : undefined;
    host.switchToHttp().getResponse<{ status(s: number): { json(b: object): void } }>().status(status).json({ code });
  }
}

const server = (app: INestApplication): Server => app.getHttpServer() as Server;

async function appWith(options: IdentityOptions): Promise<INestApplication> {
  @Module({
    imports: [IdentityModule.forRoot(options)],
    controllers: [MeController],
    providers: [{ provide: APP_FILTER, useClass: StatusFilter }],
  })
  class AppModule {}
  const app = await NestFactory.create(AppModule, { logger: false });
  return app.init();
}

describe('IdentityModule, embedded profile', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await appWith({ profile: 'embedded' });
  });
  afterAll(() => app.close());

  it('answers 401 without a bearer token', async () => {
    const response = await request(server(app)).get('/api/me');

    expect(response.status).toBe(401);
    expect(response.body).toEqual({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('answers 401 with a bad token', async () => {
    const response = await request(server(app)).get('/api/me').set('Authorization', 'Bearer not.a.jwt');

    expect(response.status).toBe(401);
  });

  it('answers 401 for another scheme', async () => {
    const response = await request(server(app)).get('/api/me').set('Authorization', 'Basic YW5uYTpwdw==');

    expect(response.status).toBe(401);
  });

  it('lets a @Public() route through without a token', async () => {
    const response = await request(server(app)).get('/api/me/health');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true });
  });

  it('answers 200 with the actor of a dev token', async () => {
    const issued = await request(server(app)).post('/api/dev/token').send({ userId: 'clara.youth' });
    expect(issued.status).toBe(201);
    const { accessToken, expiresIn } = issued.body as { accessToken: unknown; expiresIn: unknown };
    expect(typeof accessToken).toBe('string');
    expect(expiresIn).toBe(28800);

    const response = await request(server(app))
      .get('/api/me')
      .set('Authorization', `Bearer ${accessToken as string}`);

    expect(response.status).toBe(200);
    expect(response.body).toEqual(DEMO_DIRECTORY.actorFor('clara.youth'));
  });

  it('answers 400 AUTH.UNKNOWN_USER for a dev token of an unknown user', async () => {
    const response = await request(server(app)).post('/api/dev/token').send({ userId: 'mallory' });

    expect(response.status).toBe(400);
    expect(response.body).toEqual({ code: 'AUTH.UNKNOWN_USER' });
  });

  it('answers 400 for a malformed dev token request', async () => {
    const response = await request(server(app)).post('/api/dev/token').send({ user: 'anna.coach' });

    expect(response.status).toBe(400);
  });
});

describe('IdentityModule, production profile', () => {
  let app: INestApplication;
  beforeAll(async () => {
    // Nothing listens there: no test below may need the IdP.
    app = await appWith({
      profile: 'production',
      issuer: 'http://127.0.0.1:9',
      audience: 'api',
      directory: DEMO_DIRECTORY,
    });
  });
  afterAll(() => app.close());

  it('has no dev token route', async () => {
    const response = await request(server(app)).post('/api/dev/token').send({ userId: 'anna.coach' });

    expect(response.status).toBe(404);
  });

  it('tells the web workspace where to sign in, and names no demo user', async () => {
    const response = await request(server(app)).get('/api/session/config');

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ profile: 'production', oidc: { issuer: 'http://127.0.0.1:9', clientId: 'api' } });
  });

  it('still guards the routes', async () => {
    const response = await request(server(app)).get('/api/me').set('Authorization', 'Bearer not.a.jwt');

    expect(response.status).toBe(401);
  });
});
