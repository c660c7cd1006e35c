import { Command } from '@nestjs/cqrs';
import { type ParticipantIdentity, type GrantConsent } from '@fallverbund/cases-domain';
import { type RequestContext } from './request-context';

export class OpenCaseCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly participant: ParticipantIdentity,
    readonly context: RequestContext,
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
