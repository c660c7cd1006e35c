import { Command } from '@nestjs/cqrs';
import { type ParticipantIdentity } from '@fallverbund/cases-domain';
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
