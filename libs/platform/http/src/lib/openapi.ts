import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  ApiSchema,
  getSchemaPath,
  type OpenAPIObject,
} from '@nestjs/swagger';

/** The media type of every error answer (RFC 9457). */
export const PROBLEM_JSON = 'application/problem+json';

@ApiSchema({ name: 'FieldError' })
export class FieldErrorDto {
  @ApiProperty({ example: 'participant.birthDate', description: 'The field, nested ones dotted.' })
  field!: string;

  @ApiProperty({ type: [String], example: ['birthDate must be a calendar date (YYYY-MM-DD)'] })
  messages!: string[];
}

/** The schema of every problem answer (RFC 9457), with the stable `code` clients switch on. */
@ApiSchema({ name: 'ProblemDetails' })
export class ProblemDetailsDto {
  @ApiProperty({
    example: 'https://fallverbund.example/problems/case-not-found',
    description: 'The problem type: the code as a URI, or `about:blank` for a plain HTTP status.',
  })
  type!: string;

  @ApiProperty({ example: 'Not Found', description: 'The HTTP reason phrase of the status.' })
  title!: string;

  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599, example: 404 })
  status!: number;

  @ApiProperty({ example: 'no case 5b0d…', description: 'For people; never personal data of others.' })
  detail!: string;

  @ApiProperty({
    example: 'CASE.NOT_FOUND',
    description: 'Stable code to switch on: `AREA.REASON`, or `HTTP.<status>` for a plain HTTP refusal.',
  })
  code!: string;

  @ApiProperty({ example: '/api/cases/5b0d…', description: 'The path of the request, without the query string.' })
  instance!: string;

  @ApiProperty({ format: 'uuid', description: 'The server’s id of the request (also in `X-Request-Id`).' })
  requestId!: string;

  @ApiPropertyOptional({ description: 'The client’s `X-Correlation-Id` as given, when it sent a valid one.' })
  correlationId?: string;

  @ApiPropertyOptional({
    type: [FieldErrorDto],
    description: 'With REQUEST.VALIDATION and REQUEST.FORBIDDEN_CHARACTER.',
  })
  errors?: FieldErrorDto[];
}

/** What a personal-data field reads as after the participant's erasure (crypto-shredding). */
@ApiSchema({ name: 'Erased' })
export class ErasedDto {
  @ApiProperty({ enum: [true], description: 'The text was erased with the participant’s key.' })
  erased!: true;
}

/** A string field that reads `{ "erased": true }` after the participant's erasure. */
export const textOrErased = (description?: string, nullable = false) => ({
  oneOf: [{ type: 'string', ...(nullable ? { nullable: true } : {}) }, { $ref: getSchemaPath(ErasedDto) }],
  ...(description ? { description } : {}),
});

const problemContent = { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } };

/**
 * Documents the problem answers a route gives beyond those of every route (see
 * `completeOpenApiDocument`): status → the codes it answers with and when, e.g.
 * `@ApiProblems({ 404: 'CASE.NOT_FOUND: no case the caller may see', 409: 'CASE.CLOSED' })`.
 */
export const ApiProblems = (answers: Readonly<Record<number, string>>): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...Object.entries(answers).map(([status, description]) =>
      ApiResponse({ status: Number(status), description, content: problemContent }),
    ),
  );

type Operation = OpenAPIObject['paths'][string]['get'] & object;
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const problem = (description: string) => ({ description, content: problemContent });

/**
 * What the HTTP layer answers on every route of a kind, added to the operations so that no controller
 * repeats it: 400 (validation, malformed JSON, `X-Purpose`, `If-Match`, forbidden characters) on every
 * route, 401 on every route that needs a token (the others are marked `security: []`), 403 on every
 * such route (a token of the other audience: participant or staff) and for access by declared purpose,
 * 404 on routes with path parameters, 409 on writes to an existing resource, 413 and 415 on routes that
 * take a body, and 503 on the audited routes (those that declare a purpose, and the participant's
 * `/api/me` routes: every access is recorded before it happens, and fails closed). Problems are
 * `application/problem+json` of the shared ProblemDetails schema. Also: servers, licence, and the
 * problem schemas.
 */
export function completeOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ?? {};
  document.components.schemas = schemas;
  document.servers = [{ url: '/', description: 'This server (paths begin with /api)' }];
  document.info.license = { name: 'Proprietary (UNLICENSED)', url: 'https://fallverbund.example/license' };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation: Operation | undefined = item[method];
      if (!operation) continue;
      const responses = operation.responses;
      const secured = (operation.security ?? []).length > 0;
      if (!secured) operation.security = [];
      const parameters = (operation.parameters ?? []) as { name?: string; in?: string }[];
      const declaresPurpose = parameters.some((p) => p.in === 'header' && p.name === 'X-Purpose');
      // The participant's own routes declare no purpose but are audited all the same.
      const audited = declaresPurpose || path.startsWith('/api/me/') || path === '/api/me';
      // A token of the wrong audience is refused on every secured route (a participant's on a staff route, a staff token on /api/me).
      const audience =
        'AUTH.STAFF_ONLY or AUTH.PARTICIPANT_ONLY: the token is of a participant (on a staff route) or of staff (on a participant route).';
      const names = parameters.filter((p) => p.in === 'path').map((p) => p.name);
      const common: Record<string, ReturnType<typeof problem>> = {
        400: problem(
          'REQUEST.VALIDATION (with `errors`), REQUEST.MALFORMED_JSON, REQUEST.TOO_DEEP, REQUEST.FORBIDDEN_CHARACTER, ' +
            'REQUEST.FORBIDDEN_FIELD' +
            (declaresPurpose ? ', REQUEST.PURPOSE_MISSING, REQUEST.PURPOSE_UNKNOWN' : '') +
            ', REQUEST.BAD_IF_MATCH, or a rule of the domain the input breaks.',
        ),
        ...(secured ? { 401: problem('AUTH.UNAUTHENTICATED: no valid bearer token.') } : {}),
        ...(declaresPurpose
          ? { 403: problem(`ACCESS.DENIED: the role, declared purpose or consent does not allow this; ${audience}`) }
          : secured
            ? { 403: problem(audience) }
            : {}),
        ...(names.length > 0
          ? { 404: problem(`No such resource that the caller may see (${names.join(', ')}): <AREA>.NOT_FOUND.`) }
          : {}),
        ...(names.length > 0 && method !== 'get'
          ? { 409: problem('The state of the resource does not allow this now, or STREAM.CONCURRENT_CHANGE.') }
          : {}),
        ...(operation.requestBody
          ? {
              413: problem('REQUEST.TOO_LARGE: the body is over the size limit.'),
              415: problem('REQUEST.UNSUPPORTED_MEDIA_TYPE: the body is not application/json (UTF-8).'),
            }
          : {}),
        ...(audited
          ? { 503: problem('AUDIT.UNAVAILABLE: the access could not be recorded, so nothing was shown or changed.') }
          : {}),
      };
      for (const [status, answer] of Object.entries(common)) {
        const documented = responses[status] as { description?: string; content?: unknown } | undefined;
        if (!documented) responses[status] = answer;
        else documented.content ??= problemContent;
      }
      for (const [status, response] of Object.entries(responses)) {
        const answer = response as { content?: Record<string, unknown> };
        if (Number(status) >= 400 && !answer.content) answer.content = problemContent;
      }
    }
  }
  return document;
}
