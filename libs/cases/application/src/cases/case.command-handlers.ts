import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Directory } from '@fallverbund/identity';
import { randomUUID } from 'node:crypto';
import { UnknownTeamMemberError } from './case.errors';
import { assertTeamMember } from './case-access';
import { CaseRepository } from './case-repository';
import { AddTeamMemberCommand, OpenCaseCommand } from './case.commands';
import { commandContext } from './request-context';

@CommandHandler(OpenCaseCommand)
export class OpenCaseHandler implements ICommandHandler<OpenCaseCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ participant, context }: OpenCaseCommand): Promise<{ id: string; version: number }> {
    const caseId = randomUUID();
    const { version } = await this.cases.handle(
      caseId,
      {
        type: 'OpenCase',
        data: { caseId, participantId: randomUUID(), participant },
        metadata: commandContext(context),
      },
      context,
      { expectedVersion: 0 },
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

  async execute({ caseId, userId, context, ifMatch }: AddTeamMemberCommand): Promise<{ version: number }> {
    const user = this.directory.actorFor(userId);
    const { version } = await this.cases.handle(
      caseId,
      {
        type: 'AddTeamMember',
        data: { caseId, member: { userId, agencyId: user?.agencyId ?? '', role: user?.role ?? 'caseworker' } },
        metadata: commandContext(context),
      },
      context,
      {
        ...(ifMatch !== undefined ? { expectedVersion: ifMatch } : {}),
        authorize: (state) => {
          assertTeamMember(state, caseId, context.actor);
          if (!user) throw new UnknownTeamMemberError(userId);
        },
      },
    );
    return { version };
  }
}
