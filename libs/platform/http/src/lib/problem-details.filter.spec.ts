import { BadRequestException, HttpException, NotFoundException, PayloadTooLargeException } from '@nestjs/common';
import { WrongExpectedVersionError } from '@fallverbund/event-store';
import { DomainError } from '@fallverbund/kernel';
import { problemFor, problemType } from './problem-details.filter';
import { ForbiddenCharacterError, PreconditionFailedError, RequestValidationError } from './request.errors';

class CaseNotOpenError extends DomainError {
  readonly code = 'CASE.NOT_OPEN';
  readonly kind = 'conflict';
}

const get = { method: 'GET', originalUrl: '/cases/1?x=y' };
const bodyParserError = (type: string) => Object.assign(new Error('parser said no'), { type });

describe('problemFor', () => {
  it('takes status from the kind and code from a DomainError', () => {
    expect(problemFor(new CaseNotOpenError('case 1 is closed'), get)).toEqual({
      status: 409,
      code: 'CASE.NOT_OPEN',
      detail: 'case 1 is closed',
    });
  });

  it('maps a lost append race to 409 without naming the stream', () => {
    const problem = problemFor(new WrongExpectedVersionError('case-1', 2, 3), get);

    expect(problem).toMatchObject({ status: 409, code: 'STREAM.CONCURRENT_CHANGE' });
    expect(problem.detail).not.toContain('case-1');
  });

  it('answers a stale If-Match with 412', () => {
    expect(problemFor(new PreconditionFailedError(2, 3), get)).toMatchObject({
      status: 412,
      code: 'REQUEST.PRECONDITION_FAILED',
    });
  });

  it('carries the field list of a validation failure', () => {
    const errors = [{ field: 'title', messages: ['title must be a string'] }];

    expect(problemFor(new RequestValidationError(errors), get)).toMatchObject({ status: 400, errors });
  });

  it.each([
    ['entity.parse.failed', new BadRequestException('x'), 400, 'REQUEST.MALFORMED_JSON'],
    ['entity.too.large', new PayloadTooLargeException('x'), 413, 'REQUEST.TOO_LARGE'],
    ['charset.unsupported', new HttpException('x', 415), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
    ['encoding.unsupported', new HttpException('x', 415), 415, 'REQUEST.UNSUPPORTED_MEDIA_TYPE'],
  ])('recognises the body-parser error %s inside the adapter wrapping', (type, wrapper, status, code) => {
    const wrapped = new HttpException(wrapper.getResponse(), wrapper.getStatus(), { cause: bodyParserError(type) });

    expect(problemFor(wrapped, get)).toMatchObject({ status, code });
  });

  it('carries the field list of a forbidden character, and answers an undecodable path parameter alike', () => {
    const fields = [{ field: 'participant.givenName', messages: ['contains a bidirectional control character'] }];
    expect(problemFor(new ForbiddenCharacterError(fields), get)).toMatchObject({
      status: 400,
      code: 'REQUEST.FORBIDDEN_CHARACTER',
      errors: fields,
    });
    const decoding = Object.assign(new URIError("Failed to decode param '%ED%A0%80'"), { status: 400 });
    for (const error of [decoding, new HttpException(decoding.message, 400, { cause: decoding })]) {
      const problem = problemFor(error, get);
      expect(problem).toMatchObject({
        status: 400,
        code: 'REQUEST.FORBIDDEN_CHARACTER',
        errors: [{ field: '(path)' }],
      });
      expect(problem.detail).not.toContain('%ED');
    }
  });

  it('tells an unmatched route from a handler that throws NotFoundException', () => {
    const unmatched = new NotFoundException('Cannot GET /cases/1?x=y');

    expect(problemFor(unmatched, get)).toEqual({
      status: 404,
      code: 'ROUTE.NOT_FOUND',
      detail: 'No route for GET /cases/1',
    });
    expect(problemFor(new NotFoundException('no such thing'), get)).toMatchObject({ status: 404, code: 'HTTP.404' });
  });

  it('gives other HttpExceptions an HTTP.<status> code', () => {
    expect(problemFor(new HttpException('slow down', 429), get)).toEqual({
      status: 429,
      code: 'HTTP.429',
      detail: 'slow down',
    });
  });

  it('keeps status and code of errors that carry both, but hides the message of a 5xx', () => {
    const unauthenticated = Object.assign(new Error('token expired'), { status: 401, code: 'AUTH.UNAUTHENTICATED' });
    const unavailable = Object.assign(new Error('jwks at 10.0.0.3 down'), { status: 503, code: 'AUTH.UNAVAILABLE' });

    expect(problemFor(unauthenticated, get)).toEqual({
      status: 401,
      code: 'AUTH.UNAUTHENTICATED',
      detail: 'token expired',
    });
    expect(problemFor(unavailable, get)).toMatchObject({ status: 503, code: 'AUTH.UNAVAILABLE' });
    expect(problemFor(unavailable, get).detail).not.toContain('10.0.0.3');
  });

  it.each([
    ['a plain Error', new Error('password=hunter2')],
    ['a system error with only a code', Object.assign(new Error('password=hunter2'), { code: 'ECONNRESET' })],
    ['a status outside 4xx and 5xx', Object.assign(new Error('password=hunter2'), { status: 200, code: 'X' })],
    ['a thrown string', 'password=hunter2'],
  ])('answers %s with a generic 500 INTERNAL', (_, error) => {
    expect(problemFor(error, get)).toEqual({ status: 500, code: 'INTERNAL', detail: 'An unexpected error occurred.' });
  });
});

describe('problemType', () => {
  it('derives a URL from the code, lowercase and dashed', () => {
    expect(problemType('REQUEST.MALFORMED_JSON')).toBe('https://fallverbund.example/problems/request-malformed-json');
  });

  it('is about:blank for generic HTTP codes', () => {
    expect(problemType('HTTP.429')).toBe('about:blank');
  });
});
