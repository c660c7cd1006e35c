import { DomainError } from '@fallverbund/kernel';

export class UnknownTeamMemberError extends DomainError {
  readonly code = 'CASE.UNKNOWN_USER';
  readonly kind = 'invalid';
  constructor(readonly userId: string) {
    super(`no user ${userId} in the directory`);
  }
}

export class UnknownRecipientError extends DomainError {
  readonly code = 'CONSENT.UNKNOWN_RECIPIENT';
  readonly kind = 'invalid';
  constructor(readonly ids: readonly string[]) {
    super(`no agency or user ${ids.join(', ')} in the directory`);
  }
}
