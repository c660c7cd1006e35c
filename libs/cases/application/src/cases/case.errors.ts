import { DomainError } from '@fallverbund/kernel';

export class UnknownTeamMemberError extends DomainError {
  readonly code = 'CASE.UNKNOWN_USER';
  readonly kind = 'invalid';
  constructor(readonly userId: string) {
    super(`no user ${userId} in the directory`);
  }
}
