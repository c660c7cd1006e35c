import { Body, Controller, Get, Logger, Module, Param, Post, Put, Res } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { type OpenAPIObject } from '@nestjs/swagger';
import { WrongExpectedVersionError } from '@fallverbund/event-store';
import { DomainError, type DomainErrorKind } from '@fallverbund/kernel';
import { Type } from 'class-transformer';
import { IsDefined, IsISO8601, IsNotEmpty, IsString, ValidateNested } from 'class-validator';
import { type Response } from 'express';
import request from 'supertest';
import { configureHttpApp } from './configure-http-app';
import { CorrelationId, RequestId } from './correlation-id.middleware';
import { etagFor, IfMatch } from './if-match.decorator';
import { type ProblemDetails } from './problem-details.filter';
import { ApiPurposeHeader, Purpose } from './purpose.decorator';
import { PreconditionFailedError } from './request.errors';

class ParticipantDto {
  @IsString() @IsNotEmpty() name!: string;
  @IsISO8601({ strict: true }) birthDate!: string;
}

class OpenCaseDto {
  @IsString() @IsNotEmpty() title!: string;
  @IsDefined() @ValidateNested() @Type(() => ParticipantDto) participant!: ParticipantDto;
}

class CaseTestError extends DomainError {
  readonly code = 'CASE.TEST';
  constructor(readonly kind: DomainErrorKind) {
    super(`case failed as ${kind}`);
  }
}

class UnauthenticatedError extends Error {
  readonly status = 401;
  readonly code = 'AUTH.UNAUTHENTICATED';
}

const CURRENT_VERSION = 3;

@Controller('cases')
class TestController {
  @Post()
  @ApiPurposeHeader()
  open(
    @Body() body: OpenCaseDto,
    @Purpose() purpose: Purpose,
    @RequestId() requestId: string,
    @CorrelationId() correlationId: string | null,
  ) {
    return {
      isDto: body instanceof OpenCaseDto,
      participant: body.participant.name,
      purpose,
      requestId,
      correlationId,
    };
  }

  @Put('current')
  update(@IfMatch() version: number | undefined, @Res({ passthrough: true }) response: Response) {
    if (version !== undefined && version !== CURRENT_VERSION)
      throw new PreconditionFailedError(version, CURRENT_VERSION);
    response.setHeader('ETag', etagFor(CURRENT_VERSION + 1));
    return { ifMatch: version ?? null };
  }

  @Get('domain-error/:kind')
  domainError(@Param('kind') kind: DomainErrorKind) {
    throw new CaseTestError(kind);
  }

  @Get('concurrent-change')
  concurrentChange() {
    throw new WrongExpectedVersionError('case-1', 2, 3);
  }

  @Get('unauthenticated')
  unauthenticated() {
    throw new UnauthenticatedError('no token');
  }

  @Get('boom')
  boom() {
    throw new Error('connection to db-secret.internal failed');
  }
}

@Module({ controllers: [TestController] })
class TestModule {}

const PROBLEM_JSON = /^application\/problem\+json/;
const problemOf = (response: { body: unknown }) => response.body as ProblemDetails;
const participant = { name: 'Alex', birthDate: '1990-04-01' };
const validBody = { title: 'Support', participant };

describe('configureHttpApp', () => {
  let app: NestExpressApplication;
  const server = () => app.getHttpServer() as Parameters<typeof request>[0];
  const openCase = () => request(server()).post('/cases').set('X-Purpose', 'coordination');

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(TestModule, { bodyParser: false, logger: false });
    configureHttpApp(app, { title: 'Test API', version: '1.0.0' });
    await app.init();
  });

  afterAll(() => app.close());

  it('passes a valid request through as a DTO instance', async () => {
    const response = await openCase().send(validBody);

    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({ isDto: true, participant: 'Alex', purpose: 'coordination' });
    expect(response.headers['x-powered-by']).toBeUndefined();
  });

  it('answers malformed JSON with 400 REQUEST.MALFORMED_JSON', async () => {
    const response = await openCase().set('Content-Type', 'application/json').send('{"title": ');

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({
      type: 'https://fallverbund.example/problems/request-malformed-json',
      title: 'Bad Request',
      status: 400,
      code: 'REQUEST.MALFORMED_JSON',
      instance: '/cases',
    });
  });

  it.each(['"a string"', 'null', '42', 'true'])(
    'answers the valid JSON %s, which is no object or array, with 400 REQUEST.MALFORMED_JSON saying so',
    async (body) => {
      const response = await openCase().set('Content-Type', 'application/json').send(body);

      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ code: 'REQUEST.MALFORMED_JSON' });
      // Not body-parser's "… is not valid JSON", which it is.
      expect((response.body as { detail: string }).detail).toMatch(/must be a JSON object/);
    },
  );

  it('keeps the words of the parser for a syntax error', async () => {
    const response = await openCase().set('Content-Type', 'application/json').send('{"title": nul');

    expect(response.body).toMatchObject({ code: 'REQUEST.MALFORMED_JSON' });
    expect((response.body as { detail: string }).detail).toMatch(/JSON/);
    expect((response.body as { detail: string }).detail).not.toMatch(/must be a JSON object/);
  });

  it('names every field of the wrong type, nested ones dotted', async () => {
    const response = await openCase().send({ title: 42, participant: { name: 'Alex', birthDate: 'yesterday' } });

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ code: 'REQUEST.VALIDATION', status: 400 });
    expect(problemOf(response).errors).toEqual([
      { field: 'title', messages: expect.arrayContaining(['title must be a string']) as string[] },
      { field: 'participant.birthDate', messages: ['birthDate must be a valid ISO 8601 date string'] },
    ]);
  });

  it('names unknown fields, nested ones dotted, instead of dropping them', async () => {
    const response = await openCase().send({ ...validBody, admin: true, participant: { ...participant, ssn: 'x' } });

    expect(response.status).toBe(400);
    expect(problemOf(response).code).toBe('REQUEST.VALIDATION');
    expect(problemOf(response).errors).toEqual([
      { field: 'admin', messages: ['property admin should not exist'] },
      { field: 'participant.ssn', messages: ['property ssn should not exist'] },
    ]);
  });

  it('answers a JSON array where an object is expected with 400, not 500', async () => {
    const response = await openCase().set('Content-Type', 'application/json').send('[]');

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(problemOf(response).code).toBe('REQUEST.VALIDATION');
  });

  it('answers a body over the limit with 413 REQUEST.TOO_LARGE', async () => {
    const response = await openCase().send({ ...validBody, title: 'x'.repeat(70 * 1024) });

    expect(response.status).toBe(413);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ code: 'REQUEST.TOO_LARGE', status: 413 });
  });

  it.each([
    ['a non-JSON content type', 'text/plain'],
    ['form encoding', 'application/x-www-form-urlencoded'],
    ['an unsupported charset', 'application/json; charset=latin1'],
  ])('answers %s with 415 REQUEST.UNSUPPORTED_MEDIA_TYPE', async (_, contentType) => {
    const response = await openCase().set('Content-Type', contentType).send(JSON.stringify(validBody));

    expect(response.status).toBe(415);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(problemOf(response).code).toBe('REQUEST.UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers a missing X-Purpose with 400 REQUEST.PURPOSE_MISSING', async () => {
    const response = await request(server()).post('/cases').send(validBody);

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(problemOf(response).code).toBe('REQUEST.PURPOSE_MISSING');
  });

  it('answers an unknown X-Purpose with 400 REQUEST.PURPOSE_UNKNOWN listing the valid ones', async () => {
    const response = await request(server()).post('/cases').set('X-Purpose', 'curiosity').send(validBody);

    expect(response.status).toBe(400);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(problemOf(response).code).toBe('REQUEST.PURPOSE_UNKNOWN');
    expect(problemOf(response).detail).toContain('coordination');
  });

  describe('If-Match', () => {
    it.each([
      ['no header', undefined, null],
      ['*', '*', null],
      ['a strong ETag', '"3"', 3],
      ['a weak ETag', 'W/"3"', 3],
    ])('accepts %s', async (_, header, ifMatch) => {
      const put = request(server()).put('/cases/current');
      const response = await (header === undefined ? put : put.set('If-Match', header));

      expect(response.status).toBe(200);
      expect(response.body).toEqual({ ifMatch });
      expect(response.headers.etag).toBe('"4"');
    });

    it.each(['3', '"three"', '"3", "4"', '"-1"'])('rejects %s with 400 REQUEST.BAD_IF_MATCH', async (header) => {
      const response = await request(server()).put('/cases/current').set('If-Match', header);

      expect(response.status).toBe(400);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(problemOf(response).code).toBe('REQUEST.BAD_IF_MATCH');
    });

    it('answers a stale version with 412 REQUEST.PRECONDITION_FAILED', async () => {
      const response = await request(server()).put('/cases/current').set('If-Match', '"2"');

      expect(response.status).toBe(412);
      expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        code: 'REQUEST.PRECONDITION_FAILED',
        type: 'https://fallverbund.example/problems/request-precondition-failed',
      });
    });
  });

  it.each([
    ['not_found', 404],
    ['conflict', 409],
    ['forbidden', 403],
    ['invalid', 400],
  ])('maps a DomainError of kind %s to %i with its code', async (kind, status) => {
    const response = await request(server()).get(`/cases/domain-error/${kind}`);

    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({
      status,
      code: 'CASE.TEST',
      type: 'https://fallverbund.example/problems/case-test',
      detail: `case failed as ${kind}`,
      instance: `/cases/domain-error/${kind}`,
    });
  });

  it('maps WrongExpectedVersionError to 409 STREAM.CONCURRENT_CHANGE', async () => {
    const response = await request(server()).get('/cases/concurrent-change');

    expect(response.status).toBe(409);
    expect(problemOf(response).code).toBe('STREAM.CONCURRENT_CHANGE');
  });

  it('answers an error that carries status and code with both', async () => {
    const response = await request(server()).get('/cases/unauthenticated');

    expect(response.status).toBe(401);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ code: 'AUTH.UNAUTHENTICATED', detail: 'no token' });
  });

  it('answers an unknown route with 404 ROUTE.NOT_FOUND, without the query string', async () => {
    const response = await request(server()).get('/nowhere?name=Alex');

    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ code: 'ROUTE.NOT_FOUND', instance: '/nowhere' });
    expect(JSON.stringify(response.body)).not.toContain('Alex');
  });

  it('answers an unexpected error with 500 INTERNAL, logs it, and does not leak its message', async () => {
    const log = jest.spyOn(Logger.prototype, 'error');
    const response = await request(server()).get('/cases/boom');

    expect(response.status).toBe(500);
    expect(response.headers['content-type']).toMatch(PROBLEM_JSON);
    expect(response.body).toMatchObject({ code: 'INTERNAL', type: 'https://fallverbund.example/problems/internal' });
    expect(response.text).not.toContain('db-secret');
    expect(response.text).not.toContain('at ');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('GET /cases/boom'), expect.stringContaining('db-secret'));
    log.mockRestore();
  });

  describe('request id and correlation id', () => {
    const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

    it("makes its own request id, and keeps the client's correlation id beside it as given", async () => {
      const id = '0b9e5bd4-3c1e-4d0a-9b53-6f1f4a4f1e2a';
      const response = await openCase().set('X-Correlation-Id', id).send(validBody);
      const body = response.body as { requestId: string; correlationId: string };

      expect(response.headers['x-request-id']).toMatch(UUID_V4);
      expect(body.requestId).toBe(response.headers['x-request-id']);
      expect(body.requestId).not.toBe(id);
      expect(response.headers['x-correlation-id']).toBe(id);
      expect(body.correlationId).toBe(id);
    });

    it('keeps no correlation id that is too long or holds other characters, on error answers too', async () => {
      for (const sent of ['not a token', 'x'.repeat(129)]) {
        const response = await request(server()).get('/nowhere').set('X-Correlation-Id', sent);

        expect(response.headers['x-correlation-id']).toBeUndefined();
        expect(response.headers['x-request-id']).toMatch(UUID_V4);
        expect(problemOf(response).requestId).toBe(response.headers['x-request-id']);
        expect(problemOf(response).correlationId).toBeUndefined();
      }
    });
  });

  it('serves the OpenAPI document at /api/docs-json, with the purpose header and bearer auth', async () => {
    const response = await request(server()).get('/api/docs-json');

    expect(response.status).toBe(200);
    const document = response.body as OpenAPIObject;
    expect(document).toMatchObject({
      openapi: expect.stringMatching(/^3\./) as string,
      info: { title: 'Test API', version: '1.0.0' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    });
    expect(document.paths['/cases']?.post?.parameters).toContainEqual(
      expect.objectContaining({ name: 'X-Purpose', in: 'header', required: true }),
    );
  });

  it('serves the Swagger UI at /api/docs', async () => {
    const response = await request(server()).get('/api/docs');

    expect(response.status).toBe(200);
    expect(response.text).toContain('swagger-ui');
  });
});
