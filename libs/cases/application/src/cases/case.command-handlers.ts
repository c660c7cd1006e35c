import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { formatLegalBasis, mayDeclareChildProtection, mayOpenCase } from '@fallverbund/access-policy';
import { type ChildProtectionAccessDeclared } from '@fallverbund/cases-domain';
import { Directory } from '@fallverbund/identity';
import { randomUUID } from 'node:crypto';
import { UnknownRecipientError, UnknownTeamMemberError } from './case.errors';
import { AccessDeniedError, authorizeOnState } from './case-access';
import { CaseRepository } from './case-repository';
import {
  AddTeamMemberCommand,
  CloseCaseCommand,
  CorrectContactCommand,
  RecordContactCommand,
  ReopenCaseCommand,
  StartAftercareCommand,
  DeclareChildProtectionAccessCommand,
  GrantConsentCommand,
  OpenCaseCommand,
  RecordHealthNoteCommand,
  WithdrawConsentCommand,
} from './case.commands';
import { authorizeTexts } from './free-text';
import { commandContext } from './request-context';
import { CaseNotFoundError } from '@fallverbund/cases-domain';

const ifMatch = (version: number | undefined) => (version !== undefined ? { expectedVersion: version } : {});

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ participant, context, firstContactAt }: OpenCaseCommand): Promise<{ id: string; version: number }> {
    const caseId = randomUUID();
    const { version } = await this.cases.handle(
      caseId,
      {
        type: 'OpenCase',
        data: {
          caseId,
          participantId: randomUUID(),
          participant,
          ...(firstContactAt !== undefined ? { firstContactAt } : {}),
        },
        metadata: commandContext(context),
      },
      context,
      {
        expectedVersion: 0,
        audit: { action: 'open_case', route: 'POST /api/cases', category: 'identity', legalBasis: 'team' },
        authorize: () => {
          // Data protection officers are refused by the decider, with its own code.
          if (context.actor.role !== 'data_protection_officer' && !mayOpenCase(context.actor, context.purpose)) {
            throw new AccessDeniedError(
              `a ${context.actor.role} of a ${context.actor.agencyType} does not open cases for ${context.purpose}`,
            );
          }
        },
      },
    );
    return { id: caseId, version };
  }
}

@CommandHandler(AddTeamMemberCommand)
export class AddTeamMemberHandler implements ICommandHandler<AddTeamMemberCommand> {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  async execute({ caseId, userId, context, ifMatch: version }: AddTeamMemberCommand): Promise<{ version: number }> {
    const user = this.directory.actorFor(userId);
    const result = await this.cases.handle(
      caseId,
      {
        type: 'AddTeamMember',
        data: { caseId, member: { userId, agencyId: user?.agencyId ?? '', role: user?.role ?? 'caseworker' } },
        metadata: commandContext(context),
      },
      context,
      {
        audit: { action: 'add_team_member', route: 'POST /api/cases/{id}/team-members', category: 'case_admin' },
        ...ifMatch(version),
        authorize: (state) => {
          authorizeOnState(state, caseId, context, 'case_admin', { leadAgencyOnly: true });
          if (!user) throw new UnknownTeamMemberError(userId);
        },
      },
    );
    return { version: result.version };
  }
}

@CommandHandler(GrantConsentCommand)
export class GrantConsentHandler implements ICommandHandler<GrantConsentCommand> {
  constructor(
    @Inject(CaseRepository) private readonly cases: CaseRepository,
    @Inject(Directory) private readonly directory: Directory,
  ) {}

  async execute({
    caseId,
    terms,
    context,
    ifMatch: version,
  }: GrantConsentCommand): Promise<{ id: string; version: number }> {
    const consentId = randomUUID();
    const result = await this.cases.handle(
      caseId,
      { type: 'GrantConsent', data: { caseId, consentId, ...terms }, metadata: commandContext(context) },
      context,
      {
        audit: { action: 'grant_consent', route: 'POST /api/cases/{id}/consents', category: 'case_admin' },
        ...ifMatch(version),
        authorize: (state) => {
          authorizeOnState(state, caseId, context, 'case_admin', { leadAgencyOnly: true });
          const unknown = [
            ...terms.recipientAgencyIds.filter((id) => !this.directory.agency(id)),
            ...terms.recipientUserIds.filter((id) => !this.directory.user(id)),
          ];
          if (unknown.length > 0) throw new UnknownRecipientError(unknown);
        },
      },
    );
    return { id: consentId, version: result.version };
  }
}

@CommandHandler(WithdrawConsentCommand)
export class WithdrawConsentHandler implements ICommandHandler<WithdrawConsentCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({
    caseId,
    consentId,
    context,
    ifMatch: version,
  }: WithdrawConsentCommand): Promise<{ version: number }> {
    const result = await this.cases.handle(
      caseId,
      { type: 'WithdrawConsent', data: { caseId, consentId }, metadata: commandContext(context) },
      context,
      {
        audit: {
          action: 'withdraw_consent',
          route: 'POST /api/cases/{id}/consents/{consentId}/withdrawal',
          category: 'case_admin',
        },
        ...ifMatch(version),
        authorize: (state) => authorizeOnState(state, caseId, context, 'case_admin', { leadAgencyOnly: true }),
      },
    );
    return { version: result.version };
  }
}

@CommandHandler(RecordHealthNoteCommand)
export class RecordHealthNoteHandler implements ICommandHandler<RecordHealthNoteCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, text, context }: RecordHealthNoteCommand): Promise<{ id: string; version: number }> {
    const noteId = randomUUID();
    const result = await this.cases.handle(
      caseId,
      { type: 'RecordHealthNote', data: { caseId, noteId, text }, metadata: commandContext(context) },
      context,
      {
        audit: { action: 'record_health_note', route: 'POST /api/cases/{id}/health-notes', category: 'health' },
        authorize: (state) => authorizeOnState(state, caseId, context, 'health'),
      },
    );
    return { id: noteId, version: result.version };
  }
}

@CommandHandler(DeclareChildProtectionAccessCommand)
export class DeclareChildProtectionAccessHandler implements ICommandHandler<DeclareChildProtectionAccessCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({
    caseId,
    justification,
    context,
  }: DeclareChildProtectionAccessCommand): Promise<{ id: string; version: number; expiresAt: string }> {
    const declarationId = randomUUID();
    const result = await this.cases.handle(
      caseId,
      {
        type: 'DeclareChildProtectionAccess',
        data: { caseId, declarationId, justification },
        metadata: commandContext(context),
      },
      context,
      {
        audit: {
          action: 'declare_child_protection',
          route: 'POST /api/cases/{id}/child-protection-declarations',
          category: 'youth_welfare',
          legalBasis: formatLegalBasis({ kind: 'statute', norm: '§8a SGB VIII', declarationId }),
        },
        authorize: (state) => {
          if (!mayDeclareChildProtection(context.actor, context.purpose)) {
            throw new AccessDeniedError(
              'only a caseworker of a youth office declares child-protection access, with purpose child_protection',
            );
          }
          if (state.status === 'none') throw new CaseNotFoundError(caseId);
        },
      },
    );
    const declared = result.events[0] as ChildProtectionAccessDeclared;
    return { id: declarationId, version: result.version, expiresAt: declared.data.expiresAt };
  }
}

@CommandHandler(RecordContactCommand)
export class RecordContactHandler implements ICommandHandler<RecordContactCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, contact, context }: RecordContactCommand): Promise<{ id: string; version: number }> {
    const contactId = randomUUID();
    const result = await this.cases.handle(
      caseId,
      { type: 'RecordContact', data: { caseId, contactId, ...contact }, metadata: commandContext(context) },
      context,
      {
        audit: { action: 'record_contact', route: 'POST /api/cases/{id}/contacts', category: 'contacts' },
        authorize: (state) => authorizeTexts(state, caseId, context, 'contacts', [contact.summaryCategory]),
      },
    );
    return { id: contactId, version: result.version };
  }
}

@CommandHandler(CorrectContactCommand)
export class CorrectContactHandler implements ICommandHandler<CorrectContactCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({
    caseId,
    contactId,
    correction,
    context,
  }: CorrectContactCommand): Promise<{ id: string; version: number }> {
    const correctionId = randomUUID();
    const result = await this.cases.handle(
      caseId,
      {
        type: 'CorrectContact',
        data: { caseId, contactId, correctionId, ...correction },
        metadata: commandContext(context),
      },
      context,
      {
        audit: {
          action: 'correct_contact',
          route: 'POST /api/cases/{id}/contacts/{contactId}/corrections',
          category: 'contacts',
        },
        authorize: (state) =>
          authorizeTexts(state, caseId, context, 'contacts', [correction.summaryCategory, correction.reasonCategory]),
      },
    );
    return { id: correctionId, version: result.version };
  }
}

@CommandHandler(StartAftercareCommand)
export class StartAftercareHandler implements ICommandHandler<StartAftercareCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, followUps, context, ifMatch: version }: StartAftercareCommand): Promise<{ version: number }> {
    const result = await this.cases.handle(
      caseId,
      { type: 'StartAftercare', data: { caseId, followUps }, metadata: commandContext(context) },
      context,
      {
        audit: { action: 'start_aftercare', route: 'POST /api/cases/{id}/aftercare', category: 'case_admin' },
        ...ifMatch(version),
        authorize: (state) => authorizeOnState(state, caseId, context, 'case_admin', { leadAgencyOnly: true }),
      },
    );
    return { version: result.version };
  }
}

@CommandHandler(CloseCaseCommand)
export class CloseCaseHandler implements ICommandHandler<CloseCaseCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, exitReason, context, ifMatch: version }: CloseCaseCommand): Promise<{ version: number }> {
    const result = await this.cases.handle(
      caseId,
      { type: 'CloseCase', data: { caseId, exitReason }, metadata: commandContext(context) },
      context,
      {
        audit: { action: 'close_case', route: 'POST /api/cases/{id}/closure', category: 'case_admin' },
        ...ifMatch(version),
        authorize: (state) => authorizeOnState(state, caseId, context, 'case_admin', { leadAgencyOnly: true }),
      },
    );
    return { version: result.version };
  }
}

@CommandHandler(ReopenCaseCommand)
export class ReopenCaseHandler implements ICommandHandler<ReopenCaseCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, reason, context, ifMatch: version }: ReopenCaseCommand): Promise<{ version: number }> {
    const result = await this.cases.handle(
      caseId,
      { type: 'ReopenCase', data: { caseId, reason }, metadata: commandContext(context) },
      context,
      {
        audit: { action: 'reopen_case', route: 'POST /api/cases/{id}/reopening', category: 'case_admin' },
        ...ifMatch(version),
        authorize: (state) => authorizeOnState(state, caseId, context, 'case_admin', { leadAgencyOnly: true }),
      },
    );
    return { version: result.version };
  }
}

export const CASE_COMMAND_HANDLERS = [
  OpenCaseHandler,
  AddTeamMemberHandler,
  GrantConsentHandler,
  WithdrawConsentHandler,
  RecordHealthNoteHandler,
  DeclareChildProtectionAccessHandler,
  RecordContactHandler,
  CorrectContactHandler,
  StartAftercareHandler,
  CloseCaseHandler,
  ReopenCaseHandler,
];
