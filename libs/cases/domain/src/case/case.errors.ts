import { DomainError } from '@fallverbund/kernel';

export class CaseAlreadyExistsError extends DomainError {
  readonly code = 'CASE.ALREADY_EXISTS';
  readonly kind = 'conflict';
  constructor(readonly caseId: string) {
    super(`case ${caseId} exists already`);
  }
}

export class CaseNotFoundError extends DomainError {
  readonly code = 'CASE.NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly caseId: string) {
    super(`no case ${caseId}`);
  }
}

export class AlreadyTeamMemberError extends DomainError {
  readonly code = 'CASE.ALREADY_TEAM_MEMBER';
  readonly kind = 'conflict';
  constructor(readonly userId: string) {
    super(`${userId} is on the case team already`);
  }
}

export class RoleNotAllowedInTeamError extends DomainError {
  readonly code = 'CASE.ROLE_NOT_ALLOWED_IN_TEAM';
  readonly kind = 'invalid';
  constructor(readonly role: string) {
    super(`a ${role} cannot be on a case team: data protection officers read logs, never case content`);
  }
}

export class RoleMayNotOpenCaseError extends DomainError {
  readonly code = 'CASE.ROLE_MAY_NOT_OPEN';
  readonly kind = 'forbidden';
  constructor(readonly role: string) {
    super(`a ${role} cannot open cases`);
  }
}

export class InvalidParticipantError extends DomainError {
  readonly code = 'CASE.INVALID_PARTICIPANT';
  readonly kind = 'invalid';
}

/** `firstContactAt` is not an ISO 8601 instant with an offset. */
export class InvalidFirstContactError extends DomainError {
  readonly code = 'CASE.FIRST_CONTACT_INVALID';
  readonly kind = 'invalid';
}

export class FirstContactInFutureError extends DomainError {
  readonly code = 'CASE.FIRST_CONTACT_IN_FUTURE';
  readonly kind = 'invalid';
  constructor() {
    super('firstContactAt lies in the future: a case records a first contact that took place');
  }
}

export class FirstContactTooFarBackError extends DomainError {
  readonly code = 'CASE.FIRST_CONTACT_TOO_FAR_BACK';
  readonly kind = 'invalid';
  constructor(readonly maxDaysBack: number) {
    super(
      `firstContactAt lies more than ${maxDaysBack} days back: record the case as opened now and the earlier history as a note`,
    );
  }
}

export class ParticipantAlreadyErasedError extends DomainError {
  readonly code = 'CASE.PARTICIPANT_ALREADY_ERASED';
  readonly kind = 'conflict';
  constructor(readonly caseId: string) {
    super(`the participant data of case ${caseId} were erased already`);
  }
}

export class ConsentNotFoundError extends DomainError {
  readonly code = 'CONSENT.NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly consentId: string) {
    super(`no consent ${consentId} on this case`);
  }
}

export class ConsentNotActiveError extends DomainError {
  readonly code = 'CONSENT.NOT_ACTIVE';
  readonly kind = 'conflict';
  constructor(readonly consentId: string) {
    super(`consent ${consentId} was withdrawn or has expired`);
  }
}

export class InvalidConsentError extends DomainError {
  readonly code = 'CONSENT.INVALID';
  readonly kind = 'invalid';
}

export class InvalidHealthNoteError extends DomainError {
  readonly code = 'HEALTH_NOTE.INVALID';
  readonly kind = 'invalid';
}

export class JustificationRequiredError extends DomainError {
  readonly code = 'CHILD_PROTECTION.JUSTIFICATION_REQUIRED';
  readonly kind = 'invalid';
  constructor() {
    super('access under § 8a SGB VIII needs a written justification of at least 20 characters');
  }
}

export class InvalidContactError extends DomainError {
  readonly code = 'CONTACT.INVALID';
  readonly kind = 'invalid';
}

export class ContactNotFoundError extends DomainError {
  readonly code = 'CONTACT.NOT_FOUND';
  readonly kind = 'not_found';
  constructor(readonly contactId: string) {
    super(`no contact ${contactId} on this case`);
  }
}

export class InvalidCorrectionError extends DomainError {
  readonly code = 'CONTACT.INVALID_CORRECTION';
  readonly kind = 'invalid';
}

export class CaseClosedError extends DomainError {
  readonly code = 'CASE.CLOSED';
  readonly kind = 'conflict';
  constructor(readonly caseId: string) {
    super(`case ${caseId} is closed: reopen it first`);
  }
}

/** A lifecycle step that the case's current status does not allow (active → aftercare → closed → reopened). */
export class IllegalTransitionError extends DomainError {
  readonly code = 'CASE.ILLEGAL_TRANSITION';
  readonly kind = 'conflict';
  constructor(
    readonly from: string,
    readonly to: string,
  ) {
    super(`a case that is ${from} cannot be ${to}`);
  }
}

export class InvalidLifecycleStepError extends DomainError {
  readonly code = 'CASE.INVALID_LIFECYCLE_STEP';
  readonly kind = 'invalid';
}
