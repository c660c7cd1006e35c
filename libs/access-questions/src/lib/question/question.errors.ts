import { DomainError } from '@fallverbund/kernel';

export class QuestionNotFoundError extends DomainError {
  readonly code = 'QUESTION.NOT_FOUND';
  readonly kind = 'not_found';
}

export class QuestionAlreadyAskedError extends DomainError {
  readonly code = 'QUESTION.ALREADY_ASKED';
  readonly kind = 'conflict';
}

export class QuestionAlreadyAnsweredError extends DomainError {
  readonly code = 'QUESTION.ALREADY_ANSWERED';
  readonly kind = 'conflict';
}

/** Empty, only blanks, or longer than QUESTION_TEXT_MAX characters. */
export class QuestionTextInvalidError extends DomainError {
  readonly code = 'QUESTION.TEXT_INVALID';
  readonly kind = 'invalid';
}
