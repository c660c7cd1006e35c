import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { authorizeOnState } from '../cases/case-access';
import { CaseRepository } from '../cases/case-repository';
import { commandContext } from '../cases/request-context';
import { AssessProgressCommand } from './progress.commands';

@CommandHandler(AssessProgressCommand)
export class AssessProgressHandler implements ICommandHandler<AssessProgressCommand> {
  constructor(@Inject(CaseRepository) private readonly cases: CaseRepository) {}

  async execute({ caseId, assessment, context }: AssessProgressCommand): Promise<{ id: string; version: number }> {
    const assessmentId = randomUUID();
    const result = await this.cases.handle(
      caseId,
      { type: 'AssessProgress', data: { caseId, assessmentId, ...assessment }, metadata: commandContext(context) },
      context,
      {
        audit: {
          action: 'assess_progress',
          route: 'POST /api/cases/{id}/progress-assessments',
          category: 'progress',
        },
        authorize: (state) => authorizeOnState(state, caseId, context, 'progress'),
      },
    );
    return { id: assessmentId, version: result.version };
  }
}

export const PROGRESS_COMMAND_HANDLERS = [AssessProgressHandler];
