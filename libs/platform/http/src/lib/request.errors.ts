/**
 * A client mistake found while reading the request. The problem filter answers any error that carries
 * a numeric `status` and a string `code` with exactly those, so this class is only a convenience.
 */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The client's If-Match names a version the resource no longer has: reload and retry. */
export class PreconditionFailedError extends RequestError {
  constructor(
    readonly expected: number,
    readonly actual: number,
  ) {
    super(
      412,
      'REQUEST.PRECONDITION_FAILED',
      `If-Match names version ${expected}, the resource is at version ${actual}`,
    );
  }
}

/** One field the request got wrong; nested fields are dotted (`participant.birthDate`). */
export interface FieldError {
  readonly field: string;
  readonly messages: readonly string[];
}

/** The request body, query or path parameters failed validation. */
export class RequestValidationError extends RequestError {
  constructor(readonly errors: readonly FieldError[]) {
    super(400, 'REQUEST.VALIDATION', `${errors.length} field(s) are invalid: ${errors.map((e) => e.field).join(', ')}`);
  }
}

/**
 * A text in the body, query or path holds a character no field may hold (a control character, a
 * bidirectional control, an unpaired surrogate). Names the fields, never their values.
 */
export class ForbiddenCharacterError extends RequestError {
  constructor(readonly errors: readonly FieldError[]) {
    super(
      400,
      'REQUEST.FORBIDDEN_CHARACTER',
      `${errors.length} field(s) hold a character that is not allowed: ${errors.map((e) => e.field).join(', ')}`,
    );
  }
}
