import { ValidationPipe } from '@nestjs/common';
import { type ValidationError } from 'class-validator';
import { type FieldError, RequestValidationError } from './request.errors';

/**
 * The global validation pipe: unknown fields are rejected rather than silently dropped, payloads become
 * DTO instances, and failures become one `RequestValidationError` listing every bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    exceptionFactory: (errors) => new RequestValidationError(fieldErrorsOf(errors)),
  });
}

/** Flattens class-validator's tree into one entry per field, with dotted paths for nested ones. */
export function fieldErrorsOf(errors: readonly ValidationError[], parent?: string): FieldError[] {
  return errors.flatMap((error) => {
    // forbidUnknownValues reports a non-object payload without a property name.
    const field = [parent, error.property].filter(Boolean).join('.') || '(body)';
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrorsOf(error.children ?? [], field)];
  });
}
