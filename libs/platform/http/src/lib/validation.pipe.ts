import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { type ValidationError } from 'class-validator';
import { forbiddenCharacterFields } from './forbidden-characters';
import { type FieldError, ForbiddenCharacterError, RequestValidationError } from './request.errors';

/**
 * Refuses forbidden characters (`forbiddenCharacterIn`) in everything a route reads from the body,
 * the query and the path, before the DTO is validated, so that no field needs its own rule.
 */
class RequestValidationPipe extends ValidationPipe {
  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') {
      const fields = forbiddenCharacterFields(value, metadata.data);
      if (fields.length > 0) return Promise.reject(new ForbiddenCharacterError(fields));
    }
    return super.transform(value, metadata) as Promise<unknown>;
  }
}

/**
 * The global validation pipe: texts with forbidden characters are refused, unknown fields are rejected
 * rather than silently dropped, payloads become DTO instances, and failures become one
 * `RequestValidationError` listing every bad field.
 */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
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
