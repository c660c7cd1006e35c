import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { type Request } from 'express';
import { ApiProblems } from './openapi';
import { RequestError } from './request.errors';

/** The strong ETag of a stream version, e.g. `"7"`. */
export function etagFor(version: number): string {
  return `"${version}"`;
}

// Weak tags are accepted because proxies that compress weaken the ETag they pass on.
const VERSION_TAG = /^(?:W\/)?"(0|[1-9][0-9]*)"$/;

/** The version an `If-Match` header names; `*` and no header mean "any version". */
export function versionFromIfMatch(header: string | undefined): number | undefined {
  const value = header?.trim();
  if (value === undefined || value === '' || value === '*') return undefined;
  const digits = VERSION_TAG.exec(value)?.[1];
  const version = digits === undefined ? NaN : Number(digits);
  if (!Number.isSafeInteger(version)) {
    throw new RequestError(400, 'REQUEST.BAD_IF_MATCH', 'If-Match must be * or one ETag this API sent, such as "7"');
  }
  return version;
}

// Documents the header and the 412 on the route the parameter is used on.
const documentIfMatch: ParameterDecorator = (target, key) => {
  if (key === undefined) return;
  const descriptor = Reflect.getOwnPropertyDescriptor(target, key);
  if (!descriptor) return;
  ApiHeader({
    name: 'If-Match',
    required: false,
    schema: { type: 'string', example: '"7"' },
    description: 'The ETag of the case as last seen; the write is refused (412) when the case changed since.',
  })(target, key, descriptor);
  ApiProblems({ 412: 'REQUEST.PRECONDITION_FAILED: the case changed since the ETag in If-Match.' })(
    target,
    key,
    descriptor,
  );
};

/** The version the client last saw (`If-Match`), or undefined when it did not send one. */
export const IfMatch = createParamDecorator(
  (_: unknown, context: ExecutionContext): number | undefined =>
    versionFromIfMatch(context.switchToHttp().getRequest<Request>().headers['if-match']),
  [documentIfMatch],
);
