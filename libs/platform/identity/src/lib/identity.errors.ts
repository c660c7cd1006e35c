import { DomainError } from '@fallverbund/kernel';

/**
 * The request has no valid bearer token. Not a DomainError, whose kinds end at 403: the HTTP layer
 * answers `status` (401) for it.
 */
export class UnauthenticatedError extends Error {
  readonly code = 'AUTH.UNAUTHENTICATED';
  readonly status = 401;
  override readonly name = 'UnauthenticatedError';
}

/** A dev token was asked for a user the directory does not know. */
export class UnknownUserError extends DomainError {
  readonly code = 'AUTH.UNKNOWN_USER';
  readonly kind = 'invalid';

  constructor(readonly userId: string) {
    super(`No user "${userId}" in the directory`);
  }
}

/** A participant's token on a staff route: participants use only the routes under `/api/me`. */
export class StaffOnlyRouteError extends DomainError {
  readonly code = 'AUTH.STAFF_ONLY';
  readonly kind = 'forbidden';
}

/** A staff token on a participant route (`/api/me/...`): those answer only the person a case is about. */
export class ParticipantOnlyRouteError extends DomainError {
  readonly code = 'AUTH.PARTICIPANT_ONLY';
  readonly kind = 'forbidden';
}
