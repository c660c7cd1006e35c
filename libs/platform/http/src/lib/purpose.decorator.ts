import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { isPurpose, PURPOSES, type Purpose as KernelPurpose } from '@fallverbund/kernel';
import { type Request } from 'express';
import { RequestError } from './request.errors';

const PURPOSE_HEADER = 'X-Purpose';

/** Reads the declared purpose of access from an `X-Purpose` header value. */
export function purposeFrom(header: string | string[] | undefined): KernelPurpose {
  if (header === undefined || header === '') {
    throw new RequestError(400, 'REQUEST.PURPOSE_MISSING', `The ${PURPOSE_HEADER} header is required`);
  }
  if (!isPurpose(header)) {
    throw new RequestError(
      400,
      'REQUEST.PURPOSE_UNKNOWN',
      `${PURPOSE_HEADER} must be exactly one of: ${PURPOSES.join(', ')}`,
    );
  }
  return header;
}

/** Re-exported so a controller imports the decorator and its type under one name. */
export type Purpose = KernelPurpose;

/** The purpose the client declares for this access (`X-Purpose`); 400 when missing or unknown. */
export const Purpose = createParamDecorator((_: unknown, context: ExecutionContext): Purpose =>
  purposeFrom(context.switchToHttp().getRequest<Request>().headers['x-purpose']),
);

/** Documents the required `X-Purpose` header on a route or controller. */
export const ApiPurposeHeader = (): MethodDecorator & ClassDecorator =>
  ApiHeader({
    name: PURPOSE_HEADER,
    required: true,
    enum: [...PURPOSES],
    description: 'What this access is for; every read and write of case data declares exactly one purpose.',
  });
