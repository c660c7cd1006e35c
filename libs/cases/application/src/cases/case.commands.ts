import { Command } from '@nestjs/cqrs';
import {
  type CorrectContact,
  type GrantConsent,
  type ParticipantIdentity,
  type RecordContact,
} from '@fallverbund/cases-domain';
import { type RequestContext } from './request-context';

export class OpenCaseCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly participant: ParticipantIdentity,
    readonly context: RequestContext,
    /** The first contact (intake), an ISO instant; absent: now. */
    readonly firstContactAt?: string,
  ) {
    super();
  }
}

export class AddTeamMemberCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly userId: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export type ConsentTerms = Omit<GrantConsent['data'], 'caseId' | 'consentId'>;

export class GrantConsentCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly caseId: string,
    readonly terms: ConsentTerms,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class WithdrawConsentCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly consentId: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class RecordHealthNoteCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly caseId: string,
    readonly text: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class DeclareChildProtectionAccessCommand extends Command<{ id: string; version: number; expiresAt: string }> {
  constructor(
    readonly caseId: string,
    readonly justification: string,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export type ContactInput = Omit<RecordContact['data'], 'caseId' | 'contactId'>;

export class RecordContactCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly caseId: string,
    readonly contact: ContactInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export type ContactCorrectionInput = Omit<CorrectContact['data'], 'caseId' | 'contactId' | 'correctionId'>;

export class CorrectContactCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly caseId: string,
    readonly contactId: string,
    readonly correction: ContactCorrectionInput,
    readonly context: RequestContext,
  ) {
    super();
  }
}

export class StartAftercareCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly followUps: readonly string[],
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class CloseCaseCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly exitReason: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}

export class ReopenCaseCommand extends Command<{ version: number }> {
  constructor(
    readonly caseId: string,
    readonly reason: string,
    readonly context: RequestContext,
    readonly ifMatch?: number,
  ) {
    super();
  }
}
