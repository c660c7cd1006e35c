import { Command } from '@nestjs/cqrs';
import { type AssessProgress } from '@fallverbund/cases-domain';
import { type RequestContext } from '../cases/request-context';

/** Perspective and ratings arrive as given: the decider checks them (`PROGRESS.INVALID`). */
export type Assessment = Omit<AssessProgress['data'], 'caseId' | 'assessmentId'>;

export class AssessProgressCommand extends Command<{ id: string; version: number }> {
  constructor(
    readonly caseId: string,
    readonly assessment: Assessment,
    readonly context: RequestContext,
  ) {
    super();
  }
}
