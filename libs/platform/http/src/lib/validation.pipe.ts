import { type ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, type MetadataStorage, type ValidationError } from 'class-validator';
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

type TargetMetadatas = ReturnType<MetadataStorage['getTargetValidationMetadatas']>;

/**
 * class-validator finds a class's rules, on every object it validates, by testing every class it knows
 * (some 200 DTOs here) for being a parent of it: 2 % of the main thread's time under a load of commands
 * (`npm run bench -- http`, docs/benchmarks.md). A class's rules are fixed once its decorators have run,
 * so the answer is kept per class and options, and all of it forgotten whenever a rule is registered
 * (a module loaded later). The lists are read, never changed, by the validator.
 */
const rememberRuleLookups = (storage: MetadataStorage): void => {
  const marked = storage as MetadataStorage & { rulesRemembered?: true };
  if (marked.rulesRemembered) return;
  marked.rulesRemembered = true;
  let kept = new WeakMap<object, Map<string, TargetMetadatas>>();
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const register = storage.addValidationMetadata.bind(storage);
  storage.addValidationMetadata = (metadata) => {
    kept = new WeakMap();
    register(metadata);
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, groups) => {
    const key = JSON.stringify([schema, always, strictGroups, groups ?? null]);
    let forTarget = kept.get(target);
    if (!forTarget) kept.set(target, (forTarget = new Map<string, TargetMetadatas>()));
    let found = forTarget.get(key);
    if (!found) forTarget.set(key, (found = lookup(target, schema, always, strictGroups, groups)));
    return found;
  };
};

/**
 * The global validation pipe: texts with forbidden characters are refused, unknown fields are rejected
 * rather than silently dropped, payloads become DTO instances, and failures become one
 * `RequestValidationError` listing every bad field.
 */
export function createValidationPipe(): ValidationPipe {
  rememberRuleLookups(getMetadataStorage());
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
